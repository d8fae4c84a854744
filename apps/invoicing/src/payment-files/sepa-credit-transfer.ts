// The SEPA credit transfer file a payment run hands to the bank: ISO 20022 pain.001.001.09 as the
// EPC's customer-to-bank implementation guidelines restrict it (EPC132-08, 2023 version 1.0).
//
// One payment information block (PmtInf) per payment batch, one transaction (CdtTrfTxInf) per
// supplier payment. The unstructured remittance information (Ustrd, 140 characters) lists the
// supplier's document numbers separated by ", ". When they do not fit, the payment is split into
// several transactions, each settling the documents it names: credit notes go with the largest
// invoices in the first, the remaining invoices fill the next ones, and the transactions take the
// payment's end-to-end id suffixed -1, -2, ... Should that first transaction not come out above
// zero, the payment stays whole and its remittance names what fits followed by "+N" for the
// N documents left out.
//
// Every text is transliterated to SEPA's Latin character set; names are cut to 70 characters;
// identifiers (message, payment information and end-to-end ids) are Procura's own and are refused
// rather than changed when they break the rules (at most 35 characters of the set, no leading or
// trailing "/", no "//"). Amounts are euros with 2 decimals, 0.01 to 999,999,999.99 per transaction.
// The BIC is optional (IBAN only): without one, the debtor agent is "NOTPROVIDED" and the creditor
// agent is left out.
import {
  DomainError,
  decimalPlaces,
  type FieldIssue,
  isCalendarDate,
  isDomainError,
  type Money,
  money,
  type PaymentBatch,
  parseBic,
  parseIban,
  type SupplierPayment,
  sum,
} from '@procura/domain';
import { toSepaText, toSepaTextOfLength } from './sepa-characters.js';
import { renderXmlDocument, type XmlElement, xml } from './xml-writer.js';

export const pain001Namespace = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

/** EPC limits. */
export const sepaLimits = {
  identifier: 35,
  name: 70,
  remittance: 140,
  minimumAmount: '0.01',
  maximumAmount: '999999999.99',
} as const;

export interface SepaAccount {
  readonly name: string;
  readonly iban: string;
  readonly bic?: string | null;
}

/** A document a transfer settles: its number and its signed amount (negative for a credit note). */
export interface SettledDocument {
  readonly documentNumber: string;
  readonly amount: Money;
}

export interface SepaPayment {
  /** Procura's id for the payment, returned by the bank in its reports. */
  readonly endToEndId: string;
  readonly creditor: SepaAccount;
  /** What the payment settles; its amount is their sum, which must be above zero. */
  readonly documents: readonly SettledDocument[];
}

export interface SepaPaymentInstruction {
  readonly paymentInformationId: string;
  /** The day the bank should execute the transfers, YYYY-MM-DD. */
  readonly requestedExecutionDate: string;
  readonly debtor: SepaAccount;
  readonly payments: readonly SepaPayment[];
}

export interface SepaCreditTransferInput {
  /** Unique per file and debtor: banks refuse a message id they have seen. */
  readonly messageId: string;
  readonly createdAt: Date;
  readonly initiatingPartyName: string;
  readonly instructions: readonly SepaPaymentInstruction[];
}

/** One transaction as written: what the file says, for the caller to record. */
export interface SepaTransaction {
  readonly endToEndId: string;
  readonly amount: Money;
  readonly remittanceInformation: string;
  readonly documentNumbers: readonly string[];
}

export interface SepaCreditTransferFile {
  readonly xml: string;
  readonly numberOfTransactions: number;
  readonly controlSum: Money;
  /** Per instruction, in order, its transactions in order. */
  readonly transactions: readonly (readonly SepaTransaction[])[];
}

