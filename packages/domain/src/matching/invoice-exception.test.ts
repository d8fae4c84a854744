import { describe, expect, it } from 'vitest';
import { money } from '../money/index.js';
import {
  exceptionOwnerOf,
  type InvoiceExceptionReason,
  invoiceExceptionReasons,
  summarizeInvoiceMatch,
} from './invoice-exception.js';
import type { LineMatchResult } from './invoice-line-matching.js';
import type { InvoiceTotalsCheck } from './invoice-totals-check.js';

const consistent: InvoiceTotalsCheck = { consistent: true, differences: [] };
const inconsistent: InvoiceTotalsCheck = {
  consistent: false,
  differences: [
    {
      total: 'line_total',
      rule: 'BR-CO-10',
      expected: money('10', 'EUR'),
      actual: money('11', 'EUR'),
      difference: money('1', 'EUR'),
    },
  ],
};

const matchedLine: LineMatchResult = {
  status: 'matched',
  mode: 'two_way',
  findings: [],
  quantities: { ordered: '1', received: null, invoiced: '1' },
};

function lineWith(...reasons: ('vat_mismatch' | 'awaiting_receipt' | 'price_variance')[]): LineMatchResult {
  const findings = reasons.map((reason) =>
    reason === 'vat_mismatch'
      ? { reason, expected: 'S 20', actual: 'S 10' }
      : {
          reason,
          measure: 'quantity' as const,
          expected: '0',
          actual: '1',
          difference: '1',
          allowed: '0',
          tolerance: null,
          impact: money('1.00', 'EUR'),
        },
  );
  return { ...matchedLine, mode: 'three_way', status: findings[0]?.reason ?? 'matched', findings };
}

describe('exceptionOwnerOf', () => {
  it('gives price to the buyer and receipts to the requester', () => {
    expect(exceptionOwnerOf('price_variance')).toBe('buyer');
    expect(exceptionOwnerOf('awaiting_receipt')).toBe('requester');
    expect(exceptionOwnerOf('quantity_over_received')).toBe('requester');
  });

  it('gives every other reason to accounts payable', () => {
    const others = invoiceExceptionReasons.filter(
      (reason) => !['price_variance', 'awaiting_receipt', 'quantity_over_received'].includes(reason),
    );
    expect(others).toHaveLength(invoiceExceptionReasons.length - 3);
    for (const reason of others) expect(exceptionOwnerOf(reason), reason).toBe('accounts_payable');
  });
});

describe('summarizeInvoiceMatch', () => {
  it('matches an invoice whose lines all match and whose totals are consistent', () => {
    expect(summarizeInvoiceMatch([matchedLine, matchedLine], consistent)).toEqual({
      status: 'matched',
      reasons: [],
      owner: null,
    });
  });

  it('lists each reason once, in precedence order, and hands the invoice to the owner of the first', () => {
    const summary = summarizeInvoiceMatch(
      [lineWith('awaiting_receipt'), lineWith('price_variance', 'awaiting_receipt'), matchedLine],
      consistent,
    );
    expect(summary).toEqual({
      status: 'exception',
      reasons: ['price_variance', 'awaiting_receipt'],
      owner: 'buyer',
    });
  });

  it('puts inconsistent totals before line reasons, for accounts payable', () => {
    const summary = summarizeInvoiceMatch([lineWith('awaiting_receipt')], inconsistent);
    expect(summary.reasons).toEqual(['totals_inconsistent', 'awaiting_receipt']);
    expect(summary.owner).toBe('accounts_payable');
  });

  it('puts invoice-level reasons first: a possible duplicate goes to accounts payable', () => {
    const summary = summarizeInvoiceMatch([lineWith('price_variance')], consistent, ['possible_duplicate']);
    expect(summary).toEqual({
      status: 'exception',
      reasons: ['possible_duplicate', 'price_variance'],
      owner: 'accounts_payable',
    });
  });

  it('never matches an invoice without lines', () => {
    expect(summarizeInvoiceMatch([], consistent).reasons).toEqual<InvoiceExceptionReason[]>([
      'totals_inconsistent',
    ]);
  });
});
