import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import { formatIban, ibanLengths, isValidIban, maskIban, parseIban, validateIban } from './iban.js';

describe('IBAN', () => {
  it.each([
    'DE89370400440532013000',
    'FR1420041010050500013M02606',
    'GB82WEST12345698765432',
    'BE68539007547034',
    'NL91ABNA0417164300',
    'CH9300762011623852957',
    'NO9386011117947',
    'MT84MALT011000012345MTLCAST001S',
    'ES9121000418450200051332',
    'IT60X0542811101000000123456',
    'PL61109010140000071219812874',
  ])('accepts the published example %s', (iban) => {
    expect(validateIban(iban)).toEqual({ ok: true, value: iban });
  });

  it('knows the length of every SEPA country', () => {
    const sepa =
      'AD AL AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MD ME MK MT NL NO PL PT RO SE SI SK SM VA';
    for (const country of sepa.split(' ')) expect(ibanLengths[country], country).toBeGreaterThan(14);
  });

  it('removes spaces and upper-cases: "fr14 2004 1010 0505 0001 3m02 606"', () => {
    expect(parseIban('fr14 2004 1010 0505 0001 3m02 606')).toBe('FR1420041010050500013M02606');
  });

  it('refuses an IBAN whose last digit is off by one (mod-97 check)', () => {
    expect(validateIban('DE89370400440532013001')).toEqual({
      ok: false,
      problem: 'checksum',
      reason: 'fails the mod-97 check',
    });
  });

  it('refuses check digits 01, outside 02–98, even when the mod-97 remainder is 1', () => {
    expect(isValidIban('DE98370400440532013032')).toBe(true);
    expect(validateIban('DE01370400440532013032')).toMatchObject({ ok: false, problem: 'checksum' });
  });

  it('refuses a German IBAN of 21 characters', () => {
    expect(validateIban('DE8937040044053201300')).toMatchObject({
      ok: false,
      problem: 'length',
      reason: 'must have 22 characters for DE',
    });
  });

  it('refuses an unknown IBAN country', () => {
    expect(validateIban('ZZ89370400440532013000')).toMatchObject({ ok: false, problem: 'country' });
  });

  it('refuses punctuation and a missing check part', () => {
    expect(validateIban('DE89-3704-0044-0532-0130-00')).toMatchObject({ ok: false, problem: 'format' });
    expect(validateIban('DEXX370400440532013000')).toMatchObject({ ok: false, problem: 'format' });
  });

  it('throws invalid_identifier naming the field', () => {
    const error = thrownBy(() => parseIban('DE89370400440532013001', 'supplier.iban'));

    expect(error.code).toBe('invalid_identifier');
    expect(error.details).toEqual([{ field: 'supplier.iban', reason: 'fails the mod-97 check' }]);
  });

  it('formats in groups of four: "DE89 3704 0044 0532 0130 00"', () => {
    expect(formatIban(parseIban('DE89370400440532013000'))).toBe('DE89 3704 0044 0532 0130 00');
    expect(formatIban(parseIban('NL91ABNA0417164300'))).toBe('NL91 ABNA 0417 1643 00');
  });

  it('masks all but the country, the check digits and the last four characters', () => {
    expect(maskIban('FR7630006000011234567890189')).toBe('FR76 •••• •••• 0189');
    expect(maskIban('NL91 ABNA 0417 1643 00')).toBe('NL91 •••• •••• 4300');
  });
});