const identifierPattern = /^[A-Za-z0-9/\-?:().,'+ ]+$/;

function identifierIssue(value: string, field: string): FieldIssue | undefined {
  if (value.length === 0 || value.length > sepaLimits.identifier)
    return { field, reason: `must have 1 to ${sepaLimits.identifier} characters` };
  if (!identifierPattern.test(value))
    return { field, reason: "must use only A-Z a-z 0-9 / - ? : ( ) . , ' + and space" };
  if (value.startsWith('/') || value.endsWith('/') || value.includes('//'))
    return { field, reason: 'must not start or end with "/" nor contain "//"' };
  if (value.trim() !== value) return { field, reason: 'must not start or end with a space' };
  return undefined;
}

const separator = ', ';

/** The remittance text naming `numbers`, or undefined when it exceeds 140 characters. */
function remittanceOf(numbers: readonly string[]): string | undefined {
  const text = numbers.join(separator);
  return text.length <= sepaLimits.remittance ? text : undefined;
}

/** A settled document with its number already in SEPA characters. */
interface RemittedDocument {
  readonly number: string;
  readonly amount: Money;
}

/** One transaction of a payment: the documents it settles and the remittance text naming them. */
interface Chunk {
  readonly documents: readonly RemittedDocument[];
  readonly remittance: string;
}

/** The transactions one payment becomes; see the module comment. */
function splitPayment(documents: readonly RemittedDocument[]): Chunk[] {
  const numbersOf = (group: readonly RemittedDocument[]) => group.map((document) => document.number);
  const whole = remittanceOf(numbersOf(documents));
  if (whole !== undefined) return [{ documents, remittance: whole }];

  const credits = documents.filter((document) => document.amount.isNegative());
  const invoices = documents
    .filter((document) => !document.amount.isNegative())
    .toSorted((a, b) => b.amount.compare(a.amount));
  const groups: RemittedDocument[][] = [];
  let current = [...credits];
  let splittable = remittanceOf(numbersOf(credits)) !== undefined;
  for (const invoice of invoices) {
    if (!splittable) break;
    if (remittanceOf([invoice.number]) === undefined) {
      splittable = false;
      break;
    }
    const candidate = [...current, invoice];
    if (remittanceOf(numbersOf(candidate)) !== undefined) current = candidate;
    else {
      groups.push(current);
      current = [invoice];
    }
  }
  groups.push(current);
  const firstTotal = sum(
    (groups[0] ?? []).map((document) => document.amount),
    'EUR',
  );
  if (splittable && !firstTotal.isNegative() && !firstTotal.isZero())
    return groups.map((group) => {
      // Within a transaction, the documents keep the payment's order.
      const ordered = documents.filter((document) => group.includes(document));
      return { documents: ordered, remittance: numbersOf(ordered).join(separator) };
    });

  // One transaction naming the documents that fit, then "+N" for the others.
  const listed: string[] = [];
  for (const [index, document] of documents.entries()) {
    const left = documents.length - index - 1;
    if (remittanceOf([...listed, document.number, ...(left > 0 ? [`+${left}`] : [])]) === undefined) break;
    listed.push(document.number);
  }
  return [{ documents, remittance: [...listed, `+${documents.length - listed.length}`].join(separator) }];
}

const formatAmount = (amount: Money) => amount.toDecimalString(2);

/** "2026-03-31T08:15:00Z": the creation time in UTC, to the second. */
function isoDateTime(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}

function agent(bic: string | null | undefined, required: boolean): XmlElement | undefined {
  if (bic) return xml('FinInstnId', [xml('BICFI', bic)]);
  return required ? xml('FinInstnId', [xml('Othr', [xml('Id', 'NOTPROVIDED')])]) : undefined;
}

interface CheckedAccount {
  readonly name: string;
  readonly iban: string;
  readonly bic: string | null;
}

/**
 * Writes a pain.001.001.09 SEPA credit transfer file. Throws DomainError `payment_file_invalid`
 * listing every problem (field and reason) when the input cannot make a valid file; nothing is
 * written then.
 */
export function writeSepaCreditTransfer(input: SepaCreditTransferInput): SepaCreditTransferFile {
  const issues: FieldIssue[] = [];
  const check = (issue: FieldIssue | undefined) => {
    if (issue) issues.push(issue);
  };
  const account = (value: SepaAccount, field: string): CheckedAccount => {
    const name = toSepaTextOfLength(value.name, sepaLimits.name);
    if (name === '')
      issues.push({ field: `${field}.name`, reason: 'is empty once written in SEPA characters' });
    let iban = value.iban;
    let bic: string | null = null;
    try {
      iban = parseIban(value.iban, `${field}.iban`);
    } catch (error) {
      issues.push(...fieldIssuesOf(error));
    }
    try {
      bic = value.bic ? parseBic(value.bic, `${field}.bic`) : null;
    } catch (error) {
      issues.push(...fieldIssuesOf(error));
    }
    return { name, iban, bic };
  };

  check(identifierIssue(input.messageId, 'messageId'));
  if (Number.isNaN(input.createdAt.getTime()))
    issues.push({ field: 'createdAt', reason: 'is not a valid instant' });
  const initiatingPartyName = toSepaTextOfLength(input.initiatingPartyName, sepaLimits.name);
  if (initiatingPartyName === '')
    issues.push({ field: 'initiatingPartyName', reason: 'is empty once written in SEPA characters' });
  if (input.instructions.length === 0) issues.push({ field: 'instructions', reason: 'must not be empty' });

  const endToEndIds = new Set<string>();
  const instructions = input.instructions.map((instruction, i) => {
    const field = `instructions[${i}]`;
    check(identifierIssue(instruction.paymentInformationId, `${field}.paymentInformationId`));
    if (!isCalendarDate(instruction.requestedExecutionDate))
      issues.push({ field: `${field}.requestedExecutionDate`, reason: 'must be a date YYYY-MM-DD' });
    const debtor = account(instruction.debtor, `${field}.debtor`);
    if (instruction.payments.length === 0)
      issues.push({ field: `${field}.payments`, reason: 'must not be empty' });
    const transactions = instruction.payments.flatMap((payment, p) => {
      const paymentField = `${field}.payments[${p}]`;
      check(identifierIssue(payment.endToEndId, `${paymentField}.endToEndId`));
      const creditor = account(payment.creditor, `${paymentField}.creditor`);
      const foreign = payment.documents.find((document) => document.amount.currency !== 'EUR');
      if (foreign) {
        issues.push({
          field: `${paymentField}.documents`,
          reason: `SEPA pays euros only, not ${foreign.amount.currency}`,
        });
        return [];
      }
      if (payment.documents.length === 0) {
        issues.push({ field: `${paymentField}.documents`, reason: 'must not be empty' });
        return [];
      }
      const documents = payment.documents.map((document, d) => {
        const number = toSepaText(document.documentNumber);
        if (number === '')
          issues.push({
            field: `${paymentField}.documents[${d}].documentNumber`,
            reason: 'is empty once written in SEPA characters',
          });
        return { number, amount: document.amount };
      });
      const chunks = splitPayment(documents);
      // The longest suffix decides whether every split id stays within 35 characters.
      if (chunks.length > 1)
        check(identifierIssue(`${payment.endToEndId}-${chunks.length}`, `${paymentField}.endToEndId`));
      return chunks.map((chunk, c) => {
        const endToEndId = chunks.length === 1 ? payment.endToEndId : `${payment.endToEndId}-${c + 1}`;
        if (endToEndIds.has(endToEndId))
          issues.push({
            field: `${paymentField}.endToEndId`,
            reason: `"${endToEndId}" is used twice in the file`,
          });
        endToEndIds.add(endToEndId);
        const amount = sum(
          chunk.documents.map((document) => document.amount),
          'EUR',
        );
        if (
          amount.compare(money(sepaLimits.minimumAmount, 'EUR')) < 0 ||
          amount.compare(money(sepaLimits.maximumAmount, 'EUR')) > 0
        )
          issues.push({
            field: `${paymentField}.documents`,
            reason: `add up to ${amount.toDecimalString()}, outside ${sepaLimits.minimumAmount} to ${sepaLimits.maximumAmount} EUR`,
          });
        if (decimalPlaces(amount.amount) > 2)
          issues.push({
            field: `${paymentField}.documents`,
            reason: `add up to ${amount.toDecimalString()}, not whole cents`,
          });
        const transaction: SepaTransaction = {
          endToEndId,
          amount,
          remittanceInformation: chunk.remittance,
          documentNumbers: chunk.documents.map((document) => document.number),
        };
        return { transaction, creditor };
      });
    });
    return { instruction, debtor, transactions };
  });

  if (issues.length > 0)
    throw new DomainError(
      'payment_file_invalid',
      `The SEPA credit transfer file cannot be written: ${issues.map((issue) => `${issue.field} ${issue.reason}`).join('; ')}`,
      issues,
    );

  const allTransactions = instructions.flatMap(({ transactions }) =>
    transactions.map(({ transaction }) => transaction),
  );
  const controlSum = sum(
    allTransactions.map((transaction) => transaction.amount),
    'EUR',
  );
  const document = xml(
    'Document',
    [
      xml('CstmrCdtTrfInitn', [
        xml('GrpHdr', [
          xml('MsgId', input.messageId),
          xml('CreDtTm', isoDateTime(input.createdAt)),
          xml('NbOfTxs', String(allTransactions.length)),
          xml('CtrlSum', formatAmount(controlSum)),
          xml('InitgPty', [xml('Nm', initiatingPartyName)]),
        ]),
        ...instructions.map(({ instruction, debtor, transactions }) =>
          xml('PmtInf', [
            xml('PmtInfId', instruction.paymentInformationId),
            xml('PmtMtd', 'TRF'),
            xml('NbOfTxs', String(transactions.length)),
            xml(
              'CtrlSum',
              formatAmount(
                sum(
                  transactions.map(({ transaction }) => transaction.amount),
                  'EUR',
                ),
              ),
            ),
            xml('PmtTpInf', [xml('SvcLvl', [xml('Cd', 'SEPA')])]),
            xml('ReqdExctnDt', [xml('Dt', instruction.requestedExecutionDate)]),
            xml('Dbtr', [xml('Nm', debtor.name)]),
            xml('DbtrAcct', [xml('Id', [xml('IBAN', debtor.iban)])]),
            xml('DbtrAgt', [agent(debtor.bic, true)]),
            xml('ChrgBr', 'SLEV'),
            ...transactions.map(({ transaction, creditor }) =>
              xml('CdtTrfTxInf', [
                xml('PmtId', [xml('EndToEndId', transaction.endToEndId)]),
                xml('Amt', [xml('InstdAmt', formatAmount(transaction.amount), { Ccy: 'EUR' })]),
                creditor.bic ? xml('CdtrAgt', [agent(creditor.bic, false)]) : undefined,
                xml('Cdtr', [xml('Nm', creditor.name)]),
                xml('CdtrAcct', [xml('Id', [xml('IBAN', creditor.iban)])]),
                xml('RmtInf', [xml('Ustrd', transaction.remittanceInformation)]),
              ]),
            ),
          ]),
        ),
      ]),
    ],
    { xmlns: pain001Namespace },
  );

  return {
    xml: renderXmlDocument(document),
    numberOfTransactions: allTransactions.length,
    controlSum,
    transactions: instructions.map(({ transactions }) => transactions.map(({ transaction }) => transaction)),
  };
}

export interface BatchInstructionOptions {
  readonly paymentInformationId: string;
  readonly requestedExecutionDate: string;
  /** The company's account the batch is paid from (the batch's debtor account). */
  readonly debtor: SepaAccount;
  /** Procura's id for each payment of the batch, in the batch's order. */
  readonly endToEndIdOf: (payment: SupplierPayment, index: number) => string;
}

/** The payment instruction for one batch of a payment run (see `selectPaymentRun`). */
export function sepaInstructionFromBatch(
  batch: PaymentBatch,
  options: BatchInstructionOptions,
): SepaPaymentInstruction {
  return {
    paymentInformationId: options.paymentInformationId,
    requestedExecutionDate: options.requestedExecutionDate,
    debtor: options.debtor,
    payments: batch.payments.map((payment, index) => ({
      endToEndId: options.endToEndIdOf(payment, index),
      creditor: {
        name: payment.creditor.accountHolder,
        iban: payment.creditor.iban,
        bic: payment.creditor.bic,
      },
      documents: payment.documents.map((document) => ({
        documentNumber: document.documentNumber,
        amount: document.amount,
      })),
    })),
  };
}

/** The field issues a domain validation threw; anything else is not ours to catch. */
function fieldIssuesOf(error: unknown): readonly FieldIssue[] {
  if (isDomainError(error) && Array.isArray(error.details)) return error.details;
  throw error;
}
