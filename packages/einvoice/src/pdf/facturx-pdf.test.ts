import { isDomainError } from '@procura/domain';
import { describe, expect, it } from 'vitest';
import { defaultEInvoiceLimits } from '../limits.js';
import { parseEInvoice } from '../parse-einvoice.js';
import { ciiInvoiceXml, pdfWithAttachments } from '../testing/fixtures.js';
import { extractFacturXml, looksLikePdf } from './facturx-pdf.js';

async function refusalCode(action: Promise<unknown>): Promise<string> {
  try {
    await action;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('Factur-X / ZUGFeRD PDF', () => {
  it('reads the invoice from factur-x.xml even when a delivery note is attached before it', async () => {
    const pdf = await pdfWithAttachments([
      { name: 'Bon_de_livraison.pdf', content: '%PDF-1.4 delivery note' },
      { name: 'factur-x.xml', content: ciiInvoiceXml },
    ]);

    const result = await parseEInvoice(pdf);

    expect(result).toMatchObject({
      outcome: 'invoice',
      syntax: 'cii',
      container: 'pdf',
      attachmentName: 'factur-x.xml',
      invoice: { number: 'F-2026-0042', totals: { payableAmount: '389.57' } },
      syntaxViolations: [],
    });
  });

  it.each(['zugferd-invoice.xml', 'xrechnung.xml', 'ZUGFeRD-invoice.xml'])(
    'finds the invoice attached as %s',
    async (name) => {
      const pdf = await pdfWithAttachments([{ name, content: ciiInvoiceXml }]);

      expect(await parseEInvoice(pdf, { contentType: 'application/pdf' })).toMatchObject({
        attachmentName: name,
      });
    },
  );

  it('answers pdf_without_xml for a PDF with no XML attached, naming what is attached', async () => {
    const scanned = await pdfWithAttachments([]);
    const withPhoto = await pdfWithAttachments([{ name: 'photo.pdf', content: 'x' }]);

    expect(await parseEInvoice(scanned)).toEqual({ outcome: 'pdf_without_xml', attachmentNames: [] });
    expect(await parseEInvoice(withPhoto)).toEqual({
      outcome: 'pdf_without_xml',
      attachmentNames: ['photo.pdf'],
    });
  });

  it('refuses a damaged PDF cleanly with einvoice_unreadable_pdf', async () => {
    expect(
      await refusalCode(parseEInvoice(Buffer.from('%PDF-1.4\n%%EOF'), { contentType: 'application/pdf' })),
    ).toBe('einvoice_unreadable_pdf');
    expect(
      await refusalCode(parseEInvoice(Buffer.from('not a pdf'), { contentType: 'application/pdf' })),
    ).toBe('einvoice_unreadable_pdf');
  });

  it('refuses an embedded XML over the size limit, and reads one at the limit', async () => {
    const xmlBytes = Buffer.byteLength(ciiInvoiceXml);
    const pdf = await pdfWithAttachments([{ name: 'factur-x.xml', content: ciiInvoiceXml }]);
    const limits = (maxBytes: number) => ({ ...defaultEInvoiceLimits, maxBytes });

    expect((await extractFacturXml(pdf, limits(Math.max(xmlBytes, pdf.byteLength)))).found).toBe(true);
    expect(await refusalCode(extractFacturXml(pdf, limits(xmlBytes - 1)))).toBe('einvoice_too_large');
  });

  it('refuses an embedded XML with a DOCTYPE like any other XML', async () => {
    const pdf = await pdfWithAttachments([
      {
        name: 'factur-x.xml',
        content: `<!DOCTYPE x [<!ENTITY e SYSTEM "http://example.com/">]>${ciiInvoiceXml.slice(39)}`,
      },
    ]);

    expect(await refusalCode(parseEInvoice(pdf))).toBe('einvoice_doctype_forbidden');
  });

  it('knows a PDF by its %PDF- header within the first 1024 bytes', () => {
    expect(looksLikePdf(Buffer.from('%PDF-1.7'))).toBe(true);
    expect(looksLikePdf(Buffer.concat([Buffer.alloc(100, 32), Buffer.from('%PDF-1.7')]))).toBe(true);
    expect(looksLikePdf(Buffer.from('<?xml version="1.0"?>'))).toBe(false);
  });
});
