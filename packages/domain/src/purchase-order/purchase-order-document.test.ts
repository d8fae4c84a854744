import { describe, expect, it } from 'vitest';
import { money } from '../money/index.js';
import { orderInput, orderLine, termsVersion } from '../testing/purchase-order.js';
import { thrownBy } from '../testing/thrown-by.js';
import { annexSubjectOf, buildPurchaseOrderDocument } from './purchase-order-document.js';

const terms = { generalTerms: termsVersion('CGA', 2, '2026-07-01'), annexes: [] };

describe('buildPurchaseOrderDocument', () => {
  it('rounds each line to 2 decimals and totals the rounded lines per VAT rate (EN 16931)', () => {
    const document = buildPurchaseOrderDocument(
      orderInput({
        lines: [
          orderLine({ quantity: '3', unitPrice: '0.335' }),
          orderLine({ quantity: '3', unitPrice: '0.335' }),
          orderLine({ quantity: '1', unitPrice: '10.00', vatRate: '5.5' }),
          orderLine({ quantity: '250', unitPrice: '12.34', priceBaseQuantity: '100', vatRate: '5.5' }),
        ],
      }),
      terms,
    );
    expect(document.lines.map((line) => line.netAmount.toDecimalString())).toEqual([
      '1.01',
      '1.01',
      '10.00',
      '30.85',
    ]);
    expect(
      document.vatBreakdown.subtotals.map((s) => [
        s.rate,
        s.taxableAmount.toDecimalString(),
        s.vatAmount.toDecimalString(),
      ]),
    ).toEqual([
      ['20', '2.02', '0.40'],
      ['5.5', '40.85', '2.25'],
    ]);
    expect(document.vatBreakdown.totals.netAmount.toString()).toBe('42.87 EUR');
    expect(document.vatBreakdown.totals.vatAmount.toString()).toBe('2.65 EUR');
    expect(document.vatBreakdown.totals.grossAmount.toString()).toBe('45.52 EUR');
  });

  it('numbers the lines, names their unit in the supplier’s language and keeps the quantity short', () => {
    const input = orderInput({
      lines: [orderLine({ quantity: '2.50', unit: 'HUR' }), orderLine({ unit: 'XBX' })],
    });
    const french = buildPurchaseOrderDocument(input, terms);
    expect(french.lines.map((l) => [l.position, l.quantity, l.unitLabel])).toEqual([
      [1, '2.5', 'heure'],
      [2, '10', 'boîte'],
    ]);
    const english = buildPurchaseOrderDocument(
      { ...input, supplier: { ...input.supplier, language: 'en' } },
      terms,
    );
    expect(english.language).toBe('en');
    expect(english.lines.map((l) => l.unitLabel)).toEqual(['hour', 'box']);
  });

  it('dates the document by the day of issue in Paris', () => {
    const document = buildPurchaseOrderDocument(
      orderInput({ issuedAt: new Date('2026-11-23T23:30:00Z') }),
      terms,
    );
    expect(document.issueDate).toBe('2026-11-24');
  });

  it('keeps the terms versions it is given, for the order to carry them', () => {
    const annex = termsVersion('SECURITY', 1, '2026-01-01');
    const document = buildPurchaseOrderDocument(orderInput(), { ...terms, annexes: [annex] });
    expect(document.terms.generalTerms.version).toBe(2);
    expect(document.terms.annexes).toEqual([annex]);
  });

  it('names every failing field of an order at once', () => {
    const input = orderInput({
      number: 'PO-26-1',
      revision: 0,
      currency: 'EURO',
      deliveryDate: '2026-02-30',
      paymentTerms: { basis: 'invoice_date', days: 90 },
      invoicing: { eInvoicingAddress: '' },
      lines: [orderLine({ quantity: '0', unit: 'BOX', vatCategory: 'S', vatRate: '0', category: '43' })],
    });
    const error = thrownBy(() => buildPurchaseOrderDocument(input, terms));
    expect(error.code).toBe('validation_failed');
    expect((error.details as readonly { field: string }[]).map((issue) => issue.field)).toEqual([
      'number',
      'revision',
      'currency',
      'deliveryDate',
      'paymentTerms.days',
      'invoicing.eInvoicingAddress',
      'lines[0].quantity',
      'lines[0].unit',
      'lines[0].vatRate',
      'lines[0].category',
    ]);
  });

  it('refuses a buyer whose SIRET does not belong to its SIREN, or a wrong VAT number', () => {
    const input = orderInput();
    const error = thrownBy(() =>
      buildPurchaseOrderDocument(
        { ...input, buyer: { ...input.buyer, siret: '44306184100047', vatNumber: 'FR00732829320' } },
        terms,
      ),
    );
    expect(error.details).toEqual([
      { field: 'buyer.vatNumber', reason: expect.any(String) },
      { field: 'buyer.siret', reason: 'must start with the SIREN' },
    ]);
  });

  it('refuses an order without lines', () => {
    expect(thrownBy(() => buildPurchaseOrderDocument(orderInput({ lines: [] }), terms)).details).toEqual([
      { field: 'lines', reason: 'must hold at least one line' },
    ]);
  });

  it('refuses a negative unit price (EN 16931 BR-27)', () => {
    const error = thrownBy(() =>
      buildPurchaseOrderDocument(orderInput({ lines: [orderLine({ unitPrice: '-1' })] }), terms),
    );
    expect(error.details).toEqual([
      { field: 'lines[0].unitPrice', reason: expect.stringContaining('BR-27') },
    ]);
  });

  it('refuses terms that were not in force on the day of issue, and an annex given twice', () => {
    const annex = termsVersion('SECURITY', 1, '2026-01-01');
    const error = thrownBy(() =>
      buildPurchaseOrderDocument(orderInput(), {
        generalTerms: termsVersion('CGA', 3, '2027-01-01'),
        annexes: [annex, annex],
      }),
    );
    expect(error.details).toEqual([
      { field: 'terms.generalTerms.effectiveOn', reason: 'was not in force on 2026-11-23, the day of issue' },
      { field: 'terms.annexes[1].code', reason: 'must be another annex, once' },
    ]);
  });

  it('refuses an annex in place of the general purchasing terms', () => {
    const error = thrownBy(() =>
      buildPurchaseOrderDocument(orderInput(), {
        generalTerms: termsVersion('SECURITY', 1, '2026-01-01'),
        annexes: [],
      }),
    );
    expect(error.details).toEqual([{ field: 'terms.generalTerms.code', reason: 'must be CGA' }]);
  });
});

describe('annexSubjectOf', () => {
  it('gives the rules the supplier’s country, the lines and the net total of the rounded lines', () => {
    const input = orderInput({
      lines: [
        orderLine({ quantity: '3', unitPrice: '0.335' }),
        orderLine({ category: '43211503', flags: ['system_access'] }),
      ],
    });
    const subject = annexSubjectOf(input);
    expect(subject.supplierCountry).toBe('FR');
    expect(subject.netAmount).toEqual(money('50.01', 'EUR'));
    expect(subject.lines.map((line) => line.category)).toEqual(['14111507', '43211503']);
    expect(subject.issuedAt).toBe(input.issuedAt);
  });
});
