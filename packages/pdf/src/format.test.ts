import { money } from '@procura/domain';
import { describe, expect, it } from 'vitest';
import { formatAmount, formatAmountWithCurrency, formatDate, formatNumber, formatPercent } from './format.js';

describe('formatNumber', () => {
  it('groups thousands with a narrow no-break space and a decimal comma in French', () => {
    expect(formatNumber('1234567.5', 'fr')).toBe('1\u202f234\u202f567,5');
    expect(formatNumber('-1234', 'fr')).toBe('-1\u202f234');
  });

  it('groups thousands with commas and a decimal point in English', () => {
    expect(formatNumber('1234567.5', 'en')).toBe('1,234,567.5');
    expect(formatNumber('999', 'en')).toBe('999');
  });
});

describe('formatAmount', () => {
  it('keeps the currency’s decimals, and more for a unit price that has them', () => {
    expect(formatAmount(money('1234.5', 'EUR'), 'fr')).toBe('1\u202f234,50');
    expect(formatAmount(money('0.0125', 'EUR'), 'en')).toBe('0.0125');
    expect(formatAmount(money('1500', 'JPY'), 'en')).toBe('1,500');
  });

  it('follows the amount with its currency code', () => {
    expect(formatAmountWithCurrency(money('45.5', 'EUR'), 'fr')).toBe('45,50\u00a0EUR');
  });
});

describe('formatPercent and formatDate', () => {
  it('writes VAT rates the French and the English way', () => {
    expect(formatPercent('5.5', 'fr')).toBe('5,5\u00a0%');
    expect(formatPercent('20', 'en')).toBe('20%');
  });

  it('writes days in words, with "1er" for the first of the month in French', () => {
    expect(formatDate('2026-12-04', 'fr')).toBe('4 décembre 2026');
    expect(formatDate('2026-08-01', 'fr')).toBe('1er août 2026');
    expect(formatDate('2026-12-04', 'en')).toBe('4 December 2026');
  });
});
