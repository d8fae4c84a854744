import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import type { VatCategoryCode } from './vat-category.js';
import { assertVatRateAllowed, frenchVatRates, isValidVatRate, parseVatRate } from './vat-rate.js';

describe('parseVatRate', () => {
  it('keeps the shortest form, so equal rates are equal strings: "5.50" → "5.5", "20.00" → "20"', () => {
    expect(parseVatRate('5.50')).toBe('5.5');
    expect(parseVatRate('20.00')).toBe('20');
    expect(parseVatRate('0')).toBe('0');
  });

  it('accepts 0 and 100, refuses -0.01 and 100.01', () => {
    expect(isValidVatRate('0')).toBe(true);
    expect(isValidVatRate('100')).toBe(true);
    expect(isValidVatRate('-0.01')).toBe(false);
    expect(isValidVatRate('100.01')).toBe(false);
  });

  it('accepts 2 decimals (5.55) and refuses 3 (5.555)', () => {
    expect(isValidVatRate('5.55')).toBe(true);
    expect(isValidVatRate('5.555')).toBe(false);
  });

  it.each(['', '20%', '2e1', ' 20', '5,5'])('refuses %j', (value) => {
    expect(isValidVatRate(value)).toBe(false);
  });

  it('throws invalid_vat_rate naming the field', () => {
    const error = thrownBy(() => parseVatRate('120', 'lines[1].rate'));

    expect(error.code).toBe('invalid_vat_rate');
    expect(error.details).toEqual([{ field: 'lines[1].rate', reason: 'must be between 0 and 100' }]);
  });
});

describe('frenchVatRates', () => {
  it('holds the French rates 20, 10, 5.5 and 2.1', () => {
    expect(frenchVatRates).toEqual({
      standard: '20',
      intermediate: '10',
      reduced: '5.5',
      superReduced: '2.1',
    });
  });
});

describe('assertVatRateAllowed', () => {
  it('refuses a standard rate (S) of 0 (BR-S-05)', () => {
    const error = thrownBy(() => assertVatRateAllowed('S', parseVatRate('0')));

    expect(error.code).toBe('invalid_vat_rate');
    expect(error.details).toEqual([{ field: 'rate', reason: expect.stringContaining('BR-S-05') }]);
  });

  it('accepts a standard rate (S) of 0.01', () => {
    expect(() => assertVatRateAllowed('S', parseVatRate('0.01'))).not.toThrow();
  });

  it.each<[VatCategoryCode, string]>([
    ['Z', 'BR-Z-05'],
    ['E', 'BR-E-05'],
    ['AE', 'BR-AE-05'],
    ['K', 'BR-IC-05'],
    ['G', 'BR-G-05'],
    ['O', 'BR-O-05'],
  ])('refuses 0.01 % for category %s (%s) and accepts 0', (category, ruleId) => {
    const error = thrownBy(() => assertVatRateAllowed(category, parseVatRate('0.01')));

    expect(error.message).toContain(ruleId);
    expect(() => assertVatRateAllowed(category, parseVatRate('0'))).not.toThrow();
  });

  it.each<VatCategoryCode>(['L', 'M'])(
    'accepts 0 and 7 for %s (Canary Islands, Ceuta and Melilla)',
    (category) => {
      expect(() => assertVatRateAllowed(category, parseVatRate('0'))).not.toThrow();
      expect(() => assertVatRateAllowed(category, parseVatRate('7'))).not.toThrow();
    },
  );
});
