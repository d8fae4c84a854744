import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import { isValidBic, parseBic, validateBic } from './bic.js';
import { isCountryCode } from './country-codes.js';

describe('BIC', () => {
  it('accepts 8 characters (DEUTDEFF) and 11 with a branch (BNPAFRPPXXX, AGRIFRPP882)', () => {
    expect(isValidBic('DEUTDEFF')).toBe(true);
    expect(isValidBic('BNPAFRPPXXX')).toBe(true);
    expect(isValidBic('AGRIFRPP882')).toBe(true);
  });

  it('accepts a Kosovo BIC (XK, used by SWIFT)', () => {
    expect(isValidBic('RBKOXKPR')).toBe(true);
  });

  it('removes spaces and upper-cases: "bnpa fr pp" → BNPAFRPP', () => {
    expect(parseBic('bnpa fr pp')).toBe('BNPAFRPP');
  });

  it('refuses 7, 9 and 10 characters', () => {
    for (const bic of ['DEUTDEF', 'DEUTDEFF5', 'DEUTDEFF50']) {
      expect(validateBic(bic), bic).toMatchObject({ ok: false, problem: 'length' });
    }
  });

  it('refuses digits in the country code (DEUTD3FF) and punctuation', () => {
    expect(validateBic('DEUTD3FF')).toMatchObject({ ok: false, problem: 'format' });
    expect(validateBic('DEUT-EFF')).toMatchObject({ ok: false, problem: 'format' });
  });

  it('refuses a country code that ISO 3166 does not assign (ZZ)', () => {
    expect(validateBic('DEUTZZFF')).toEqual({
      ok: false,
      problem: 'country',
      reason: 'has an unknown country code ZZ',
    });
  });

  it('throws invalid_identifier naming the field', () => {
    const error = thrownBy(() => parseBic('DEUTZZFF', 'supplier.bic'));

    expect(error.code).toBe('invalid_identifier');
    expect(error.details).toEqual([{ field: 'supplier.bic', reason: 'has an unknown country code ZZ' }]);
  });
});

describe('isCountryCode', () => {
  it('accepts FR, GB and XK, refuses UK (not ISO 3166), EL (a VAT prefix) and fr', () => {
    expect(isCountryCode('FR')).toBe(true);
    expect(isCountryCode('GB')).toBe(true);
    expect(isCountryCode('XK')).toBe(true);
    expect(isCountryCode('UK')).toBe(false);
    expect(isCountryCode('EL')).toBe(false);
    expect(isCountryCode('fr')).toBe(false);
  });
});
