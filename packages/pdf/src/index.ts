// @procura/pdf: the documents Procura prints, rendered with pdfkit and embedded fonts.
export { documentFontFiles } from './fonts.js';
export { formatAmount, formatAmountWithCurrency, formatDate, formatNumber, formatPercent } from './format.js';
export { type PurchaseOrderLabels, purchaseOrderLabels } from './labels.js';
export {
  checkTermsFitBackPage,
  pdfSha256,
  renderPurchaseOrderPdf,
  termsTypeSizes,
} from './purchase-order-pdf.js';
