import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import {
  isValidSiren,
  isValidSiret,
  parseSiren,
  parseSiret,
  sirenOfSiret,
  validateSiren,
  validateSiret,
} from './siren.js';

describe('SIREN', () => {
  it('accepts 732829320 and 552100554, whose Luhn sums are multiples of 10', () => {
    expect(isValidSiren('732829320')).toBe(true);
    expect(isValidSiren('552100554')).toBe(true);
  });

  it('accepts spaces, including the no-break spaces of French formatting', () => {
    expect(parseSiren('732 829 320')).toBe('732829320');
    expect(parseSiren('732\u202f829\u00a0320')).toBe('732829320');
  });

  it('refuses a SIREN whose Luhn sum is off by one (732829321)', () => {
    expect(validateSiren('732829321')).toEqual({
      ok: false,
      problem: 'checksum',
      reason: 'fails the Luhn check',
    });
  });

  it('refuses 8 or 10 digits and letters', () => {
    expect(validateSiren('73282932')).toMatchObject({ ok: false, problem: 'length' });
    expect(validateSiren('7328293200')).toMatchObject({ ok: false, problem: 'length' });
    expect(validateSiren('')).toMatchObject({ ok: false, problem: 'length' });
    expect(validateSiren('73282932A')).toMatchObject({ ok: false, problem: 'format' });
  });

  it('throws invalid_identifier with the reason and the field', () => {
    const error = thrownBy(() => parseSiren('732829321', 'supplier.siren'));

    expect(error.code).toBe('invalid_identifier');
    expect(error.message).toBe('Invalid SIREN "732829321": fails the Luhn check');
    expect(error.details).toEqual([{ field: 'supplier.siren', reason: 'fails the Luhn check' }]);
  });
});

describe('SIRET', () => {
  it('accepts 73282932000074 and "732 829 320 00074"', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(parseSiret('732 829 320 00074')).toBe('73282932000074');
  });

  it('refuses a SIRET whose Luhn sum is off by one (…075)', () => {
    expect(validateSiret('73282932000075')).toMatchObject({ ok: false, problem: 'checksum' });
  });

  it('refuses a Luhn-valid SIRET whose SIREN part is not valid (73282932100007)', () => {
    expect(validateSiret('73282932100007')).toMatchObject({
      ok: false,
      problem: 'checksum',
      reason: expect.stringContaining('SIREN'),
    });
  });

  it('refuses 13 digits', () => {
    expect(validateSiret('7328293200007')).toMatchObject({ ok: false, problem: 'length' });
  });

  it('accepts a La Poste SIRET whose digits add up to a multiple of 5 though its Luhn sum is not one', () => {
    expect(isValidSiret('35600000010000')).toBe(true);
  });

  it('refuses a La Poste SIRET whose digits do not add up to a multiple of 5 though it is Luhn-valid', () => {
    expect(validateSiret('35600000010013')).toMatchObject({ ok: false, problem: 'checksum' });
  });

  it('accepts the La Poste head office 35600000000048, which keeps a Luhn key (digit sum 26)', () => {
    expect(isValidSiret('35600000000048')).toBe(true);
  });

  it('gives the SIREN of an establishment', () => {
    expect(sirenOfSiret(parseSiret('73282932000074'))).toBe('732829320');
  });
});
