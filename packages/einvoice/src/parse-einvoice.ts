import {
  type Invoice,
  type InvoiceRuleViolation,
  type InvoiceValidation,
  type InvoiceValidationOptions,
  validateInvoice,
} from '@procura/domain';
import { isCiiInvoice, readCiiInvoice, zugferd1Namespace } from './cii/cii-invoice.js';
import { einvoiceError } from './errors.js';
import { parseKeyedInvoiceText } from './json/keyed-invoice.js';
import { type EInvoiceLimits, resolveLimits } from './limits.js';
import { extractFacturXml, looksLikePdf } from './pdf/facturx-pdf.js';
import { isUblInvoice, readUblInvoice, type SyntaxReading } from './ubl/ubl-invoice.js';
import { decodeXml, parseXmlText } from './xml/safe-xml.js';

export type EInvoiceSyntax = 'ubl' | 'cii' | 'json';
/** What the invoice came in: bare XML, a Factur-X / ZUGFeRD PDF, or JSON keyed in by hand. */
export type EInvoiceContainer = 'xml' | 'pdf' | 'json';

export interface ParsedEInvoice {
  readonly outcome: 'invoice';
  readonly invoice: Invoice;
  readonly syntax: EInvoiceSyntax;
  readonly container: EInvoiceContainer;
  /** For a PDF, the attachment the invoice was read from (factur-x.xml, xrechnung.xml...). */
  readonly attachmentName?: string;
  /**
   * Rules of the syntax binding the document breaks, which the canonical model cannot show: a VAT total
   * given twice (BR-CO-15), an amount in another currency (PEPPOL-EN16931-R051, CII-DT-031).
   */
  readonly syntaxViolations: readonly InvoiceRuleViolation[];
}

/** A PDF with no invoice XML inside: a scanned or printed invoice, to be queued for keying. */
export interface PdfWithoutXml {
  readonly outcome: 'pdf_without_xml';
  readonly attachmentNames: readonly string[];
}

export type EInvoiceParseResult = ParsedEInvoice | PdfWithoutXml;

export interface ParseEInvoiceOptions {
  /** The Content-Type the file came with; without a known one, the bytes decide. */
  readonly contentType?: string;
  readonly limits?: Partial<EInvoiceLimits>;
}

export type EInvoiceFormat = 'xml' | 'pdf' | 'json';

const formatsByMediaType: Readonly<Record<string, EInvoiceFormat>> = {
  'application/pdf': 'pdf',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'application/json': 'json',
};

/**
 * The format of a file: its Content-Type when it names one ("application/xml; charset=utf-8",
 * "application/pdf", "application/json", any "+xml" or "+json"), else its first bytes (%PDF-, then
 * "<" or "{" after a byte order mark and white space). Throws `einvoice_unsupported_syntax` otherwise.
 */
export function detectEInvoiceFormat(bytes: Uint8Array, contentType?: string): EInvoiceFormat {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const declared =
    formatsByMediaType[mediaType] ??
    (mediaType.endsWith('+xml') ? 'xml' : mediaType.endsWith('+json') ? 'json' : undefined);
  if (declared !== undefined) return declared;
  if (looksLikePdf(bytes)) return 'pdf';
  const head = new TextDecoder('utf-8')
    .decode(bytes.subarray(0, 256))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('<')) return 'xml';
  if (head.startsWith('{')) return 'json';
  if (bytes[0] === 0xfe || bytes[0] === 0xff) return 'xml';
  throw einvoiceError(
    'einvoice_unsupported_syntax',
    `The file is neither XML, PDF nor JSON${mediaType ? ` (Content-Type ${mediaType})` : ''}`,
  );
}

function describeRoot(namespace: string, name: string): string {
  return namespace === '' ? `<${name}>` : `<${name}> in namespace ${namespace}`;
}

