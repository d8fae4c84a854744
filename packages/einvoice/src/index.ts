// @procura/einvoice: e-invoice formats. Reads UBL 2.1, UN/CEFACT CII, Factur-X / ZUGFeRD PDF and keyed-in
// JSON, safely, into the canonical invoice of @procura/domain.
export { isCiiInvoice, readCiiInvoice } from './cii/cii-invoice.js';
export { type EInvoiceErrorCode, einvoiceError } from './errors.js';
export {
  parseKeyedInvoice,
  parseKeyedInvoiceText,
  type TKeyedInvoice,
  ZKeyedInvoice,
} from './json/keyed-invoice.js';
export { defaultEInvoiceLimits, type EInvoiceLimits, resolveLimits } from './limits.js';
export {
  detectEInvoiceFormat,
  type EInvoiceContainer,
  type EInvoiceFormat,
  type EInvoiceParseResult,
  type EInvoiceSyntax,
  type ParsedEInvoice,
  type ParseEInvoiceOptions,
  type PdfWithoutXml,
  parseEInvoice,
  parseEInvoiceXml,
  validateParsedEInvoice,
} from './parse-einvoice.js';
export {
  extractFacturXml,
  type FacturXExtraction,
  invoiceAttachmentNames,
  looksLikePdf,
  type PdfAttachment,
} from './pdf/facturx-pdf.js';
export { einvoiceSyntaxRules } from './syntax-rules.js';
export { isUblInvoice, readUblInvoice, type SyntaxReading } from './ubl/ubl-invoice.js';
export { parseXmlBytes, parseXmlText } from './xml/safe-xml.js';
export { elementPath, find, findAll, textAt, type XmlElement, type XmlStep } from './xml/xml-element.js';
