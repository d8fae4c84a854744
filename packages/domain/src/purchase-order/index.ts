export {
  type AnnexCondition,
  type AnnexRule,
  type AnnexRuleSet,
  type AnnexSubject,
  annexRuleIssues,
  isPurchaseOrderLineFlag,
  type PurchaseOrderLineFlag,
  purchaseOrderLineFlags,
  type SelectedAnnex,
  selectAnnexes,
  standardAnnexRules,
} from './annex-rule.js';
export {
  describePaymentTerms,
  frenchMaximumPaymentDays,
  type PaymentTerms,
  paymentTermsIssues,
} from './payment-terms.js';
export {
  type Addressee,
  annexSubjectOf,
  type BuyerContact,
  type BuyingEntity,
  buildPurchaseOrderDocument,
  type InvoicingInstructions,
  type PostalAddress,
  type PurchaseOrderDocument,
  type PurchaseOrderDocumentLine,
  type PurchaseOrderInput,
  type PurchaseOrderLineInput,
  type PurchaseOrderTerms,
  type SupplierParty,
} from './purchase-order-document.js';
export {
  formatPurchaseOrderNumber,
  type PurchaseOrderNumberParts,
  parsePurchaseOrderNumber,
  purchaseOrderYear,
} from './purchase-order-number.js';
export {
  assertTermsVersionPublishable,
  type DocumentLanguage,
  documentLanguages,
  generalPurchasingTermsCode,
  isDocumentLanguage,
  type TermsVersion,
  type Translated,
  termsInForce,
  termsVersionIssues,
} from './terms-document.js';
