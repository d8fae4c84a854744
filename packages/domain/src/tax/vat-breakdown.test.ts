import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineNetAmount, sumRoundedLines } from '../money/line-amount.js';
import { money } from '../money/money.js';
import { thrownBy } from '../testing/thrown-by.js';
import { computeVatBreakdown, type VatBreakdown, type VatLine } from './vat-breakdown.js';
import type { VatCategoryCode } from './vat-category.js';
import { parseVatRate } from './vat-rate.js';

const line = (netAmount: string, category: VatCategoryCode, rate: string): VatLine => ({
  netAmount: money(netAmount, 'EUR'),
  category,
  rate: parseVatRate(rate),
});

/** The breakdown as plain strings, easy to compare. */
const summary = (breakdown: VatBreakdown) => ({
  subtotals: breakdown.subtotals.map(({ category, rate, taxableAmount, vatAmount }) => [
    category,
    rate,
    taxableAmount.toDecimalString(),
    vatAmount.toDecimalString(),
  ]),
  totals: [
    breakdown.totals.netAmount.toDecimalString(),
    breakdown.totals.vatAmount.toDecimalString(),
    breakdown.totals.grossAmount.toDecimalString(),
  ],
});

describe('computeVatBreakdown', () => {
  it('groups by category and rate, lists S first with the highest rate first, and totals', () => {
    const breakdown = computeVatBreakdown(
      [
        line('50.00', 'E', '0'),
        line('10.00', 'S', '5.5'),
        line('100.00', 'S', '20'),
        line('30.00', 'Z', '0'),
        line('20.00', 'S', '20'),
      ],
      'EUR',
    );

    expect(summary(breakdown)).toEqual({
      subtotals: [
        ['S', '20', '120.00', '24.00'],
        ['S', '5.5', '10.00', '0.55'],
        ['Z', '0', '30.00', '0.00'],
        ['E', '0', '50.00', '0.00'],
      ],
      totals: ['210.00', '24.55', '234.55'],
    });
  });

  it('puts "5.50" and "5.5" in one group', () => {
    const breakdown = computeVatBreakdown([line('10.00', 'S', '5.50'), line('10.00', 'S', '5.5')], 'EUR');

    expect(summary(breakdown).subtotals).toEqual([['S', '5.5', '20.00', '1.10']]);
  });

  it('computes VAT once per group (BR-CO-17): three lines of 0.02 at 20 % give 0.01, not 3 × 0.00', () => {
    const breakdown = computeVatBreakdown(
      [line('0.02', 'S', '20'), line('0.02', 'S', '20'), line('0.02', 'S', '20')],
      'EUR',
    );

    expect(breakdown.totals.vatAmount.toDecimalString()).toBe('0.01');
  });

  it('rounds a VAT amount of 0.025 to 0.03 (half away from zero, not to even) and -0.025 to -0.03', () => {
    expect(computeVatBreakdown([line('0.25', 'S', '10')], 'EUR').totals.vatAmount.toDecimalString()).toBe(
      '0.03',
    );
    expect(computeVatBreakdown([line('-0.25', 'S', '10')], 'EUR').totals.vatAmount.toDecimalString()).toBe(
      '-0.03',
    );
  });

  it('lowers the taxable amount by a document allowance passed as a negative line (BR-S-08)', () => {
    const breakdown = computeVatBreakdown([line('100.00', 'S', '20'), line('-10.00', 'S', '20')], 'EUR');

    expect(summary(breakdown).subtotals).toEqual([['S', '20', '90.00', '18.00']]);
  });

  it('gives no subtotals and zero totals in the currency for no lines', () => {
    const breakdown = computeVatBreakdown([], 'JPY');

    expect(breakdown.subtotals).toEqual([]);
    expect(breakdown.totals.grossAmount.toString()).toBe('0 JPY');
  });

  it('refuses an unrounded line amount, naming the line', () => {
    const error = thrownBy(() =>
      computeVatBreakdown([line('1.00', 'S', '20'), line('1.005', 'S', '20')], 'EUR'),
    );

    expect(error.code).toBe('invalid_amount');
    expect(error.details).toEqual([
      { field: 'lines[1].netAmount', reason: expect.stringContaining('BR-DEC-23') },
    ]);
  });

  it('refuses a standard rated line at 0 %, naming the line', () => {
    const error = thrownBy(() => computeVatBreakdown([line('1.00', 'S', '0')], 'EUR'));

    expect(error.code).toBe('invalid_vat_rate');
    expect(error.details).toEqual([{ field: 'lines[0].rate', reason: expect.stringContaining('BR-S-05') }]);
  });

  it('refuses a line in another currency with currency_mismatch', () => {
    const usdLine = { ...line('1.00', 'S', '20'), netAmount: money('1.00', 'USD') };

    expect(thrownBy(() => computeVatBreakdown([usdLine], 'EUR')).code).toBe('currency_mismatch');
  });
});

describe('computeVatBreakdown (properties)', () => {
  const vatGroup = fc.constantFrom<[VatCategoryCode, string]>(
    ['S', '20'],
    ['S', '5.5'],
    ['S', '2.1'],
    ['Z', '0'],
    ['AE', '0'],
  );
  const orderLine = fc.record({
    quantity: fc.integer({ min: -50, max: 1000 }).map(String),
    unitPriceMills: fc.integer({ min: 0, max: 10_000_000 }),
    group: vatGroup,
  });

  it('agrees with the sum of rounded lines, and its totals add up (BR-CO-14, BR-CO-15)', () => {
    fc.assert(
      fc.property(fc.array(orderLine, { maxLength: 30 }), (orderLines) => {
        const lines = orderLines.map(({ quantity, unitPriceMills, group: [category, rate] }) => ({
          netAmount: lineNetAmount(quantity, money(String(unitPriceMills), 'EUR').multiply('0.001')),
          category,
          rate: parseVatRate(rate),
        }));
        const { subtotals, totals } = computeVatBreakdown(lines, 'EUR');

        const lineTotal = sumRoundedLines(
          lines.map((vatLine) => vatLine.netAmount),
          'EUR',
        );
        expect(totals.netAmount.equals(lineTotal)).toBe(true);
        expect(totals.grossAmount.equals(totals.netAmount.add(totals.vatAmount))).toBe(true);
        const vatTotal = subtotals.reduce(
          (total, subtotal) => total.add(subtotal.vatAmount),
          money('0', 'EUR'),
        );
        expect(totals.vatAmount.equals(vatTotal)).toBe(true);
        for (const { taxableAmount, vatAmount, rate } of subtotals) {
          const exactVat = taxableAmount.amount.times(rate).div('100');
          expect(vatAmount.amount.minus(exactVat).abs().lte('0.005')).toBe(true);
          expect(vatAmount.toDecimalString()).toMatch(/^-?\d+\.\d\d$/);
        }
      }),
    );
  });
});
