import { validateFrenchVatNumber } from '../identifiers/french-vat-number.js';
import { compact } from '../identifiers/identifier-validation.js';
import { type Siren, type Siret, sirenOfSiret, validateSiren, validateSiret } from '../identifiers/siren.js';
import type { ElectronicAddress, InvoiceParty, SchemedIdentifier } from './invoice.js';

/**
 * ISO 6523 ICD and EAS schemes that carry French company numbers: 0002 SIREN, 0009 SIRET, and 0225, the
 * electronic address scheme of the French e-invoicing reform (a SIREN, optionally followed by a
 * suffix such as `_SIRET` or `_service`).
 */
const sirenScheme = '0002';
const siretScheme = '0009';
const frenchDirectoryScheme = '0225';

/** What a supplier (or buyer) can be recognised by, each already checked: the keys to look it up with. */
export interface InvoicePartyKeys {
  /** The VAT identifier, compact and upper case ("DE 123456789" → "DE123456789"). */
  readonly vatNumber?: string;
  readonly siren?: Siren;
  readonly siret?: Siret;
  readonly electronicAddress?: ElectronicAddress;
}

const sirenOf = (value: string): Siren | undefined => {
  const result = validateSiren(value);
  return result.ok ? result.value : undefined;
};

const siretOf = (value: string): Siret | undefined => {
  const result = validateSiret(value);
  return result.ok ? result.value : undefined;
};

function schemed(identifiers: readonly (SchemedIdentifier | undefined)[], scheme: string): string[] {
  return identifiers.flatMap((identifier) =>
    identifier !== undefined && identifier.scheme?.trim() === scheme ? [identifier.id] : [],
  );
}

/**
 * The identifiers of a party that let Procura find it among its suppliers: the VAT number, the SIRET
 * (identifier with scheme 0009, or an electronic address under 0009 or 0225 with a SIRET suffix) and the
 * SIREN (legal registration with scheme 0002, from the SIRET, from an address under 0225, or from a French
 * VAT number). Numbers that fail their check digits are left out rather than trusted.
 */
export function invoicePartyKeys(party: InvoiceParty): InvoicePartyKeys {
  const address = party.electronicAddress;
  const addressIdentifier = address === undefined ? undefined : { id: address.value, scheme: address.scheme };
  const directoryParts = address?.scheme?.trim() === frenchDirectoryScheme ? address.value.split('_') : [];

  const siret = [
    ...schemed([...party.identifiers, party.legalRegistration, addressIdentifier], siretScheme),
    ...directoryParts.slice(1),
  ]
    .map(siretOf)
    .find((value) => value !== undefined);

  const vatNumber = party.vatNumber === undefined ? undefined : compact(party.vatNumber, '.-').toUpperCase();
  const frenchVat = vatNumber === undefined ? undefined : validateFrenchVatNumber(vatNumber);
  const siren =
    [...schemed([party.legalRegistration, ...party.identifiers], sirenScheme), ...directoryParts.slice(0, 1)]
      .map(sirenOf)
      .find((value) => value !== undefined) ??
    (siret === undefined ? undefined : sirenOfSiret(siret)) ??
    (frenchVat?.ok ? sirenOf(frenchVat.value.slice(4)) : undefined);

  return {
    ...(vatNumber ? { vatNumber } : {}),
    ...(siren ? { siren } : {}),
    ...(siret ? { siret } : {}),
    ...(address ? { electronicAddress: address } : {}),
  };
}
