import type { FieldIssue } from '../errors/index.js';
import {
  isCountryCode,
  sirenOfSiret,
  validateEuVatNumber,
  validateSiren,
  validateSiret,
} from '../identifiers/index.js';

/** A supplier's legal identity as entered; every identifier optional except where the country needs it. */
export interface SupplierIdentityInput {
  country: string;
  siren?: string | null | undefined;
  siret?: string | null | undefined;
  vatNumber?: string | null | undefined;
  duns?: string | null | undefined;
}

export interface SupplierIdentity {
  country: string;
  siren: string | null;
  siret: string | null;
  vatNumber: string | null;
  duns: string | null;
}

/** The VAT prefix of a country where it differs from its ISO code (Greece files as EL). */
const vatPrefixOf = (country: string) => (country === 'GR' ? 'EL' : country);

/**
 * Checks a supplier's identifiers against each other and its country: a French supplier needs its
 * SIRET (Luhn), the SIREN (if given) must be the SIRET's, an EU VAT number must pass its country's
 * format and carry the supplier's country prefix, and a DUNS number has 9 digits. Returns the
 * normalised identity, or the failing fields with their reasons.
 */
export function checkSupplierIdentity(
  input: SupplierIdentityInput,
): { ok: true; identity: SupplierIdentity } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const country = input.country.toUpperCase();
  if (!isCountryCode(country)) issues.push({ field: 'country', reason: 'must be an ISO 3166 country code' });

  let siret: string | null = null;
  if (input.siret) {
    const result = validateSiret(input.siret);
    if (result.ok) siret = result.value;
    else issues.push({ field: 'siret', reason: result.reason });
  } else if (country === 'FR') {
    issues.push({ field: 'siret', reason: 'is required for a French supplier' });
  }

  let siren: string | null = siret ? sirenOfSiret(siret as Parameters<typeof sirenOfSiret>[0]) : null;
  if (input.siren) {
    const result = validateSiren(input.siren);
    if (!result.ok) issues.push({ field: 'siren', reason: result.reason });
    else if (siren && result.value !== siren)
      issues.push({ field: 'siren', reason: 'must be the first 9 digits of the SIRET' });
    else siren = result.value;
  }

  let vatNumber: string | null = null;
  if (input.vatNumber) {
    const result = validateEuVatNumber(input.vatNumber);
    if (!result.ok) issues.push({ field: 'vatNumber', reason: result.reason });
    else if (
      !result.value.startsWith(vatPrefixOf(country)) &&
      !(country === 'GB' && result.value.startsWith('XI'))
    )
      issues.push({
        field: 'vatNumber',
        reason: `must start with ${vatPrefixOf(country)}, the supplier's country`,
      });
    else if (siren && country === 'FR' && result.value.slice(4) !== siren)
      issues.push({ field: 'vatNumber', reason: "must carry the supplier's SIREN" });
    else vatNumber = result.value;
  }

  let duns: string | null = null;
  if (input.duns) {
    const compact = input.duns.replace(/[\s-]/g, '');
    if (/^\d{9}$/.test(compact)) duns = compact;
    else issues.push({ field: 'duns', reason: 'must have 9 digits' });
  }

  return issues.length > 0
    ? { ok: false, issues }
    : { ok: true, identity: { country, siren, siret, vatNumber, duns } };
}
