import { describe, expect, it } from 'vitest';
import { money } from '../money/index.js';
import {
  type InvoiceLineToMatch,
  type LineMatchInput,
  matchInvoiceLine,
  type OrderLineToMatch,
  type VarianceFinding,
} from './invoice-line-matching.js';
import type { ToleranceRule } from './tolerance.js';

const eur = (amount: string) => money(amount, 'EUR');

/** 100 reams of paper at 4.90 EUR, goods: matched three-way. */
function orderLine(overrides: Partial<OrderLineToMatch> = {}): OrderLineToMatch {
  return {
    id: 'po-1-line-1',
    entityId: 'altiva-fr',
    supplierId: 'bureau-plus',
    categoryId: 'office-supplies',
    status: 'open',
    receiptRequired: true,
    quantity: '100',
    unitCode: 'RM',
    unitPrice: eur('4.90'),
    vatCategory: 'S',
    vatRate: '20',
    ...overrides,
  };
}

/** A service line: a month of maintenance, matched two-way. */
const serviceLine = (overrides: Partial<OrderLineToMatch> = {}) =>
  orderLine({
    receiptRequired: false,
    quantity: '12',
    unitCode: 'MON',
    unitPrice: eur('250.00'),
    ...overrides,
  });

function invoiceLine(overrides: Partial<InvoiceLineToMatch> = {}): InvoiceLineToMatch {
  return {
    documentType: 'invoice',
    supplierId: 'bureau-plus',
    currency: 'EUR',
    quantity: '100',
    unitCode: 'RM',
    unitPrice: eur('4.90'),
    vatCategory: 'S',
    vatRate: '20',
    ...overrides,
  };
}

const received = (quantity: string) => [{ kind: 'receipt' as const, quantity }];

function match(overrides: Partial<LineMatchInput> = {}) {
  return matchInvoiceLine({
    line: invoiceLine(),
    orderLine: orderLine(),
    receipts: received('100'),
    ...overrides,
  });
}

const priceRule = (absolute: string, percent: string, join: 'and' | 'or'): ToleranceRule => ({
  id: 'company-price',
  measure: 'price',
  absolute,
  percent,
  join,
  currency: 'EUR',
});
const quantityRule = (absolute: string, percent: string, join: 'and' | 'or'): ToleranceRule => ({
  id: 'company-quantity',
  measure: 'quantity',
  absolute,
  percent,
  join,
});

describe('matchInvoiceLine: matched', () => {
  it('matches goods invoiced as ordered and received, three-way, and reports the quantities', () => {
    expect(match()).toEqual({
      status: 'matched',
      mode: 'three_way',
      findings: [],
      quantities: { ordered: '100', received: '100', invoiced: '100' },
    });
  });

  it('matches a service two-way, without any receipt', () => {
    const result = matchInvoiceLine({
      line: invoiceLine({ quantity: '3', unitCode: 'MON', unitPrice: eur('250') }),
      orderLine: serviceLine(),
    });
    expect(result).toEqual({
      status: 'matched',
      mode: 'two_way',
      findings: [],
      quantities: { ordered: '12', received: null, invoiced: '3' },
    });
  });

  it('matches a lower price than ordered: the variance is in the company’s favour', () => {
    expect(match({ line: invoiceLine({ unitPrice: eur('4.50') }) }).status).toBe('matched');
  });

  it('matches a partial invoice of 40 when 60 are received', () => {
    expect(match({ line: invoiceLine({ quantity: '40' }), receipts: received('60') }).status).toBe('matched');
  });

  it('compares prices per unit: 490.00 per 100 reams is 4.90 a ream', () => {
    expect(match({ line: invoiceLine({ unitPrice: eur('490.00'), priceBaseQuantity: '100' }) }).status).toBe(
      'matched',
    );
  });

  it('compares VAT rates as numbers: 20.00 is 20', () => {
    expect(match({ line: invoiceLine({ vatRate: '20.00' }) }).status).toBe('matched');
  });

  it('matches a line of a closed order line like an open one', () => {
    expect(match({ orderLine: orderLine({ status: 'closed' }) }).status).toBe('matched');
  });
});

