import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import {
  formatPurchaseOrderNumber,
  parsePurchaseOrderNumber,
  purchaseOrderYear,
} from './purchase-order-number.js';

describe('formatPurchaseOrderNumber', () => {
  it('writes the year and the sequence on six digits: PO-2026-000123', () => {
    expect(formatPurchaseOrderNumber(2026, 123)).toBe('PO-2026-000123');
    expect(formatPurchaseOrderNumber(2026, 1)).toBe('PO-2026-000001');
    expect(formatPurchaseOrderNumber(2026, 999_999)).toBe('PO-2026-999999');
  });

  it.each([0, -1, 1.5, 1_000_000])('refuses the sequence %s, naming the field', (sequence) => {
    const error = thrownBy(() => formatPurchaseOrderNumber(2026, sequence));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ field: 'sequence', reason: 'must be a whole number from 1 to 999999' }]);
  });

  it.each([1999, 10_000, 2026.5])('refuses the year %s', (year) => {
    expect(thrownBy(() => formatPurchaseOrderNumber(year, 1)).details).toEqual([
      { field: 'year', reason: 'must be a year from 2000 to 9999' },
    ]);
  });
});

describe('parsePurchaseOrderNumber', () => {
  it('reads PO-2026-000123 as year 2026, sequence 123', () => {
    expect(parsePurchaseOrderNumber('PO-2026-000123')).toEqual({ year: 2026, sequence: 123 });
  });

  it('gives back what formatPurchaseOrderNumber wrote, for every sequence from 1 to 999999', () => {
    for (const sequence of [1, 9, 10, 99_999, 100_000, 999_999]) {
      expect(parsePurchaseOrderNumber(formatPurchaseOrderNumber(2031, sequence))).toEqual({
        year: 2031,
        sequence,
      });
    }
  });

  it.each([
    ['PO-2026-000000', 'sequence zero'],
    ['PO-2026-123', 'short sequence'],
    ['PO-2026-0001234', 'seven digits'],
    ['po-2026-000123', 'lower case'],
    ['REQ-2026-000123', 'a request number'],
    [' PO-2026-000123', 'leading space'],
    ['PO-1999-000123', 'year before 2000'],
  ])('refuses %j (%s) with validation_failed on the number', (value) => {
    const error = thrownBy(() => parsePurchaseOrderNumber(value));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ field: 'number', reason: expect.any(String) }]);
  });
});

describe('purchaseOrderYear', () => {
  it('numbers an order issued at 23:30 on 31 December in Paris in that year, one at 00:30 on 1 January in the next', () => {
    expect(purchaseOrderYear(new Date('2026-12-31T22:30:00Z'))).toBe(2026);
    expect(purchaseOrderYear(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
  });

  it("follows the entity's time zone when it is not Paris", () => {
    expect(purchaseOrderYear(new Date('2027-01-01T03:00:00Z'), 'America/New_York')).toBe(2026);
  });
});
