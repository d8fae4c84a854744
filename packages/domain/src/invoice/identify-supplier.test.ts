import { describe, expect, it } from 'vitest';
import { parseSiren, parseSiret } from '../identifiers/siren.js';
import { identifySupplier, type KnownSupplierIdentifiers } from './identify-supplier.js';
import type { ElectronicAddress } from './invoice.js';
import type { InvoicePartyKeys } from './invoice-party.js';

const martinLyon: KnownSupplierIdentifiers = {
  supplierId: 'martin-lyon',
  vatNumber: 'FR44732829320',
  siren: '732829320',
  siret: '73282932000074',
};
const martinParis: KnownSupplierIdentifiers = {
  ...martinLyon,
  supplierId: 'martin-paris',
  siret: '73282932000025',
};
const lemaire: KnownSupplierIdentifiers = {
  supplierId: 'lemaire',
  vatNumber: 'fr 83 404 833 048',
  siren: '404833048',
  siret: null,
};
const known = [martinLyon, martinParis, lemaire];
const keys = ({
  siren,
  siret,
  ...rest
}: {
  vatNumber?: string;
  siren?: string;
  siret?: string;
  electronicAddress?: ElectronicAddress;
}): InvoicePartyKeys => ({
  ...rest,
  ...(siren ? { siren: parseSiren(siren) } : {}),
  ...(siret ? { siret: parseSiret(siret) } : {}),
});

describe('identifySupplier', () => {
  it('tells two establishments of one company apart by their SIRET', () => {
    expect(identifySupplier(keys({ siren: '732829320', siret: '73282932000025' }), known)).toEqual({
      outcome: 'identified',
      supplierId: 'martin-paris',
      by: 'siret',
    });
  });

  it('finds a supplier by its VAT number, however catalog wrote it', () => {
    expect(identifySupplier(keys({ vatNumber: 'FR83404833048' }), known)).toEqual({
      outcome: 'identified',
      supplierId: 'lemaire',
      by: 'vat_number',
    });
  });

  it('finds a supplier by an electronic address that carries one of its numbers', () => {
    expect(
      identifySupplier(keys({ electronicAddress: { value: '404833048', scheme: '0002' } }), known),
    ).toMatchObject({ outcome: 'identified', supplierId: 'lemaire', by: 'electronic_address' });
  });

  it("finds a supplier by its own e-invoicing address, under that address's scheme only", () => {
    const withEndpoint = [
      ...known,
      {
        supplierId: 'dupont',
        vatNumber: null,
        siren: null,
        siret: null,
        electronicAddress: { scheme: '0088', value: '5790000435951' },
      },
    ];
    expect(
      identifySupplier(keys({ electronicAddress: { value: '5790000435951', scheme: '0088' } }), withEndpoint),
    ).toEqual({ outcome: 'identified', supplierId: 'dupont', by: 'electronic_address' });
    expect(
      identifySupplier(keys({ electronicAddress: { value: '5790000435951', scheme: '0060' } }), withEndpoint),
    ).toEqual({ outcome: 'unknown' });
  });

  it('does not choose between two establishments that only the SIREN names', () => {
    expect(identifySupplier(keys({ vatNumber: 'FR44732829320', siren: '732829320' }), known)).toEqual({
      outcome: 'ambiguous',
      supplierIds: ['martin-lyon', 'martin-paris'],
    });
  });

  it('does not identify a seller whose keys point to no supplier, nor one without keys', () => {
    expect(identifySupplier(keys({ vatNumber: 'DE123456789', siret: '55208131766522' }), known)).toEqual({
      outcome: 'unknown',
    });
    expect(identifySupplier(keys({}), known)).toEqual({ outcome: 'unknown' });
  });
});
