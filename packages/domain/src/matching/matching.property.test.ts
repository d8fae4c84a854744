import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money, parseDecimal } from '../money/index.js';
import { matchInvoiceLine } from './invoice-line-matching.js';
import { allowedDifference, isWithinTolerance } from './tolerance.js';

/** A non-negative decimal string with up to `scale` decimals. */
const decimal = (scale: number, max = 10n ** 9n) =>
  fc.tuple(fc.bigInt({ min: 0n, max }), fc.integer({ min: 0, max: scale })).map(([units, places]) => {
    const digits = units.toString().padStart(places + 1, '0');
    return places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  });

const tolerance = fc.record({
  ruleId: fc.constant('r'),
  absolute: decimal(2, 10n ** 5n),
  percent: decimal(2, 10n ** 4n),
  join: fc.constantFrom('and' as const, 'or' as const),
});

describe('tolerances (properties)', () => {
  it('matches exactly at the limit and not one millionth beyond it', () => {
    fc.assert(
      fc.property(tolerance, decimal(4), (rule, expectedString) => {
        const expected = parseDecimal(expectedString);
        const limit = expected.plus(allowedDifference(rule, expected));
        return (
          isWithinTolerance(rule, expected, limit) &&
          !isWithinTolerance(rule, expected, limit.plus('0.000001'))
        );
      }),
    );
  });

  it('never allows more with AND than with OR', () => {
    fc.assert(
      fc.property(tolerance, decimal(4), (rule, expected) =>
        allowedDifference({ ...rule, join: 'and' }, parseDecimal(expected)).lte(
          allowedDifference({ ...rule, join: 'or' }, parseDecimal(expected)),
        ),
      ),
    );
  });
});

describe('matchInvoiceLine (properties)', () => {
  const orderLine = {
    id: 'l',
    entityId: 'e',
    supplierId: 's',
    categoryId: null,
    status: 'open' as const,
    receiptRequired: true,
    quantity: '1000',
    unitCode: 'C62',
    unitPrice: money('2.50', 'EUR'),
    vatCategory: 'S' as const,
    vatRate: '20',
  };
  const document = fc.record({
    documentType: fc.constantFrom('invoice' as const, 'credit_note' as const),
    quantity: decimal(2, 10_000n),
  });

  it('gives the same result whatever the order of the other invoices and credit notes', () => {
    fc.assert(
      fc.property(fc.array(document, { maxLength: 8 }), decimal(2, 10_000n), (others, quantity) => {
        const line = {
          documentType: 'invoice' as const,
          supplierId: 's',
          currency: 'EUR' as const,
          quantity,
          unitCode: 'C62',
          unitPrice: money('2.50', 'EUR'),
          vatCategory: 'S' as const,
          vatRate: '20',
        };
        const receipts = [{ kind: 'receipt' as const, quantity: '600' }];
        const forward = matchInvoiceLine({ line, orderLine, receipts, otherInvoiceLines: others });
        const backward = matchInvoiceLine({
          line,
          orderLine,
          receipts,
          otherInvoiceLines: [...others].reverse(),
        });
        expect(backward).toEqual(forward);
      }),
    );
  });
});
