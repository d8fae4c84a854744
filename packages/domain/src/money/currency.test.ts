import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import { currencyCodes, isCurrencyCode, minorUnitsOf, parseCurrency } from './currency.js';

describe('currencies', () => {
  it('knows the currencies Procura must handle', () => {
    const required =
      'EUR USD GBP CHF JPY SEK NOK DKK PLN CZK HUF RON BGN CAD AUD CNY INR MAD TND XOF KWD BHD';
    expect(currencyCodes).toEqual(expect.arrayContaining(required.split(' ')));
  });

  it('gives each currency its ISO 4217 minor units: JPY 0, XOF 0, EUR 2, TND 3, KWD 3', () => {
    expect(minorUnitsOf('JPY')).toBe(0);
    expect(minorUnitsOf('XOF')).toBe(0);
    expect(minorUnitsOf('EUR')).toBe(2);
    expect(minorUnitsOf('TND')).toBe(3);
    expect(minorUnitsOf('KWD')).toBe(3);
  });
});

describe('isCurrencyCode', () => {
  it('accepts EUR but not eur, an unknown code or a property of every object', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('XXX')).toBe(false);
    expect(isCurrencyCode('constructor')).toBe(false);
    expect(isCurrencyCode(978)).toBe(false);
  });
});

describe('parseCurrency', () => {
  it('returns a known code as is', () => {
    expect(parseCurrency('CHF')).toBe('CHF');
  });

  it('refuses an unknown code with invalid_currency, naming the field', () => {
    const error = thrownBy(() => parseCurrency('EURO', 'order.currency'));

    expect(error.code).toBe('invalid_currency');
    expect(error.details).toEqual([{ field: 'order.currency', reason: expect.stringContaining('ISO 4217') }]);
  });
});
