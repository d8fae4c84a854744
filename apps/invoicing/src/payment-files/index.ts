export {
  buildJournalEntries,
  type ExpenseLine,
  type InvoiceToPost,
  type JournalLine,
  type JournalOptions,
  journalCsvColumns,
  type VatLine,
  writeJournalCsv,
} from './accounting-export.js';
export { isSepaText, toSepaText, toSepaTextOfLength } from './sepa-characters.js';
export {
  type BatchInstructionOptions,
  pain001Namespace,
  type SepaAccount,
  type SepaCreditTransferFile,
  type SepaCreditTransferInput,
  type SepaPayment,
  type SepaPaymentInstruction,
  type SepaTransaction,
  type SettledDocument,
  sepaInstructionFromBatch,
  sepaLimits,
  writeSepaCreditTransfer,
} from './sepa-credit-transfer.js';
