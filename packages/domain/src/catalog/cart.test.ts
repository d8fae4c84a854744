import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import { type CatalogCartLine, cartTotals, type FreeTextCartLine, priceCartLine } from './cart.js';
import { nextFreeTextRequestStatus } from './free-text-request.js';
import type { ItemPricing } from './pricing.js';

const today = '2026-06-01';
const paper: ItemPricing = {
  unitPrice: '4.90',
  minOrderQuantity: '5',
  tiers: [
    { minQuantity: '50', unitPrice: '4.41' },
    { minQuantity: '20', unitPrice: '4.66' },
  ],
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
};

function paperLine(quantity: string, seenUnitPrice = '4.90', pricing = paper): CatalogCartLine {
  return {
    kind: 'item',
    quantity,
    seenUnitPrice,
    seenCurrency: 'EUR',
    current: { pricing, currency: 'EUR', vatRate: '20.00', notOrderableBecause: [] },
  };
}

const chair: FreeTextCartLine = {
  kind: 'free_text',
  quantity: '3',
  estimatedUnitPrice: '149.99',
  currency: 'EUR',
  vatRate: '20',
  status: 'pending',
};

describe('pricing a cart line', () => {
  it('prices a catalog line at the base price below the first tier, rounding the line to 2 decimals', () => {
    const line = priceCartLine(paperLine('5.5'), today);
    expect(line.unitPrice.toString()).toBe('4.90 EUR');
    expect(line.netAmount.toString()).toBe('26.95 EUR');
    expect(line.tierMinQuantity).toBeNull();
    expect(line).toMatchObject({ orderable: true, issues: [], priceChange: null, estimated: false });
  });

  it('applies the tier price from the tier quantity on, and not one unit below', () => {
    expect(priceCartLine(paperLine('19', '4.90'), today).unitPrice.toString()).toBe('4.90 EUR');
    const atTier = priceCartLine(paperLine('20', '4.66'), today);
    expect(atTier.unitPrice.toString()).toBe('4.66 EUR');
    expect(atTier.tierMinQuantity).toBe('20');
    expect(atTier.netAmount.toString()).toBe('93.20 EUR');
  });

  it('flags a price that changed since the line was added, old → new, and keeps it orderable', () => {
    const line = priceCartLine(paperLine('10', '4.50'), today);
    expect(line.priceChange?.from.toString()).toBe('4.50 EUR');
    expect(line.priceChange?.to.toString()).toBe('4.90 EUR');
    expect(line.orderable).toBe(true);
  });

  it('does not flag the same price written differently (4.9 and 4.9000)', () => {
    expect(priceCartLine(paperLine('10', '4.9000'), today).priceChange).toBeNull();
  });

  it('flags a currency change as a price change', () => {
    const line = priceCartLine({ ...paperLine('10'), seenCurrency: 'USD' }, today);
    expect(line.priceChange?.from.toString()).toBe('4.90 USD');
  });

  it('flags a line whose price list expired yesterday, still showing its price', () => {
    const line = priceCartLine(paperLine('10', '4.90', { ...paper, validTo: '2026-05-31' }), today);
    expect(line.issues).toEqual(['price_list_not_valid']);
    expect(line.orderable).toBe(false);
    expect(line.unitPrice.toString()).toBe('4.90 EUR');
  });

  it('keeps a price list valid on its last day', () => {
    expect(priceCartLine(paperLine('10', '4.90', { ...paper, validTo: today }), today).orderable).toBe(true);
  });

  it('passes on the catalog’s reasons (supplier blocked, item deactivated)', () => {
    const line = priceCartLine(
      {
        ...paperLine('10'),
        current: {
          ...paperLine('10').current,
          notOrderableBecause: ['supplier_not_active', 'item_inactive'],
        },
      },
      today,
    );
    expect(line.issues).toEqual(['item_inactive', 'supplier_not_active']);
    expect(line.orderable).toBe(false);
  });

  it('flags a line below a minimum order quantity raised since it was added', () => {
    const line = priceCartLine(paperLine('5', '4.90', { ...paper, minOrderQuantity: '10' }), today);
    expect(line.issues).toEqual(['below_minimum_order_quantity']);
    expect(line.netAmount.toString()).toBe('24.50 EUR');
  });

  it('prices a free-text line at its estimate, flagged as such, and a rejected one as not orderable', () => {
    const line = priceCartLine(chair, today);
    expect(line).toMatchObject({ estimated: true, orderable: true, priceChange: null });
    expect(line.netAmount.toString()).toBe('449.97 EUR');
    expect(priceCartLine({ ...chair, status: 'rejected' }, today).issues).toEqual(['request_rejected']);
  });
});

