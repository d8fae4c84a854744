import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../money/index.js';
import { thrownBy } from '../testing/thrown-by.js';
import {
  allowedDifference,
  assertToleranceRulesDistinct,
  exactTolerance,
  isWithinTolerance,
  selectTolerance,
  type ToleranceRule,
  type ToleranceScope,
  toleranceRuleIssues,
  toleranceSpecificity,
} from './tolerance.js';

const scope: ToleranceScope = {
  entityId: 'altiva-fr',
  supplierId: 'bureau-plus',
  categoryId: 'office-supplies',
  currency: 'EUR',
};

function priceRule(id: string, keys: Partial<ToleranceRule> = {}): ToleranceRule {
  return { id, measure: 'price', absolute: '1', percent: '0', join: 'or', currency: 'EUR', ...keys };
}

const dec = parseDecimal;

describe('selectTolerance', () => {
  it('is exact (absolute 0, 0 %) when no rule applies', () => {
    expect(selectTolerance([], 'price', scope)).toEqual(exactTolerance);
    expect(exactTolerance).toEqual({ ruleId: null, absolute: '0', percent: '0', join: 'and' });
  });

  it('walks the documented precedence: each rule wins until removed, then the next most specific', () => {
    const ranked = [
      priceRule('r7', { entityId: 'altiva-fr', supplierId: 'bureau-plus', categoryId: 'office-supplies' }),
      priceRule('r6', { supplierId: 'bureau-plus', categoryId: 'office-supplies' }),
      priceRule('r5', { entityId: 'altiva-fr', supplierId: 'bureau-plus' }),
      priceRule('r4', { supplierId: 'bureau-plus' }),
      priceRule('r3', { entityId: 'altiva-fr', categoryId: 'office-supplies' }),
      priceRule('r2', { categoryId: 'office-supplies' }),
      priceRule('r1', { entityId: 'altiva-fr' }),
      priceRule('r0'),
    ];
    // Reversed so that the winner is never simply the first rule given.
    const rules = [...ranked].reverse();
    for (const expected of ranked) {
      expect(selectTolerance(rules, 'price', scope).ruleId).toBe(expected.id);
      rules.splice(rules.indexOf(expected), 1);
    }
    expect(selectTolerance(rules, 'price', scope)).toEqual(exactTolerance);
  });

  it('ranks supplier above category above entity: 4, 2 and 1', () => {
    expect(toleranceSpecificity({ supplierId: 's' })).toBe(4);
    expect(toleranceSpecificity({ categoryId: 'c', entityId: 'e' })).toBe(3);
    expect(toleranceSpecificity({})).toBe(0);
  });

  it('ignores rules for another entity, supplier or category', () => {
    const rules = [
      priceRule('other-entity', { entityId: 'altiva-be' }),
      priceRule('other-supplier', { supplierId: 'papeterie-durand' }),
      priceRule('other-category', { categoryId: 'it-hardware' }),
    ];
    expect(selectTolerance(rules, 'price', scope)).toEqual(exactTolerance);
  });

  it('keeps price and quantity apart: a supplier price rule leaves the company-wide quantity rule in force', () => {
    const rules: ToleranceRule[] = [
      priceRule('supplier-price', { supplierId: 'bureau-plus' }),
      { id: 'company-quantity', measure: 'quantity', absolute: '2', percent: '5', join: 'and' },
    ];
    expect(selectTolerance(rules, 'quantity', scope)).toEqual({
      ruleId: 'company-quantity',
      absolute: '2',
      percent: '5',
      join: 'and',
    });
    expect(selectTolerance(rules, 'price', scope).ruleId).toBe('supplier-price');
  });

  it('applies a price rule only to order lines in its currency', () => {
    const rules = [
      priceRule('usd-supplier', { supplierId: 'bureau-plus', currency: 'USD' }),
      priceRule('eur'),
    ];
    expect(selectTolerance(rules, 'price', scope).ruleId).toBe('eur');
    expect(selectTolerance(rules, 'price', { ...scope, currency: 'USD' }).ruleId).toBe('usd-supplier');
  });

  it('ignores the category keys of a rule when the order line has no category', () => {
    const rules = [
      priceRule('category', { categoryId: 'office-supplies' }),
      priceRule('entity', { entityId: 'altiva-fr' }),
    ];
    expect(selectTolerance(rules, 'price', { ...scope, categoryId: null }).ruleId).toBe('entity');
  });

  it('breaks a tie between duplicate rules by the lower id, whatever the order given', () => {
    const rules = [
      priceRule('b', { supplierId: 'bureau-plus' }),
      priceRule('a', { supplierId: 'bureau-plus' }),
    ];
    expect(selectTolerance(rules, 'price', scope).ruleId).toBe('a');
    expect(selectTolerance([...rules].reverse(), 'price', scope).ruleId).toBe('a');
  });

  it('returns the figures in canonical form: "2.50" becomes "2.5"', () => {
    expect(
      selectTolerance([priceRule('r', { absolute: '0.50', percent: '2.50' })], 'price', scope),
    ).toMatchObject({
      absolute: '0.5',
      percent: '2.5',
    });
  });
});

