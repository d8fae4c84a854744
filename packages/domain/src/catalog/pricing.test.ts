import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/index.js';
import {
  type ItemPricing,
  isPriceListValidOn,
  priceForQuantity,
  priceListState,
  priceListValidityProblem,
  priceTierProblems,
} from './pricing.js';

const paper: ItemPricing = {
  unitPrice: '4.90',
  minOrderQuantity: '5',
  tiers: [
    { minQuantity: '50', unitPrice: '4.20' },
    { minQuantity: '20', unitPrice: '4.50' },
  ],
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
};

describe('price for a quantity', () => {
  it('applies the base price below the first tier and the highest tier reached above', () => {
    expect(priceForQuantity(paper, '5', '2026-06-01')).toEqual({ unitPrice: '4.90', tierMinQuantity: null });
    expect(priceForQuantity(paper, '19.5', '2026-06-01').unitPrice).toBe('4.90');
    expect(priceForQuantity(paper, '20', '2026-06-01')).toEqual({ unitPrice: '4.50', tierMinQuantity: '20' });
    expect(priceForQuantity(paper, '49', '2026-06-01').unitPrice).toBe('4.50');
    expect(priceForQuantity(paper, '500', '2026-06-01')).toEqual({
      unitPrice: '4.20',
      tierMinQuantity: '50',
    });
  });

  it('refuses a quantity below the minimum order quantity, naming it', () => {
    try {
      priceForQuantity(paper, '4', '2026-06-01');
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, 'below_minimum_order_quantity')).toBe(true);
      expect((error as Error).message).toBe('The quantity 4 must be at least the minimum order quantity 5.');
    }
  });

  it('refuses zero and negative quantities', () => {
    expect(() => priceForQuantity(paper, '0', '2026-06-01')).toThrow('must be greater than zero');
    expect(() => priceForQuantity(paper, '-3', '2026-06-01')).toThrow('must be greater than zero');
  });

  it('refuses to price from a price list outside its validity', () => {
    expect(() => priceForQuantity(paper, '5', '2027-01-01')).toThrow(
      "The item's price list is valid from 2026-01-01 to 2026-12-31, not on 2027-01-01.",
    );
    expect(() => priceForQuantity(paper, '5', '2025-12-31')).toThrow(/not on 2025-12-31/);
  });

  it('treats validity dates as inclusive and an open end as valid for ever', () => {
    expect(isPriceListValidOn(paper, '2026-01-01')).toBe(true);
    expect(isPriceListValidOn(paper, '2026-12-31')).toBe(true);
    expect(isPriceListValidOn({ validFrom: '2026-01-01', validTo: null }, '2099-01-01')).toBe(true);
  });
});

describe('price tier coherence', () => {
  it('accepts tiers that rise in quantity and fall in price', () => {
    expect(priceTierProblems(paper)).toEqual([]);
  });

  it('names tiers that cost more than a smaller quantity or start below the minimum', () => {
    expect(
      priceTierProblems({
        unitPrice: '4.90',
        minOrderQuantity: '5',
        tiers: [
          { minQuantity: '5', unitPrice: '4.80' },
          { minQuantity: '20', unitPrice: '5.10' },
        ],
      }),
    ).toEqual(['the tier from 5 must start above 5', 'the tier from 20 must cost less than 4.80']);
  });
});

describe('price list state', () => {
  const list = { validFrom: '2026-01-01', validTo: '2026-12-31' };
  it('is upcoming before its start, in force on both ends included, expired after', () => {
    expect(priceListState(list, '2025-12-31')).toBe('upcoming');
    expect(priceListState(list, '2026-01-01')).toBe('in_force');
    expect(priceListState(list, '2026-12-31')).toBe('in_force');
    expect(priceListState(list, '2027-01-01')).toBe('expired');
    expect(priceListState({ ...list, validTo: null }, '2099-01-01')).toBe('in_force');
  });
  it('refuses a validity that ends before it starts', () => {
    expect(priceListValidityProblem({ validFrom: '2026-02-01', validTo: '2026-01-31' })).toBe(
      'must not end (2026-01-31) before it starts (2026-02-01)',
    );
    expect(priceListValidityProblem({ validFrom: '2026-02-01', validTo: '2026-02-01' })).toBeUndefined();
  });
});
