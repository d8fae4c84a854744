import { describe, expect, it } from 'vitest';
import { checkSupplierIdentity } from './supplier-identity.js';

const fields = (input: Parameters<typeof checkSupplierIdentity>[0]) => {
  const result = checkSupplierIdentity(input);
  return result.ok ? [] : result.issues.map((i) => i.field);
};

describe('supplier identity', () => {
  it('accepts a French supplier with a valid SIRET and its VAT number, deriving the SIREN', () => {
    const result = checkSupplierIdentity({
      country: 'FR',
      siret: '508 665 437 00010',
      vatNumber: 'FR83508665437',
      duns: '15-048-3782',
    });
    expect(result).toEqual({
      ok: true,
      identity: {
        country: 'FR',
        siren: '508665437',
        siret: '50866543700010',
        vatNumber: 'FR83508665437',
        duns: '150483782',
      },
    });
  });

  it('refuses a SIRET one digit off its Luhn check', () => {
    expect(fields({ country: 'FR', siret: '50866543700011' })).toEqual(['siret']);
  });

  it('requires a SIRET from a French supplier only', () => {
    expect(fields({ country: 'FR' })).toEqual(['siret']);
    expect(fields({ country: 'DE', vatNumber: 'DE136695976' })).toEqual([]);
  });

  it('refuses a VAT number of another country, or in the wrong format for its country', () => {
    expect(fields({ country: 'DE', vatNumber: 'FR83508665437' })).toEqual(['vatNumber']);
    expect(fields({ country: 'DE', vatNumber: 'DE13669597' })).toEqual(['vatNumber']);
    expect(fields({ country: 'GR', vatNumber: 'EL094259216' })).toEqual([]);
  });

  it("refuses a French VAT number that is not the supplier's SIREN", () => {
    expect(fields({ country: 'FR', siret: '50866543700010', vatNumber: 'FR05622496172' })).toEqual([
      'vatNumber',
    ]);
  });

  it('refuses a DUNS number that does not have 9 digits', () => {
    expect(fields({ country: 'DE', duns: '12345678' })).toEqual(['duns']);
    expect(fields({ country: 'DE', duns: '12345678A' })).toEqual(['duns']);
  });
});
