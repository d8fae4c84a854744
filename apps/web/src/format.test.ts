import { describe, expect, it } from 'vitest';
import { formatDecimal, formatMoney } from './format.js';

// Intl separates French thousands with a narrow no-break space and puts the euro sign after.
const normalise = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('formatting amounts for the reader', () => {
  it('writes euros the French way in French', () => {
    expect(normalise(formatMoney('1234.50', 'EUR', 'fr'))).toBe('1 234,50 €');
  });

  it('writes euros the English way in English', () => {
    expect(formatMoney('1234.50', 'EUR', 'en')).toBe('€1,234.50');
  });

  it('keeps the four decimals of a small unit price', () => {
    expect(formatMoney('0.0125', 'EUR', 'en')).toBe('€0.0125');
  });

  it('keeps digits that a binary float would lose', () => {
    expect(formatMoney('90071992547409.93', 'EUR', 'en')).toBe('€90,071,992,547,409.93');
  });

  it('formats a VAT rate with the locale decimal separator', () => {
    expect(formatDecimal('5.5', 'fr')).toBe('5,5');
  });
});
