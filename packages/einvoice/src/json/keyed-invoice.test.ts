import { type DomainError, isDomainError, validateInvoice } from '@procura/domain';
import { describe, expect, it } from 'vitest';
import { defaultEInvoiceLimits } from '../limits.js';
import { parseKeyedInvoice, parseKeyedInvoiceText, type TKeyedInvoice } from './keyed-invoice.js';

function refusal(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** A scanned invoice typed in by accounts payable: one line, 20 % VAT. */
const keyedIn: TKeyedInvoice = {
  kind: 'invoice',
  specificationId: 'urn:cen.eu:en16931:2017',
  number: 'A-7731',
  issueDate: '2026-02-03',
  typeCode: '380',
  currency: 'EUR',
  dueDate: '2026-03-05',
  purchaseOrderReference: 'PO-2026-000140',
  seller: {
    name: 'Nettoyage Dupont SARL',
    legalRegistration: { id: '732829320', scheme: '0002' },
    postalAddress: { countryCode: 'FR' },
  },
  buyer: { name: 'Procura Démo SA', postalAddress: { countryCode: 'FR' } },
  vatBreakdown: [{ category: 'S', rate: '20', taxableAmount: '450.00', taxAmount: '90.00' }],
  totals: {
    lineNetTotal: '450.00',
    taxExclusiveTotal: '450.00',
    vatTotal: '90.00',
    taxInclusiveTotal: '540.00',
    payableAmount: '540.00',
  },
  lines: [
    {
      id: '1',
      orderLineId: '1',
      quantity: '3',
      unitCode: 'DAY',
      netPrice: '150.00',
      netAmount: '450.00',
      vatCategory: 'S',
      vatRate: '20',
      itemName: 'Nettoyage des bureaux',
    },
  ],
};

describe('parseKeyedInvoice', () => {
  it('reads a keyed-in invoice into the canonical model, amounts as exact decimals, lists defaulted', () => {
    const invoice = parseKeyedInvoice(keyedIn);

    expect(invoice).toMatchObject({
      kind: 'invoice',
      number: 'A-7731',
      totals: { payableAmount: '540', vatTotal: '90' },
      precedingInvoices: [],
      paymentMeans: [],
      seller: { identifiers: [] },
    });
    expect(invoice.lines[0]).toMatchObject({ quantity: '3', netPrice: '150', allowances: [], charges: [] });
    expect(validateInvoice(invoice).violations).toEqual([]);
  });

  it('refuses an amount given as a JSON number, so that no binary float becomes an amount', () => {
    const error = refusal(() =>
      parseKeyedInvoice({ ...keyedIn, totals: { ...keyedIn.totals, payableAmount: 540.1 } }),
    );

    expect(error.code).toBe('einvoice_invalid_json');
    expect(error.details).toEqual([
      { field: 'totals.payableAmount', reason: expect.stringContaining('string') },
    ]);
  });

  it('names every field at fault: a decimal with an exponent, a date that is not one, an unknown field', () => {
    const error = refusal(() =>
      parseKeyedInvoice({
        ...keyedIn,
        issueDate: '2026-02-30',
        lines: [{ ...keyedIn.lines[0], quantity: '3e0' }],
        colour: 'blue',
      }),
    );

    expect(error.details).toEqual(
      expect.arrayContaining([
        { field: 'issueDate', reason: expect.stringContaining('date') },
        { field: 'lines.0.quantity', reason: expect.stringContaining('plain decimal') },
        { field: '(root)', reason: expect.stringContaining('colour') },
      ]),
    );
  });

  it('leaves mandatory EN 16931 terms to validateInvoice, which names them by rule id', () => {
    const { number: _number, ...withoutNumber } = keyedIn;
    const invoice = parseKeyedInvoice(withoutNumber);

    expect(validateInvoice(invoice).violations.map((violation) => violation.ruleId)).toEqual(['BR-02']);
  });
});

describe('parseKeyedInvoiceText', () => {
  it('refuses text that is not JSON with einvoice_invalid_json', () => {
    expect(refusal(() => parseKeyedInvoiceText('{"kind": ', defaultEInvoiceLimits)).code).toBe(
      'einvoice_invalid_json',
    );
  });

  it('refuses JSON nested deeper than the limit before parsing it, brackets inside strings not counted', () => {
    const limits = { ...defaultEInvoiceLimits, maxDepth: 5 };

    expect(refusal(() => parseKeyedInvoiceText(`${'['.repeat(6)}${']'.repeat(6)}`, limits)).code).toBe(
      'einvoice_too_deep',
    );
    expect(refusal(() => parseKeyedInvoiceText('{"number": "[[[[[[[[[["}', limits)).code).toBe(
      'einvoice_invalid_json',
    );
  });
});
