// Which known supplier sent an invoice: the seller's keys (invoicePartyKeys) against the suppliers'
// identifiers as catalog approved them. Never a guess: a seller whose keys point nowhere, or to
// several suppliers that no more specific key tells apart, is not identified.
import type { InvoicePartyKeys } from './invoice-party.js';

/** A supplier's identifiers as the buyer knows them: VAT number compact and upper case, digits only. */
export interface KnownSupplierIdentifiers {
  readonly supplierId: string;
  readonly vatNumber: string | null;
  readonly siren: string | null;
  readonly siret: string | null;
  /** The supplier's own e-invoicing address (a Peppol endpoint), when catalog knows it. */
  readonly electronicAddress?: { readonly scheme: string; readonly value: string } | null;
}

/** Which of the seller's keys identified the supplier, most specific first. */
export const supplierIdentificationKeys = ['siret', 'vat_number', 'siren', 'electronic_address'] as const;
export type SupplierIdentificationKey = (typeof supplierIdentificationKeys)[number];

export type SupplierIdentification =
  | { readonly outcome: 'identified'; readonly supplierId: string; readonly by: SupplierIdentificationKey }
  | { readonly outcome: 'unknown' }
  /** Several suppliers share the seller's keys (two records of one company): a person decides. */
  | { readonly outcome: 'ambiguous'; readonly supplierIds: readonly string[] };

const compactUpper = (value: string) => value.replace(/[\s.-]/g, '').toUpperCase();

function matcher(
  key: SupplierIdentificationKey,
  keys: InvoicePartyKeys,
): ((supplier: KnownSupplierIdentifiers) => boolean) | undefined {
  switch (key) {
    case 'siret':
      return keys.siret ? (s) => s.siret === keys.siret : undefined;
    case 'vat_number':
      return keys.vatNumber
        ? (s) => s.vatNumber !== null && compactUpper(s.vatNumber) === keys.vatNumber
        : undefined;
    case 'siren':
      return keys.siren ? (s) => s.siren === keys.siren : undefined;
    case 'electronic_address': {
      // The supplier's own address, under the same scheme when the invoice names one; or an
      // address under a scheme that carries a company number (0009 SIRET, 0002 or 0225 SIREN,
      // 9957 French VAT...), which is that number: compared with each identifier the supplier has.
      const address = keys.electronicAddress?.value;
      if (!address) return undefined;
      const value = compactUpper(address);
      const scheme = keys.electronicAddress?.scheme;
      return (s) =>
        (s.electronicAddress != null &&
          compactUpper(s.electronicAddress.value) === value &&
          (scheme === undefined || scheme === s.electronicAddress.scheme)) ||
        [s.siret, s.siren, s.vatNumber].some((known) => known !== null && compactUpper(known) === value);
    }
  }
}

/**
 * The supplier the keys identify. The keys are tried from the most specific (SIRET, an
 * establishment) to the least (an electronic address): the first that leaves one supplier among
 * those still in the running identifies it; one that several share narrows the running to them.
 * No key matching anyone: unknown; several suppliers left that no key tells apart: ambiguous.
 */
export function identifySupplier(
  keys: InvoicePartyKeys,
  suppliers: readonly KnownSupplierIdentifiers[],
): SupplierIdentification {
  let running = suppliers;
  let narrowed = false;
  for (const key of supplierIdentificationKeys) {
    const matches = matcher(key, keys);
    if (matches === undefined) continue;
    const found = running.filter(matches);
    if (found.length === 1 && found[0])
      return { outcome: 'identified', supplierId: found[0].supplierId, by: key };
    if (found.length > 1) {
      running = found;
      narrowed = true;
    }
  }
  return narrowed
    ? { outcome: 'ambiguous', supplierIds: running.map((s) => s.supplierId).sort() }
    : { outcome: 'unknown' };
}