describe('allowedDifference and isWithinTolerance at the limit', () => {
  const tolerance = (absolute: string, percent: string, join: 'and' | 'or') => ({
    ruleId: 'r',
    absolute,
    percent,
    join,
  });

  it('absolute 0.20: 10.20 against 10.00 is within, 10.21 is not', () => {
    const rule = tolerance('0.20', '0', 'or');
    expect(isWithinTolerance(rule, dec('10.00'), dec('10.20'))).toBe(true);
    expect(isWithinTolerance(rule, dec('10.00'), dec('10.21'))).toBe(false);
  });

  it('percentage 2 %: 10.20 against 10.00 is within, 10.21 is not', () => {
    const rule = tolerance('0', '2', 'or');
    expect(allowedDifference(rule, dec('10.00')).toString()).toBe('0.2');
    expect(isWithinTolerance(rule, dec('10.00'), dec('10.20'))).toBe(true);
    expect(isWithinTolerance(rule, dec('10.00'), dec('10.21'))).toBe(false);
  });

  it('AND takes the smaller part: 0.50 and 2 % of 10.00 allows 0.20, of 100.00 allows 0.50', () => {
    const rule = tolerance('0.50', '2', 'and');
    expect(allowedDifference(rule, dec('10')).toString()).toBe('0.2');
    expect(isWithinTolerance(rule, dec('10.00'), dec('10.20'))).toBe(true);
    expect(isWithinTolerance(rule, dec('10.00'), dec('10.21'))).toBe(false);
    expect(allowedDifference(rule, dec('100')).toString()).toBe('0.5');
    expect(isWithinTolerance(rule, dec('100.00'), dec('100.50'))).toBe(true);
    expect(isWithinTolerance(rule, dec('100.00'), dec('100.51'))).toBe(false);
  });

  it('OR takes the larger part: 0.50 or 2 % of 10.00 allows 0.50, of 100.00 allows 2.00', () => {
    const rule = tolerance('0.50', '2', 'or');
    expect(isWithinTolerance(rule, dec('10.00'), dec('10.50'))).toBe(true);
    expect(isWithinTolerance(rule, dec('10.00'), dec('10.51'))).toBe(false);
    expect(isWithinTolerance(rule, dec('100.00'), dec('102.00'))).toBe(true);
    expect(isWithinTolerance(rule, dec('100.00'), dec('102.01'))).toBe(false);
  });

  it('computes the percentage exactly, beyond 12 decimals: 2.5 % of 0.012345678901 is 0.000308641972525', () => {
    expect(allowedDifference(tolerance('1', '2.5', 'and'), dec('0.012345678901')).toString()).toBe(
      '0.000308641972525',
    );
  });

  it('always lets a figure below the expected one through, even with the exact default', () => {
    expect(isWithinTolerance(exactTolerance, dec('10.00'), dec('9.99'))).toBe(true);
    expect(isWithinTolerance(exactTolerance, dec('10.00'), dec('10.00'))).toBe(true);
    expect(isWithinTolerance(exactTolerance, dec('10.00'), dec('10.000000000001'))).toBe(false);
  });
});

describe('toleranceRuleIssues', () => {
  it('accepts a price rule with a currency and a quantity rule without one', () => {
    expect(toleranceRuleIssues(priceRule('p'))).toEqual([]);
    expect(
      toleranceRuleIssues({ id: 'q', measure: 'quantity', absolute: '1', percent: '0', join: 'and' }),
    ).toEqual([]);
  });

  it('names each bad field: negative amount, exponent, missing price currency, unknown join', () => {
    const issues = toleranceRuleIssues({
      id: 'bad',
      measure: 'price',
      absolute: '-1',
      percent: '1e2',
      join: 'xor' as 'and',
    });
    expect(issues).toEqual([
      { field: 'join', reason: 'must be and or or' },
      { field: 'absolute', reason: 'must not be negative' },
      { field: 'percent', reason: expect.stringContaining('plain decimal') },
      { field: 'currency', reason: expect.stringContaining('required for a price tolerance') },
    ]);
  });

  it('refuses a currency on a quantity rule', () => {
    expect(
      toleranceRuleIssues({
        id: 'q',
        measure: 'quantity',
        absolute: '1',
        percent: '0',
        join: 'and',
        currency: 'EUR',
      }),
    ).toEqual([{ field: 'currency', reason: 'must be empty for a quantity tolerance' }]);
  });
});

describe('assertToleranceRulesDistinct', () => {
  it('refuses two rules with the same measure, scope and currency, naming both', () => {
    const error = thrownBy(() =>
      assertToleranceRulesDistinct([
        priceRule('first', { supplierId: 'bureau-plus' }),
        priceRule('second', { supplierId: 'bureau-plus', entityId: null }),
      ]),
    );
    expect(error.code).toBe('tolerance_rule_duplicate');
    expect(error.details).toEqual({ ruleIds: ['first', 'second'] });
  });

  it('accepts the same scope for price in two currencies, and for price and quantity', () => {
    expect(() =>
      assertToleranceRulesDistinct([
        priceRule('eur', { supplierId: 'bureau-plus' }),
        priceRule('usd', { supplierId: 'bureau-plus', currency: 'USD' }),
        {
          id: 'qty',
          measure: 'quantity',
          supplierId: 'bureau-plus',
          absolute: '1',
          percent: '0',
          join: 'or',
        },
      ]),
    ).not.toThrow();
  });
});