describe('cart totals', () => {
  it('sums rounded line amounts per currency and computes VAT per rate on the sum (EN 16931)', () => {
    // Three lines of 0.333… would total 1.00 unrounded; rounded lines make 0.99 (0.33 × 3).
    const third: FreeTextCartLine = { ...chair, quantity: '1', estimatedUnitPrice: '0.333' };
    const totals = cartTotals([third, third, third].map((l) => priceCartLine(l, today)));
    expect(totals).toHaveLength(1);
    expect(totals[0]?.netAmount.toString()).toBe('0.99 EUR');
    // VAT 20 % of 0.99 = 0.198 → 0.20, not 3 × round(0.066) = 0.21.
    expect(totals[0]?.vatAmount.toString()).toBe('0.20 EUR');
    expect(totals[0]?.grossAmount.toString()).toBe('1.19 EUR');
  });

  it('keeps one total per currency and groups VAT rates', () => {
    const lines = [
      priceCartLine(paperLine('10'), today), // 49.00 at 20 %
      priceCartLine({ ...chair, quantity: '1', estimatedUnitPrice: '10.00', vatRate: '5.5' }, today),
      priceCartLine({ ...chair, quantity: '2', estimatedUnitPrice: '100', currency: 'USD' }, today),
    ];
    const totals = cartTotals(lines);
    expect(totals.map((t) => t.currency)).toEqual(['EUR', 'USD']);
    expect(totals[0]?.netAmount.toString()).toBe('59.00 EUR');
    expect(totals[0]?.vatAmount.toString()).toBe('10.35 EUR'); // 9.80 + 0.55
    expect(totals[0]?.grossAmount.toString()).toBe('69.35 EUR');
    expect(totals[1]?.grossAmount.toString()).toBe('240.00 USD');
  });

  it('leaves lines that cannot be ordered out of the totals', () => {
    const blocked = priceCartLine(
      {
        ...paperLine('10'),
        current: { ...paperLine('10').current, notOrderableBecause: ['supplier_not_active'] },
      },
      today,
    );
    expect(cartTotals([blocked])).toEqual([]);
    const totals = cartTotals([blocked, priceCartLine(chair, today)]);
    expect(totals[0]?.netAmount.toString()).toBe('449.97 EUR');
  });

  it('counts a zero-rated line with no VAT', () => {
    const totals = cartTotals([priceCartLine({ ...chair, vatRate: '0' }, today)]);
    expect(totals[0]?.vatAmount.isZero()).toBe(true);
  });
});

describe('free-text request status', () => {
  it('lets a buyer source or reject a pending request and its requester withdraw it', () => {
    expect(nextFreeTextRequestStatus('pending', 'source')).toBe('sourced');
    expect(nextFreeTextRequestStatus('pending', 'reject')).toBe('rejected');
    expect(nextFreeTextRequestStatus('pending', 'withdraw')).toBe('withdrawn');
  });

  it('refuses to handle a request twice', () => {
    const error = thrownBy(() => nextFreeTextRequestStatus('rejected', 'source'));
    expect(error.code).toBe('invalid_state_transition');
    expect(error.message).toBe(
      'A free-text request that is rejected cannot be sourced: only a pending one can.',
    );
  });
});
