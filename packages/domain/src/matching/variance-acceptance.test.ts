import { describe, expect, it } from 'vitest';
import { money } from '../money/index.js';
import { thrownBy } from '../testing/thrown-by.js';
import type { MatchFinding } from './invoice-line-matching.js';
import { acceptInvoiceVariances, varianceAcceptanceLimitOf } from './variance-acceptance.js';

const variance = (
  reason: 'price_variance' | 'quantity_over_received' | 'awaiting_receipt',
  impact: string,
): MatchFinding => ({
  reason,
  measure: reason === 'price_variance' ? 'unit_price' : 'quantity',
  expected: '10',
  actual: '11',
  difference: '1',
  allowed: '0',
  tolerance: null,
  impact: money(impact, 'EUR'),
});
const vatMismatch: MatchFinding = { reason: 'vat_mismatch', expected: 'S 20', actual: 'S 10' };

const base = { currency: 'EUR' as const, totalsConsistent: true, invoiceReasons: [] };

describe('varianceAcceptanceLimitOf', () => {
  it('gives a person the largest default of their roles, in euros', () => {
    expect(varianceAcceptanceLimitOf(['employee', 'buyer'], 'EUR', null)).toEqual(money('500.00', 'EUR'));
    expect(varianceAcceptanceLimitOf(['employee', 'accountant'], 'EUR', null)).toEqual(
      money('250.00', 'EUR'),
    );
    expect(varianceAcceptanceLimitOf(['buyer', 'administrator'], 'EUR', null)).toEqual(
      money('5000.00', 'EUR'),
    );
  });

  it('gives an employee no limit at all: a requester records a receipt instead', () => {
    expect(varianceAcceptanceLimitOf(['employee'], 'EUR', null).isZero()).toBe(true);
  });

  it("prefers the person's own limit, and has no default outside euros", () => {
    expect(varianceAcceptanceLimitOf(['buyer'], 'EUR', money('40', 'EUR'))).toEqual(money('40', 'EUR'));
    expect(varianceAcceptanceLimitOf(['buyer'], 'USD', null).isZero()).toBe(true);
    expect(thrownBy(() => varianceAcceptanceLimitOf(['buyer'], 'USD', money('40', 'EUR'))).code).toBe(
      'currency_mismatch',
    );
  });
});

describe('acceptInvoiceVariances', () => {
  it('accepts a price variance exactly at the limit and leaves the invoice ready to approve', () => {
    const result = acceptInvoiceVariances({
      ...base,
      lines: [
        { position: 1, findings: [variance('price_variance', '30.00')] },
        { position: 2, findings: [] },
      ],
      limit: money('30.00', 'EUR'),
    });
    expect(result.total).toEqual(money('30.00', 'EUR'));
    expect(result.accepted).toEqual([
      { position: 1, finding: 0, reason: 'price_variance', impact: money('30.00', 'EUR') },
    ]);
    expect(result.lines).toEqual([
      { position: 1, status: 'matched' },
      { position: 2, status: 'matched' },
    ]);
    expect(result.summary).toEqual({ status: 'matched', reasons: [], owner: null });
  });

  it('refuses one cent over the limit with variance_over_acceptance_limit, naming limit and variance', () => {
    const error = thrownBy(() =>
      acceptInvoiceVariances({
        ...base,
        lines: [
          { position: 1, findings: [variance('price_variance', '20.00')] },
          { position: 2, findings: [variance('quantity_over_received', '10.01')] },
        ],
        limit: money('30.00', 'EUR'),
      }),
    );
    expect(error.code).toBe('variance_over_acceptance_limit');
    expect(error.details).toEqual({
      limit: { amount: '30.00', currency: 'EUR' },
      variance: { amount: '30.01', currency: 'EUR' },
    });
    expect(error.message).toContain('30.01 EUR');
    expect(error.message).toContain('30.00 EUR');
  });

  it('values a credit-side (negative) impact by its size', () => {
    const result = acceptInvoiceVariances({
      ...base,
      lines: [{ position: 1, findings: [variance('price_variance', '-12.50')] }],
      limit: money('12.50', 'EUR'),
    });
    expect(result.total).toEqual(money('12.50', 'EUR'));
  });

  it('accepts only the reasons asked, and keeps the rest of the exception with its owner', () => {
    const result = acceptInvoiceVariances({
      ...base,
      lines: [
        {
          position: 1,
          findings: [variance('price_variance', '5.00'), variance('quantity_over_received', '9.00')],
        },
      ],
      reasons: ['price_variance'],
      limit: money('100', 'EUR'),
    });
    expect(result.total).toEqual(money('5.00', 'EUR'));
    expect(result.lines).toEqual([{ position: 1, status: 'quantity_over_received' }]);
    expect(result.summary).toEqual({
      status: 'exception',
      reasons: ['quantity_over_received'],
      owner: 'requester',
    });
  });

  it('never accepts a structural mismatch or a line awaiting its receipt', () => {
    const result = acceptInvoiceVariances({
      ...base,
      lines: [
        { position: 1, findings: [vatMismatch, variance('price_variance', '1.00')] },
        { position: 2, findings: [variance('awaiting_receipt', '50.00')] },
      ],
      limit: money('100', 'EUR'),
    });
    expect(result.accepted.map((a) => a.reason)).toEqual(['price_variance']);
    expect(result.summary.reasons).toEqual(['vat_mismatch', 'awaiting_receipt']);
    expect(result.summary.owner).toBe('accounts_payable');
  });

  it('keeps invoice-level reasons and inconsistent totals open after accepting every variance', () => {
    const result = acceptInvoiceVariances({
      ...base,
      totalsConsistent: false,
      invoiceReasons: ['possible_duplicate'],
      lines: [{ position: 1, findings: [variance('price_variance', '1.00')] }],
      limit: money('100', 'EUR'),
    });
    expect(result.summary).toEqual({
      status: 'exception',
      reasons: ['possible_duplicate', 'totals_inconsistent'],
      owner: 'accounts_payable',
    });
  });

  it('refuses with no_variance_to_accept when every variance was already accepted', () => {
    const error = thrownBy(() =>
      acceptInvoiceVariances({
        ...base,
        lines: [{ position: 1, findings: [variance('price_variance', '1.00')], acceptedFindings: [0] }],
        limit: money('100', 'EUR'),
      }),
    );
    expect(error.code).toBe('no_variance_to_accept');
  });
});