describe('matchInvoiceLine: structure', () => {
  it('reports no_order_line, with no mode and no quantities, when the reference finds nothing', () => {
    expect(match({ orderLine: null })).toEqual({
      status: 'no_order_line',
      mode: null,
      findings: [{ reason: 'no_order_line', expected: null, actual: null }],
      quantities: null,
    });
  });

  it('reports an order of another supplier as supplier_mismatch', () => {
    const result = match({ line: invoiceLine({ supplierId: 'papeterie-durand' }) });
    expect(result.status).toBe('supplier_mismatch');
    expect(result.findings).toEqual([
      { reason: 'supplier_mismatch', expected: 'bureau-plus', actual: 'papeterie-durand' },
    ]);
  });

  it('reports a cancelled order line as order_line_cancelled', () => {
    expect(match({ orderLine: orderLine({ status: 'cancelled' }) }).findings).toEqual([
      { reason: 'order_line_cancelled', expected: 'open', actual: 'cancelled' },
    ]);
  });

  it('reports an invoice in USD against an order in EUR as currency_mismatch, comparing no price', () => {
    const result = match({ line: invoiceLine({ currency: 'USD', unitPrice: money('9.99', 'USD') }) });
    expect(result).toMatchObject({
      status: 'currency_mismatch',
      findings: [{ reason: 'currency_mismatch', expected: 'EUR', actual: 'USD' }],
      quantities: null,
    });
  });

  it('reports a line whose price is in another currency than its invoice as currency_mismatch', () => {
    const result = match({ line: invoiceLine({ unitPrice: money('4.90', 'CHF') }) });
    expect(result.findings).toEqual([{ reason: 'currency_mismatch', expected: 'EUR', actual: 'CHF' }]);
  });

  it('reports boxes invoiced against reams ordered as unit_mismatch, and stops there', () => {
    const result = match({ line: invoiceLine({ unitCode: 'BX', quantity: '500' }) });
    expect(result.findings).toEqual([{ reason: 'unit_mismatch', expected: 'RM', actual: 'BX' }]);
  });

  it('reports every structural difference at once, first one as the status', () => {
    const result = match({
      line: invoiceLine({ supplierId: 'papeterie-durand', unitCode: 'BX' }),
      orderLine: orderLine({ status: 'cancelled' }),
    });
    expect(result.status).toBe('supplier_mismatch');
    expect(result.findings.map((finding) => finding.reason)).toEqual([
      'supplier_mismatch',
      'order_line_cancelled',
      'unit_mismatch',
    ]);
  });
});

describe('matchInvoiceLine: VAT', () => {
  it('reports 10 % invoiced on a 20 % order line as vat_mismatch', () => {
    expect(match({ line: invoiceLine({ vatRate: '10' }) }).findings).toEqual([
      { reason: 'vat_mismatch', expected: 'S 20', actual: 'S 10' },
    ]);
  });

  it('reports an exempt category invoiced on a standard-rated line, even at the same figures', () => {
    const result = match({
      orderLine: orderLine({ vatCategory: 'Z', vatRate: '0' }),
      line: invoiceLine({ vatCategory: 'E', vatRate: '0.00' }),
    });
    expect(result.findings).toEqual([{ reason: 'vat_mismatch', expected: 'Z 0', actual: 'E 0' }]);
  });

  it('keeps checking price and quantity after a VAT mismatch, VAT first', () => {
    const result = match({ line: invoiceLine({ vatRate: '5.5', unitPrice: eur('5.00') }) });
    expect(result.status).toBe('vat_mismatch');
    expect(result.findings.map((finding) => finding.reason)).toEqual(['vat_mismatch', 'price_variance']);
  });
});

