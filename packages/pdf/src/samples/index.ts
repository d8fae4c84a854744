// Sample documents to try and measure the PDF with: complete terms and annexes in French and
// English, and a purchase order of any length. Not for production use.
export { sampleAnnexVersions } from './annexes.js';
export { sampleGeneralTerms } from './general-purchasing-terms.js';
export { samplePurchaseOrder } from './purchase-order.js';
