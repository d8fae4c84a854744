import type { Brand } from '../brand.js';
import { digitSum, hasValidLuhnChecksum } from './checksums.js';
import { accept, compact, type IdentifierValidation, refuse, valueOrThrow } from './identifier-validation.js';

/** A French company number (INSEE): 9 digits, the last a Luhn check digit. */
export type Siren = Brand<string, 'Siren'>;
/** A French establishment number: the SIREN then a 5-digit NIC, 14 digits with a Luhn check. */
export type Siret = Brand<string, 'Siret'>;

// La Poste numbers its establishments with a digit sum that is a multiple of 5 instead of a Luhn
// key; only its head office keeps a Luhn key (INSEE).
const laPosteSiren = '356000000';
const laPosteHeadOfficeSiret = '35600000000048';

function validateDigits<T extends string>(
  digits: string,
  length: number,
): IdentifierValidation<T> | undefined {
  if (!/^\d*$/.test(digits)) return refuse('format', 'must contain digits only');
  if (digits.length !== length) return refuse('length', `must have ${length} digits`);
  return undefined;
}

/** Accepts "732829320" or "732 829 320". */
export function validateSiren(value: string): IdentifierValidation<Siren> {
  const siren = compact(value);
  const refused = validateDigits<Siren>(siren, 9);
  if (refused) return refused;
  if (!hasValidLuhnChecksum(siren)) return refuse('checksum', 'fails the Luhn check');
  return accept(siren as Siren);
}

export function isValidSiren(value: string): boolean {
  return validateSiren(value).ok;
}

/** The compact SIREN; throws DomainError `invalid_identifier` with the reason. */
export function parseSiren(value: string, field = 'siren'): Siren {
  return valueOrThrow(validateSiren(value), 'SIREN', value, field);
}

/** Accepts "73282932000074" or "732 829 320 00074"; the SIREN part must be valid too. */
export function validateSiret(value: string): IdentifierValidation<Siret> {
  const siret = compact(value);
  const refused = validateDigits<Siret>(siret, 14);
  if (refused) return refused;
  const siren = siret.slice(0, 9);
  if (!hasValidLuhnChecksum(siren))
    return refuse('checksum', 'its SIREN (first 9 digits) fails the Luhn check');
  if (siren === laPosteSiren && siret !== laPosteHeadOfficeSiret) {
    if (digitSum(siret) % 5 !== 0)
      return refuse('checksum', 'the digits of a La Poste SIRET must add up to a multiple of 5');
  } else if (!hasValidLuhnChecksum(siret)) {
    return refuse('checksum', 'fails the Luhn check');
  }
  return accept(siret as Siret);
}

export function isValidSiret(value: string): boolean {
  return validateSiret(value).ok;
}

export function parseSiret(value: string, field = 'siret'): Siret {
  return valueOrThrow(validateSiret(value), 'SIRET', value, field);
}

/** The company an establishment belongs to: the first 9 digits. */
export function sirenOfSiret(siret: Siret): Siren {
  return siret.slice(0, 9) as Siren;
}