describe('matchInvoiceLine: price', () => {
  it('reports 4.95 against 4.90 with no tolerance, with every figure behind the variance', () => {
    const result = match({ line: invoiceLine({ unitPrice: eur('4.95') }) });
    expect(result.status).toBe('price_variance');
    expect(result.findings).toEqual([
      {
        reason: 'price_variance',
        measure: 'unit_price',
        expected: '4.9',
        actual: '4.95',
        difference: '0.05',
        allowed: '0',
        tolerance: { ruleId: null, absolute: '0', percent: '0', join: 'and' },
        impact: eur('5.00'),
      },
    ]);
  });

  it('values the impact on this line’s quantity, rounded half away from zero: 3 × 0.005 = 0.02', () => {
    const result = match({ line: invoiceLine({ quantity: '3', unitPrice: eur('4.905') }) });
    expect((result.findings[0] as VarianceFinding).impact).toEqual(eur('0.02'));
  });

  // Order price 10.00: each tolerance is tested exactly at its limit and one cent over.
  const tenEuroLine = orderLine({ unitPrice: eur('10.00') });
  const atPrice = (price: string, rule: ToleranceRule) =>
    match({ orderLine: tenEuroLine, line: invoiceLine({ unitPrice: eur(price) }), toleranceRules: [rule] })
      .status;

  it('absolute 0.20 (OR 0 %): accepts 10.20, rejects 10.21 as price_variance', () => {
    expect(atPrice('10.20', priceRule('0.20', '0', 'or'))).toBe('matched');
    expect(atPrice('10.21', priceRule('0.20', '0', 'or'))).toBe('price_variance');
  });

  it('is exact when a part is 0 and the join is AND: 0.20 AND 0 % allows nothing', () => {
    expect(atPrice('10.01', priceRule('0.20', '0', 'and'))).toBe('price_variance');
  });

  it('percentage 2 %: accepts 10.20, rejects 10.21 (2.1 % above the order)', () => {
    expect(atPrice('10.20', priceRule('0', '2', 'or'))).toBe('matched');
    expect(atPrice('10.21', priceRule('0', '2', 'or'))).toBe('price_variance');
  });

  it('rejects a price 2.01 % above the order when the tolerance is 2 %', () => {
    expect(
      match({
        orderLine: orderLine({ unitPrice: eur('100.00') }),
        line: invoiceLine({ unitPrice: eur('102.01') }),
        toleranceRules: [priceRule('0', '2', 'or')],
      }).status,
    ).toBe('price_variance');
  });

  it('0.50 AND 2 %: the smaller part, 0.20, decides: accepts 10.20, rejects 10.21', () => {
    expect(atPrice('10.20', priceRule('0.50', '2', 'and'))).toBe('matched');
    expect(atPrice('10.21', priceRule('0.50', '2', 'and'))).toBe('price_variance');
  });

  it('0.50 OR 2 %: the larger part, 0.50, decides: accepts 10.50, rejects 10.51', () => {
    expect(atPrice('10.50', priceRule('0.50', '2', 'or'))).toBe('matched');
    expect(atPrice('10.51', priceRule('0.50', '2', 'or'))).toBe('price_variance');
  });

  it('records the tolerance that applied and what it allowed', () => {
    const result = match({
      orderLine: tenEuroLine,
      line: invoiceLine({ unitPrice: eur('10.51') }),
      toleranceRules: [priceRule('0.50', '2', 'or')],
    });
    expect(result.findings[0]).toMatchObject({
      expected: '10',
      actual: '10.51',
      difference: '0.51',
      allowed: '0.5',
      tolerance: { ruleId: 'company-price', absolute: '0.5', percent: '2', join: 'or' },
    });
  });

  it('uses the supplier’s own rule over the company-wide one', () => {
    const rules: ToleranceRule[] = [
      priceRule('0.50', '0', 'or'),
      { ...priceRule('0', '0', 'or'), id: 'bureau-plus-exact', supplierId: 'bureau-plus' },
    ];
    const result = match({
      orderLine: tenEuroLine,
      line: invoiceLine({ unitPrice: eur('10.10') }),
      toleranceRules: rules,
    });
    expect(result.findings[0]).toMatchObject({
      reason: 'price_variance',
      tolerance: { ruleId: 'bureau-plus-exact' },
    });
  });

  it('divides by the price base quantity to 12 decimals: 10 per 3 against 3.333333333333 per unit matches', () => {
    const result = match({
      orderLine: orderLine({ unitPrice: eur('3.333333333333') }),
      line: invoiceLine({ unitPrice: eur('10'), priceBaseQuantity: '3' }),
    });
    expect(result.status).toBe('matched');
  });
});

