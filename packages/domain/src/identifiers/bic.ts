import type { Brand } from '../brand.js';
import { isCountryCode } from './country-codes.js';
import { accept, compact, type IdentifierValidation, refuse, valueOrThrow } from './identifier-validation.js';

/** A BIC (ISO 9362), upper case, 8 or 11 characters ("DEUTDEFF", "BNPAFRPPXXX"). */
export type Bic = Brand<string, 'Bic'>;

// ISO 9362:2014: party prefix (4 letters or digits), country (2 letters), location (2 letters or
// digits), optional branch (3 letters or digits).
const bicPattern = /^[A-Z0-9]{4}([A-Z]{2})[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;

export function validateBic(value: string): IdentifierValidation<Bic> {
  const bic = compact(value).toUpperCase();
  if (bic.length !== 8 && bic.length !== 11) return refuse('length', 'must have 8 or 11 characters');
  const match = bicPattern.exec(bic);
  if (!match) {
    return refuse(
      'format',
      'must be 4 letters or digits, a country code, 2 letters or digits and an optional branch',
    );
  }
  if (!isCountryCode(match[1] ?? '')) return refuse('country', `has an unknown country code ${match[1]}`);
  return accept(bic as Bic);
}

export function isValidBic(value: string): boolean {
  return validateBic(value).ok;
}

export function parseBic(value: string, field = 'bic'): Bic {
  return valueOrThrow(validateBic(value), 'BIC', value, field);
}
