// Finds the invoice XML embedded in a Factur-X / ZUGFeRD PDF (PDF/A-3 with the XML as an associated
// file in the EmbeddedFiles name tree), with PDF.js: no eval, no fonts, no network, only the attachments.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { einvoiceError } from '../errors.js';
import type { EInvoiceLimits } from '../limits.js';

/**
 * Attachment names that carry the invoice, by priority: Factur-X and ZUGFeRD 2.1+ (factur-x.xml),
 * ZUGFeRD 2.0 (zugferd-invoice.xml), XRechnung in a PDF (xrechnung.xml), ZUGFeRD 1.0 (ZUGFeRD-invoice.xml,
 * the same name as 2.0 but another case). Matched without regard to case.
 */
export const invoiceAttachmentNames = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'] as const;

export interface PdfAttachment {
  readonly name: string;
  readonly content: Uint8Array;
}

export type FacturXExtraction =
  | { readonly found: true; readonly attachment: PdfAttachment; readonly attachmentNames: readonly string[] }
  | { readonly found: false; readonly attachmentNames: readonly string[] };

/** True when the bytes start a PDF ("%PDF-" within the first 1024 bytes, as readers allow). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

interface PdfJsAttachment {
  readonly filename: string;
  readonly content: Uint8Array;
}

async function readAttachments(pdf: Uint8Array): Promise<PdfAttachment[]> {
  const loading = getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    disableAutoFetch: true,
    disableStream: true,
    verbosity: 0,
  });
  try {
    const document = await loading.promise;
    const attachments = ((await document.getAttachments()) ?? {}) as Record<string, PdfJsAttachment>;
    return Object.values(attachments).map(({ filename, content }) => ({ name: filename, content }));
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const reason =
      name === 'PasswordException'
        ? 'it is encrypted'
        : `it is damaged (${error instanceof Error ? error.message : String(error)})`;
    throw einvoiceError('einvoice_unreadable_pdf', `The PDF cannot be read: ${reason}`);
  } finally {
    await loading.destroy();
  }
}

/**
 * The invoice XML of a Factur-X / ZUGFeRD / XRechnung PDF, chosen by attachment name (so a delivery note
 * attached before it is not taken for it), or else the only XML attachment. `found: false` when the PDF
 * carries no XML: a scanned or printed invoice, for a person to key in. Throws `einvoice_unreadable_pdf`
 * for a PDF that cannot be read and `einvoice_too_large` for an attachment over `limits.maxBytes`.
 */
export async function extractFacturXml(pdf: Uint8Array, limits: EInvoiceLimits): Promise<FacturXExtraction> {
  if (!looksLikePdf(pdf))
    throw einvoiceError('einvoice_unreadable_pdf', 'The file is not a PDF: it has no %PDF- header');
  const attachments = await readAttachments(pdf);
  const attachmentNames = attachments.map((attachment) => attachment.name);
  const byName = (wanted: string) =>
    attachments.find((attachment) => attachment.name.toLowerCase() === wanted);
  const xmlAttachments = attachments.filter((attachment) => attachment.name.toLowerCase().endsWith('.xml'));
  const attachment =
    invoiceAttachmentNames.map(byName).find((found) => found !== undefined) ??
    (xmlAttachments.length === 1 ? xmlAttachments[0] : undefined);
  if (attachment === undefined) return { found: false, attachmentNames };
  if (attachment.content.byteLength > limits.maxBytes) {
    throw einvoiceError(
      'einvoice_too_large',
      `The attachment ${attachment.name} is ${attachment.content.byteLength} bytes, over the limit of ${limits.maxBytes} bytes`,
    );
  }
  return { found: true, attachment, attachmentNames };
}
