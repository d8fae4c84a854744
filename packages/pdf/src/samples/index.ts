// Sample documents to try and measure the PDF with: complete terms and annexes in French and
// English, and a purchase order of any length. The demo company publishes these terms and annexes
// as their version 1 (apps/purchasing's demo data), and the terms preview prints the sample order:
// keep them the one source of these texts. Not for production use.
export { sampleAnnexVersions } from './annexes.js';
export { sampleGeneralTerms } from './general-purchasing-terms.js';
export { samplePurchaseOrder } from './purchase-order.js';
