import { describe, expect, it } from 'vitest';
import type { InvoiceParty } from './invoice.js';
import { invoicePartyKeys } from './invoice-party.js';

const party = (overrides: Partial<InvoiceParty>): InvoiceParty => ({ identifiers: [], ...overrides });

describe('invoicePartyKeys', () => {
  it('finds the SIRET in an identifier with scheme 0009 and derives the SIREN from it', () => {
    expect(invoicePartyKeys(party({ identifiers: [{ id: '73282932000074', scheme: '0009' }] }))).toEqual({
      siren: '732829320',
      siret: '73282932000074',
    });
  });

  it('takes the SIREN from the legal registration with scheme 0002', () => {
    expect(invoicePartyKeys(party({ legalRegistration: { id: '732 829 320', scheme: '0002' } }))).toEqual({
      siren: '732829320',
    });
  });

  it('reads a 0225 electronic address: SIREN, then an optional SIRET suffix', () => {
    const keys = invoicePartyKeys(
      party({ electronicAddress: { value: '732829320_73282932000074', scheme: '0225' } }),
    );

    expect(keys).toMatchObject({ siren: '732829320', siret: '73282932000074' });
  });

  it('derives the SIREN from a French VAT number and compacts any VAT number', () => {
    expect(invoicePartyKeys(party({ vatNumber: 'fr 44 732 829 320' }))).toEqual({
      vatNumber: 'FR44732829320',
      siren: '732829320',
    });
    expect(invoicePartyKeys(party({ vatNumber: 'DE 123456789' }))).toEqual({ vatNumber: 'DE123456789' });
  });

  it('leaves out numbers that fail their check digits rather than trust them', () => {
    expect(
      invoicePartyKeys(
        party({
          identifiers: [{ id: '73282932000075', scheme: '0009' }],
          legalRegistration: { id: '732829321', scheme: '0002' },
        }),
      ),
    ).toEqual({});
  });

  it('ignores identifiers under other schemes (a GLN under 0088)', () => {
    expect(invoicePartyKeys(party({ identifiers: [{ id: '73282932000074', scheme: '0088' }] }))).toEqual({});
  });
});
