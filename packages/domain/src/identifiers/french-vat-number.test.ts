import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import {
  frenchVatNumberFromSiren,
  isValidFrenchVatNumber,
  parseFrenchVatNumber,
  validateFrenchVatNumber,
} from './french-vat-number.js';

describe('French VAT number', () => {
  it('derives FR44732829320 from SIREN 732829320: key (12 + 3 × (SIREN mod 97)) mod 97', () => {
    expect(frenchVatNumberFromSiren('732829320')).toBe('FR44732829320');
  });

  it('pads a one-digit key with a zero: SIREN 399859412 → FR06399859412', () => {
    expect(frenchVatNumberFromSiren('399859412')).toBe('FR06399859412');
  });

  it('refuses to derive a number from an invalid SIREN', () => {
    expect(thrownBy(() => frenchVatNumberFromSiren('732829321')).code).toBe('invalid_identifier');
  });

  it('accepts FR44732829320 and FR23334175221, and normalises spaces, dots, dashes and case', () => {
    expect(isValidFrenchVatNumber('FR44732829320')).toBe(true);
    expect(isValidFrenchVatNumber('FR23334175221')).toBe(true);
    expect(parseFrenchVatNumber('fr 44.732-829 320')).toBe('FR44732829320');
  });

  it('refuses a numeric key off by one (FR45732829320)', () => {
    expect(validateFrenchVatNumber('FR45732829320')).toEqual({
      ok: false,
      problem: 'checksum',
      reason: 'its key does not match its SIREN',
    });
  });

  it('refuses a SIREN part that fails the Luhn check even with the matching key (FR47732829321)', () => {
    expect(validateFrenchVatNumber('FR47732829321')).toMatchObject({
      ok: false,
      problem: 'checksum',
      reason: 'its SIREN fails the Luhn check',
    });
  });

  it('accepts a Monaco number, whose 000-prefixed identifier is no SIREN, when its key matches', () => {
    expect(isValidFrenchVatNumber('FR34000123456')).toBe(true);
    expect(isValidFrenchVatNumber('FR35000123456')).toBe(false);
  });

  it('checks new-style keys with letters: FRK7399859412 and FR4Z123456782 pass, FRK8399859412 fails', () => {
    expect(isValidFrenchVatNumber('FRK7399859412')).toBe(true);
    expect(isValidFrenchVatNumber('FR4Z123456782')).toBe(true);
    expect(validateFrenchVatNumber('FRK8399859412')).toMatchObject({ ok: false, problem: 'checksum' });
  });

  it('refuses the letters I and O in the key', () => {
    expect(validateFrenchVatNumber('FRIO334175221')).toMatchObject({ ok: false, problem: 'format' });
  });

  it('refuses a number without the FR prefix, or of the wrong length', () => {
    expect(validateFrenchVatNumber('44732829320')).toMatchObject({ ok: false, problem: 'country' });
    expect(validateFrenchVatNumber('FR4473282932')).toMatchObject({ ok: false, problem: 'length' });
  });

  it('throws invalid_identifier naming the field', () => {
    const error = thrownBy(() => parseFrenchVatNumber('FR45732829320', 'buyer.vatNumber'));

    expect(error.code).toBe('invalid_identifier');
    expect(error.details).toEqual([{ field: 'buyer.vatNumber', reason: 'its key does not match its SIREN' }]);
  });
});
