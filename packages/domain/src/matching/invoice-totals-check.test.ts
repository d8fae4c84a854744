import { describe, expect, it } from 'vitest';
import { money } from '../money/index.js';
import {
  checkInvoiceTotals,
  type InvoiceTotalsToCheck,
  type StatedInvoiceTotals,
  totalsDifferenceIssues,
} from './invoice-totals-check.js';

const eur = (amount: string) => money(amount, 'EUR');

/**
 * Two lines at 20 % (100.00 and 33.33) and one at 5.5 % (10.00), a 10.00 allowance at 20 % and a
 * 5.00 charge at 20 %: taxable 128.33 at 20 % (VAT 25.67) and 10.00 at 5.5 % (VAT 0.55).
 */
function invoice(totals: Partial<StatedInvoiceTotals> = {}): InvoiceTotalsToCheck {
  return {
    currency: 'EUR',
    lines: [
      { amount: eur('100.00'), vatCategory: 'S', vatRate: '20' },
      { amount: eur('33.33'), vatCategory: 'S', vatRate: '20' },
      { amount: eur('10.00'), vatCategory: 'S', vatRate: '5.5' },
    ],
    allowances: [{ amount: eur('10.00'), vatCategory: 'S', vatRate: '20' }],
    charges: [{ amount: eur('5.00'), vatCategory: 'S', vatRate: '20' }],
    totals: {
      lineTotal: eur('143.33'),
      allowanceTotal: eur('10.00'),
      chargeTotal: eur('5.00'),
      taxExclusiveAmount: eur('138.33'),
      vatTotal: eur('26.22'),
      taxInclusiveAmount: eur('164.55'),
      prepaidAmount: eur('50.00'),
      roundingAmount: eur('0.45'),
      payableAmount: eur('115.00'),
      ...totals,
    },
  };
}

describe('checkInvoiceTotals', () => {
  it('finds consistent totals consistent', () => {
    expect(checkInvoiceTotals(invoice())).toEqual({ consistent: true, differences: [] });
  });

  it('reports a line total one cent off under BR-CO-10, not again in the tax exclusive amount built on it', () => {
    // The supplier added 0.01 to the line total and carried it into the tax exclusive amount
    // (consistent with BR-CO-13) but not into the tax inclusive amount, which BR-CO-15 catches.
    const check = checkInvoiceTotals(
      invoice({ lineTotal: eur('143.34'), taxExclusiveAmount: eur('138.34') }),
    );
    expect(check.consistent).toBe(false);
    expect(check.differences).toEqual([
      {
        total: 'line_total',
        rule: 'BR-CO-10',
        expected: eur('143.33'),
        actual: eur('143.34'),
        difference: eur('0.01'),
      },
      {
        total: 'tax_inclusive_amount',
        rule: 'BR-CO-15',
        expected: eur('164.56'),
        actual: eur('164.55'),
        difference: eur('-0.01'),
      },
    ]);
  });

  it('reports VAT rounded per line instead of per rate under BR-CO-14', () => {
    // Three lines of 0.25 at 5.5 %: per line 3 × round(0.01375) = 0.03; per rate round(0.04125) = 0.04.
    const perLine: InvoiceTotalsToCheck = {
      currency: 'EUR',
      lines: Array.from({ length: 3 }, () => ({
        amount: eur('0.25'),
        vatCategory: 'S' as const,
        vatRate: '5.5',
      })),
      totals: {
        lineTotal: eur('0.75'),
        taxExclusiveAmount: eur('0.75'),
        vatTotal: eur('0.03'),
        taxInclusiveAmount: eur('0.78'),
        payableAmount: eur('0.78'),
      },
    };
    expect(checkInvoiceTotals(perLine).differences).toEqual([
      {
        total: 'vat_total',
        rule: 'BR-CO-14',
        expected: eur('0.04'),
        actual: eur('0.03'),
        difference: eur('-0.01'),
      },
    ]);
  });

  it('checks allowance, charge, tax exclusive and payable totals, naming each rule', () => {
    const check = checkInvoiceTotals(
      invoice({
        allowanceTotal: eur('0'),
        chargeTotal: null,
        taxExclusiveAmount: eur('143.33'),
        payableAmount: eur('164.55'),
      }),
    );
    expect(check.differences.map((difference) => [difference.total, difference.rule])).toEqual([
      ['allowance_total', 'BR-CO-11'],
      ['charge_total', 'BR-CO-12'],
      ['tax_inclusive_amount', 'BR-CO-15'],
      ['payable_amount', 'BR-CO-16'],
    ]);
  });

  it('treats absent prepaid and rounding amounts as zero', () => {
    const check = checkInvoiceTotals(
      invoice({ prepaidAmount: undefined, roundingAmount: null, payableAmount: eur('164.55') }),
    );
    expect(check.consistent).toBe(true);
  });

  it('turns differences into field issues for a problem answer', () => {
    const check = checkInvoiceTotals(invoice({ payableAmount: eur('115.01') }));
    expect(totalsDifferenceIssues(check)).toEqual([
      { field: 'totals.payable_amount', reason: 'is 115.01, expected 115.00 (BR-CO-16)' },
    ]);
  });
});
