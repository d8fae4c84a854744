import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import {
  euVatNumberFormats,
  isValidEuVatNumber,
  parseEuVatNumber,
  validateEuVatNumber,
} from './eu-vat-number.js';

describe('EU VAT numbers', () => {
  it('covers the 27 member states and Northern Ireland', () => {
    expect(Object.keys(euVatNumberFormats).sort()).toEqual(
      'AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI'.split(' '),
    );
  });

  it.each([
    'ATU13585627',
    'BE0403170701',
    'BG175074752',
    'BG1750747521',
    'CY10259033P',
    'CZ00177041',
    'CZ6306150004',
    'DE136695976',
    'DK13585628',
    'EE100247019',
    'EL094019245',
    'ESA28017895',
    'ESX1234567L',
    'FI20774740',
    'FR44732829320',
    'HR33392005961',
    'HU10773381',
    'IE6388047V',
    'IE3628739UA',
    'IE8Z49289F',
    'IT00743110157',
    'LT100001919017',
    'LU15027442',
    'LV40003521600',
    'MT11679112',
    'NL004495445B01',
    'PL5260250274',
    'PT501964843',
    'RO18547290',
    'SE556012579001',
    'SI50223054',
    'SK2020317068',
    'XI123456789',
    'XIGD001',
  ])('accepts the format of %s', (number) => {
    expect(validateEuVatNumber(number)).toEqual({ ok: true, value: number });
  });

  it.each([
    ['AT13585627', 'Austrian numbers start with U'],
    ['BE2403170701', 'Belgian numbers start with 0 or 1'],
    ['DE13669597', 'German numbers have 9 digits'],
    ['NL004495445A01', 'Dutch numbers have a B'],
    ['SE556012579002', 'Swedish numbers end in 01'],
    ['RO0123', 'Romanian numbers do not start with 0'],
    ['LT1000019190', 'Lithuanian numbers have 9 or 12 digits'],
    ['XIGD0001', 'GD numbers have 3 digits'],
  ])('refuses the format of %s (%s)', (number) => {
    expect(validateEuVatNumber(number)).toMatchObject({ ok: false, problem: 'format' });
  });

  it('normalises spaces, dots, dashes and case: "de 136.695-976" → DE136695976', () => {
    expect(parseEuVatNumber('de 136.695-976')).toBe('DE136695976');
  });

  it('checks the key of French numbers: FR45732829320 fails', () => {
    expect(validateEuVatNumber('FR45732829320')).toMatchObject({ ok: false, problem: 'checksum' });
  });

  it('refuses GR, pointing to EL, and prefixes outside the EU such as CH and GB', () => {
    expect(validateEuVatNumber('GR094019245')).toMatchObject({
      ok: false,
      problem: 'country',
      reason: expect.stringContaining('EL'),
    });
    expect(isValidEuVatNumber('CHE116281710')).toBe(false);
    expect(isValidEuVatNumber('GB123456789')).toBe(false);
  });

  it('throws invalid_identifier naming the field', () => {
    const error = thrownBy(() => parseEuVatNumber('DE13669597', 'supplier.vatNumber'));

    expect(error.code).toBe('invalid_identifier');
    expect(error.details).toEqual([
      { field: 'supplier.vatNumber', reason: expect.stringContaining('9 digits') },
    ]);
  });
});
