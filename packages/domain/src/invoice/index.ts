export {
  identifySupplier,
  type KnownSupplierIdentifiers,
  type SupplierIdentification,
  type SupplierIdentificationKey,
  supplierIdentificationKeys,
} from './identify-supplier.js';
export {
  creditNoteTypeCodes,
  type DecimalString,
  documentKindOfTypeCode,
  type ElectronicAddress,
  emptyInvoice,
  type Invoice,
  type InvoiceAllowanceCharge,
  type InvoiceContact,
  type InvoiceCreditTransfer,
  type InvoiceDocumentKind,
  type InvoiceLine,
  type InvoiceParty,
  type InvoicePayee,
  type InvoicePaymentMeans,
  type InvoicePostalAddress,
  type InvoiceTotals,
  type InvoiceVatBreakdown,
  type PrecedingInvoiceReference,
  type SchemedIdentifier,
  toDecimalString,
} from './invoice.js';
export { type InvoicePartyKeys, invoicePartyKeys } from './invoice-party.js';
export { invoiceRules, vatCategoryRulePrefix } from './invoice-rules.js';
export {
  type InvoiceRuleSeverity,
  type InvoiceRuleViolation,
  type InvoiceValidation,
  type InvoiceValidationOptions,
  isPeppolInvoice,
  type ValidInvoice,
  type ValidInvoiceLine,
  type ValidInvoiceTotals,
  validateInvoice,
} from './validate-invoice.js';