describe('matchInvoiceLine: receipts (three-way)', () => {
  it('reports awaiting_receipt when nothing is received yet, with no tolerance', () => {
    const result = match({ receipts: [], toleranceRules: [quantityRule('1000', '0', 'or')] });
    expect(result.status).toBe('awaiting_receipt');
    expect(result.findings).toEqual([
      {
        reason: 'awaiting_receipt',
        measure: 'quantity',
        expected: '0',
        actual: '100',
        difference: '100',
        allowed: '0',
        tolerance: null,
        impact: eur('490.00'),
      },
    ]);
  });

  it('reports awaiting_receipt when everything received was returned', () => {
    const receipts = [
      { kind: 'receipt' as const, quantity: '100' },
      { kind: 'return' as const, quantity: '100' },
    ];
    expect(match({ receipts }).status).toBe('awaiting_receipt');
  });

  it('nets returns: 100 received, 20 returned, 100 invoiced is 20 over the 80 kept', () => {
    const receipts = [
      { kind: 'receipt' as const, quantity: '100' },
      { kind: 'return' as const, quantity: '20' },
    ];
    const result = match({ receipts });
    expect(result.status).toBe('quantity_over_received');
    expect(result.findings[0]).toMatchObject({ expected: '80', actual: '100', difference: '20' });
    expect(result.quantities).toEqual({ ordered: '100', received: '80', invoiced: '100' });
  });

  it('cumulates the invoices of the order line: a second invoice of 50 when 80 are received is 20 over', () => {
    const result = match({
      line: invoiceLine({ quantity: '50' }),
      receipts: received('80'),
      otherInvoiceLines: [{ documentType: 'invoice', quantity: '50' }],
    });
    expect(result.status).toBe('quantity_over_received');
    expect(result.findings).toEqual([
      expect.objectContaining({ expected: '80', actual: '100', difference: '20', impact: eur('98.00') }),
    ]);
  });

  it('subtracts credit notes: two invoices of 50 and a credit note of 20 match 80 received', () => {
    const result = match({
      line: invoiceLine({ quantity: '50' }),
      receipts: received('80'),
      otherInvoiceLines: [
        { documentType: 'invoice', quantity: '50' },
        { documentType: 'credit_note', quantity: '20' },
      ],
    });
    expect(result.status).toBe('matched');
    expect(result.quantities?.invoiced).toBe('80');
  });

  it('counts a negative invoice line as a credit too', () => {
    const result = match({
      line: invoiceLine({ quantity: '50' }),
      receipts: received('80'),
      otherInvoiceLines: [
        { documentType: 'invoice', quantity: '50' },
        { documentType: 'invoice', quantity: '-20' },
      ],
    });
    expect(result.status).toBe('matched');
  });

  it('gives the same answer whatever the order of the other invoices: both of two over-invoices are flagged', () => {
    const first = match({
      line: invoiceLine({ quantity: '60' }),
      otherInvoiceLines: [{ documentType: 'invoice', quantity: '60' }],
    });
    const second = match({
      line: invoiceLine({ quantity: '60' }),
      otherInvoiceLines: [{ documentType: 'invoice', quantity: '60' }],
    });
    expect(first.status).toBe('quantity_over_received');
    expect(second).toEqual(first);
  });

  // 100 received: each quantity tolerance at its limit and one hundredth over (quantities in kg may have decimals).
  const atQuantity = (quantity: string, rule: ToleranceRule) =>
    match({
      orderLine: orderLine({ quantity: '1000' }),
      line: invoiceLine({ quantity }),
      toleranceRules: [rule],
    }).status;

  it('absolute 2 (OR 0 %): accepts 102 invoiced for 100 received, rejects 102.01', () => {
    expect(atQuantity('102', quantityRule('2', '0', 'or'))).toBe('matched');
    expect(atQuantity('102.01', quantityRule('2', '0', 'or'))).toBe('quantity_over_received');
  });

  it('percentage 5 %: accepts 105, rejects 105.01', () => {
    expect(atQuantity('105', quantityRule('0', '5', 'or'))).toBe('matched');
    expect(atQuantity('105.01', quantityRule('0', '5', 'or'))).toBe('quantity_over_received');
  });

  it('2 AND 5 %: accepts 102, rejects 102.01', () => {
    expect(atQuantity('102', quantityRule('2', '5', 'and'))).toBe('matched');
    expect(atQuantity('102.01', quantityRule('2', '5', 'and'))).toBe('quantity_over_received');
  });

  it('2 OR 5 %: accepts 105, rejects 105.01', () => {
    expect(atQuantity('105', quantityRule('2', '5', 'or'))).toBe('matched');
    expect(atQuantity('105.01', quantityRule('2', '5', 'or'))).toBe('quantity_over_received');
  });

  it('also checks the ordered quantity when more was received than ordered', () => {
    const result = match({ line: invoiceLine({ quantity: '110' }), receipts: received('110') });
    expect(result.status).toBe('quantity_over_ordered');
    expect(result.findings[0]).toMatchObject({ expected: '100', actual: '110', difference: '10' });
  });

  it('reports both receipt and order when the invoice exceeds both, receipt first', () => {
    const result = match({ line: invoiceLine({ quantity: '120' }), receipts: received('100') });
    expect(result.findings.map((finding) => finding.reason)).toEqual([
      'quantity_over_received',
      'quantity_over_ordered',
    ]);
  });

  it('reports price before receipt: the receipt may still come, the price needs the buyer', () => {
    const result = match({ line: invoiceLine({ unitPrice: eur('5.00') }), receipts: [] });
    expect(result.status).toBe('price_variance');
    expect(result.findings.map((finding) => finding.reason)).toEqual(['price_variance', 'awaiting_receipt']);
  });
});