/** Reads an e-invoice XML document: UBL 2.1 Invoice or CreditNote, or UN/CEFACT CII D16B. */
export function parseEInvoiceXml(
  bytes: Uint8Array,
  limits: EInvoiceLimits,
): { readonly syntax: 'ubl' | 'cii' } & SyntaxReading {
  if (bytes.byteLength > limits.maxBytes) {
    throw einvoiceError(
      'einvoice_too_large',
      `The XML is ${bytes.byteLength} bytes, over the limit of ${limits.maxBytes} bytes`,
    );
  }
  const root = parseXmlText(decodeXml(bytes), limits);
  if (isUblInvoice(root)) return { syntax: 'ubl', ...readUblInvoice(root) };
  if (isCiiInvoice(root)) return { syntax: 'cii', ...readCiiInvoice(root) };
  if (root.namespace === zugferd1Namespace) {
    throw einvoiceError(
      'einvoice_unsupported_syntax',
      'The XML is a ZUGFeRD 1.0 invoice (CrossIndustryDocument), a syntax replaced in 2019: ask the supplier for Factur-X / ZUGFeRD 2 or UBL',
    );
  }
  throw einvoiceError(
    'einvoice_unsupported_syntax',
    `The XML root ${describeRoot(root.namespace, root.name)} is not a UBL 2.1 Invoice or CreditNote nor a CII CrossIndustryInvoice`,
  );
}

/**
 * Reads an e-invoice from its bytes into the canonical invoice: UBL 2.1 Invoice and CreditNote, UN/CEFACT
 * CII D16B, a Factur-X / ZUGFeRD / XRechnung PDF (the embedded XML), or keyed-in JSON; the Content-Type
 * or the bytes decide which. A PDF without invoice XML gives `pdf_without_xml`. Every failure is a
 * DomainError with an `einvoice_…` code and a message that names the problem. Nothing is fetched: no
 * network, no DTD, no external entity.
 */
export async function parseEInvoice(
  bytes: Uint8Array,
  options: ParseEInvoiceOptions = {},
): Promise<EInvoiceParseResult> {
  const limits = resolveLimits(options.limits);
  if (bytes.byteLength > limits.maxBytes) {
    throw einvoiceError(
      'einvoice_too_large',
      `The file is ${bytes.byteLength} bytes, over the limit of ${limits.maxBytes} bytes`,
    );
  }
  const format = detectEInvoiceFormat(bytes, options.contentType);
  if (format === 'json') {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw einvoiceError('einvoice_invalid_json', 'The JSON is not valid UTF-8');
    }
    const invoice = parseKeyedInvoiceText(text, limits);
    return { outcome: 'invoice', invoice, syntax: 'json', container: 'json', syntaxViolations: [] };
  }
  if (format === 'xml') {
    const { syntax, invoice, syntaxViolations } = parseEInvoiceXml(bytes, limits);
    return { outcome: 'invoice', invoice, syntax, container: 'xml', syntaxViolations };
  }
  const extraction = await extractFacturXml(bytes, limits);
  if (!extraction.found) return { outcome: 'pdf_without_xml', attachmentNames: extraction.attachmentNames };
  const { syntax, invoice, syntaxViolations } = parseEInvoiceXml(extraction.attachment.content, limits);
  return {
    outcome: 'invoice',
    invoice,
    syntax,
    container: 'pdf',
    attachmentName: extraction.attachment.name,
    syntaxViolations,
  };
}

/**
 * The syntax violations of a parsed e-invoice followed by the EN 16931 and Peppol rules of
 * `validateInvoice`: valid only when none of them is fatal.
 */
export function validateParsedEInvoice(
  parsed: ParsedEInvoice,
  options: InvoiceValidationOptions = {},
): InvoiceValidation {
  const validation = validateInvoice(parsed.invoice, options);
  if (parsed.syntaxViolations.length === 0) return validation;
  const violations = [...parsed.syntaxViolations, ...validation.violations];
  if (validation.valid && parsed.syntaxViolations.every((violation) => violation.severity === 'warning')) {
    return { ...validation, violations };
  }
  return { valid: false, violations };
}
