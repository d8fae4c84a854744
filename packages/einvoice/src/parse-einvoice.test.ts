import { isDomainError } from '@procura/domain';
import { describe, expect, it } from 'vitest';
import { detectEInvoiceFormat, parseEInvoice, validateParsedEInvoice } from './parse-einvoice.js';
import { ciiInvoiceXml, ublInvoiceXml } from './testing/fixtures.js';

async function refusal(action: Promise<unknown>) {
  try {
    await action;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('detectEInvoiceFormat', () => {
  it.each([
    ['application/xml; charset=utf-8', 'xml'],
    ['text/xml', 'xml'],
    ['application/vnd.oasis.ubl+xml', 'xml'],
    ['application/pdf', 'pdf'],
    ['application/json', 'json'],
  ] as const)('goes by the Content-Type %s', (contentType, format) => {
    expect(detectEInvoiceFormat(Buffer.from('whatever'), contentType)).toBe(format);
  });

  it.each([
    ['%PDF-1.7 ...', 'pdf'],
    ['\uFEFF  <?xml version="1.0"?><r/>', 'xml'],
    ['\n {"kind": "invoice"}', 'json'],
  ] as const)('sniffs the bytes without a known Content-Type: %j', (content, format) => {
    expect(detectEInvoiceFormat(Buffer.from(content), 'application/octet-stream')).toBe(format);
  });

  it('refuses bytes that are neither XML, PDF nor JSON with einvoice_unsupported_syntax', () => {
    expect(() => detectEInvoiceFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toThrow(
      /neither XML, PDF nor JSON/,
    );
  });
});

describe('parseEInvoice', () => {
  it('reads UBL and CII into the same canonical invoice', async () => {
    const ubl = await parseEInvoice(Buffer.from(ublInvoiceXml));
    const cii = await parseEInvoice(Buffer.from(ciiInvoiceXml), { contentType: 'application/xml' });

    expect(ubl).toMatchObject({ outcome: 'invoice', syntax: 'ubl', container: 'xml' });
    expect(cii).toMatchObject({ outcome: 'invoice', syntax: 'cii', container: 'xml' });
    if (ubl.outcome !== 'invoice' || cii.outcome !== 'invoice') throw new Error('not invoices');
    for (const field of ['number', 'issueDate', 'dueDate', 'currency', 'totals', 'vatBreakdown'] as const) {
      expect(cii.invoice[field], field).toEqual(ubl.invoice[field]);
    }
    expect(cii.invoice.lines.map((line) => [line.orderReference, line.netAmount])).toEqual(
      ubl.invoice.lines.map((line) => [line.orderReference, line.netAmount]),
    );
  });

  it('reads keyed-in JSON as the canonical invoice', async () => {
    const json = JSON.stringify({ kind: 'credit_note', seller: {}, buyer: {}, totals: {}, lines: [] });

    expect(await parseEInvoice(Buffer.from(json))).toMatchObject({
      outcome: 'invoice',
      syntax: 'json',
      container: 'json',
      invoice: { kind: 'credit_note' },
    });
  });

  it('refuses a file over the size limit before reading it', async () => {
    const error = await refusal(parseEInvoice(Buffer.from(ublInvoiceXml), { limits: { maxBytes: 1000 } }));

    expect(error.code).toBe('einvoice_too_large');
    expect(error.message).toContain('over the limit of 1000 bytes');
  });

  it('refuses a ZUGFeRD 1.0 invoice as an unsupported syntax, saying so', async () => {
    const zugferd1 =
      '<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"><rsm:HeaderExchangedDocument/></rsm:CrossIndustryDocument>';
    const error = await refusal(parseEInvoice(Buffer.from(zugferd1)));

    expect(error.code).toBe('einvoice_unsupported_syntax');
    expect(error.message).toContain('ZUGFeRD 1.0');
  });

  it('refuses any other XML, naming its root element', async () => {
    const order = '<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>';
    const error = await refusal(parseEInvoice(Buffer.from(order)));

    expect(error.code).toBe('einvoice_unsupported_syntax');
    expect(error.message).toContain(
      '<Order> in namespace urn:oasis:names:specification:ubl:schema:xsd:Order-2',
    );
  });

  it('refuses malformed XML with einvoice_malformed_xml and where it is', async () => {
    const error = await refusal(parseEInvoice(Buffer.from(ublInvoiceXml.replace('</cbc:IssueDate>', ''))));

    expect(error.code).toBe('einvoice_malformed_xml');
    expect(error.message).toMatch(/line \d+, column \d+/);
  });
});

describe('validateParsedEInvoice', () => {
  it('puts the syntax violations before the rules of the model, and refuses on a fatal one', async () => {
    const xml = ciiInvoiceXml.replace('<ram:DuePayableAmount>', '<ram:DuePayableAmount currencyID="EUR">');
    const parsed = await parseEInvoice(Buffer.from(xml));
    if (parsed.outcome !== 'invoice') throw new Error('not an invoice');

    expect(validateParsedEInvoice(parsed)).toMatchObject({
      valid: false,
      violations: [{ ruleId: 'CII-DT-031' }],
    });
  });

  it('accepts an invoice whose only findings are warnings', async () => {
    const xml = ublInvoiceXml.replace(
      '<cbc:Amount currencyID="EUR">15.00</cbc:Amount>',
      '<cbc:Amount currencyID="USD">15.00</cbc:Amount>',
    );
    const parsed = await parseEInvoice(Buffer.from(xml));
    if (parsed.outcome !== 'invoice') throw new Error('not an invoice');

    expect(validateParsedEInvoice(parsed)).toMatchObject({
      valid: true,
      violations: [{ ruleId: 'PEPPOL-EN16931-R051', severity: 'warning' }],
    });
  });
});