describe('matchInvoiceLine: two-way', () => {
  const service = (quantity: string, others: string[] = [], rules: ToleranceRule[] = []) =>
    matchInvoiceLine({
      line: invoiceLine({ quantity, unitCode: 'MON', unitPrice: eur('250') }),
      orderLine: serviceLine(),
      otherInvoiceLines: others.map((other) => ({ documentType: 'invoice' as const, quantity: other })),
      toleranceRules: rules,
    });

  it('ignores receipts: a service matches with none', () => {
    expect(service('12').status).toBe('matched');
  });

  it('reports a thirteenth month on a twelve-month order as quantity_over_ordered', () => {
    const result = service(
      '1',
      Array.from({ length: 12 }, () => '1'),
    );
    expect(result.status).toBe('quantity_over_ordered');
    expect(result.findings).toEqual([
      {
        reason: 'quantity_over_ordered',
        measure: 'quantity',
        expected: '12',
        actual: '13',
        difference: '1',
        allowed: '0',
        tolerance: { ruleId: null, absolute: '0', percent: '0', join: 'and' },
        impact: eur('250.00'),
      },
    ]);
  });

  it('absolute 0.5 month: accepts 12.5, rejects 12.51', () => {
    expect(service('12.5', [], [quantityRule('0.5', '0', 'or')]).status).toBe('matched');
    expect(service('12.51', [], [quantityRule('0.5', '0', 'or')]).status).toBe('quantity_over_ordered');
  });
});

describe('matchInvoiceLine: credit notes', () => {
  const credit = (quantity: string, others: LineMatchInput['otherInvoiceLines']) =>
    match({ line: invoiceLine({ documentType: 'credit_note', quantity }), otherInvoiceLines: others });

  it('matches a credit note for 20 of 100 invoiced', () => {
    const result = credit('20', [{ documentType: 'invoice', quantity: '100' }]);
    expect(result.status).toBe('matched');
    expect(result.quantities?.invoiced).toBe('80');
  });

  it('reports a credit of 30 when only 20 were invoiced as credit_exceeds_invoiced', () => {
    const result = credit('30', [{ documentType: 'invoice', quantity: '20' }]);
    expect(result.findings).toEqual([
      {
        reason: 'credit_exceeds_invoiced',
        measure: 'quantity',
        expected: '20',
        actual: '30',
        difference: '10',
        allowed: '0',
        tolerance: null,
        impact: eur('49.00'),
      },
    ]);
  });

  it('counts earlier credit notes: 20 and then 20 against 30 invoiced exceeds by 10', () => {
    const result = credit('20', [
      { documentType: 'invoice', quantity: '30' },
      { documentType: 'credit_note', quantity: '20' },
    ]);
    expect(result.status).toBe('credit_exceeds_invoiced');
  });

  it('checks no price, receipt or order on a credit: it lowers what is owed', () => {
    const result = match({
      line: invoiceLine({ documentType: 'credit_note', quantity: '10', unitPrice: eur('9.99') }),
      otherInvoiceLines: [{ documentType: 'invoice', quantity: '100' }],
      receipts: [],
    });
    expect(result.status).toBe('matched');
  });

  it('still checks the VAT rate of a credit note', () => {
    const result = match({
      line: invoiceLine({ documentType: 'credit_note', quantity: '10', vatRate: '10' }),
      otherInvoiceLines: [{ documentType: 'invoice', quantity: '100' }],
    });
    expect(result.status).toBe('vat_mismatch');
  });
});
