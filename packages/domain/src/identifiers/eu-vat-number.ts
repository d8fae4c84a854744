import type { Brand } from '../brand.js';
import { validateFrenchVatNumber, vatNumberSeparators } from './french-vat-number.js';
import { accept, compact, type IdentifierValidation, refuse, valueOrThrow } from './identifier-validation.js';

/** A VAT number of an EU member state or of Northern Ireland, compact and upper-case ("ATU13585627"). */
export type EuVatNumber = Brand<string, 'EuVatNumber'>;

/**
 * VIES number formats, by VAT prefix: the 27 member states (Greece is EL, not GR) and XI, Northern
 * Ireland, which stays in the EU VAT area for goods. `pattern` applies to what follows the prefix.
 */
export const euVatNumberFormats = {
  AT: { country: 'Austria', pattern: /^U\d{8}$/, description: 'U and 8 digits' },
  BE: { country: 'Belgium', pattern: /^[01]\d{9}$/, description: '10 digits, starting with 0 or 1' },
  BG: { country: 'Bulgaria', pattern: /^\d{9,10}$/, description: '9 or 10 digits' },
  CY: { country: 'Cyprus', pattern: /^\d{8}[A-Z]$/, description: '8 digits and a letter' },
  CZ: { country: 'Czechia', pattern: /^\d{8,10}$/, description: '8 to 10 digits' },
  DE: { country: 'Germany', pattern: /^\d{9}$/, description: '9 digits' },
  DK: { country: 'Denmark', pattern: /^\d{8}$/, description: '8 digits' },
  EE: { country: 'Estonia', pattern: /^\d{9}$/, description: '9 digits' },
  EL: { country: 'Greece', pattern: /^\d{9}$/, description: '9 digits' },
  ES: {
    country: 'Spain',
    pattern: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
    description: '9 characters: a letter or digit, 7 digits, a letter or digit',
  },
  FI: { country: 'Finland', pattern: /^\d{8}$/, description: '8 digits' },
  FR: {
    country: 'France',
    pattern: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
    description: 'a key of 2 digits or letters (not I or O) and the 9-digit SIREN',
  },
  HR: { country: 'Croatia', pattern: /^\d{11}$/, description: '11 digits' },
  HU: { country: 'Hungary', pattern: /^\d{8}$/, description: '8 digits' },
  IE: {
    country: 'Ireland',
    pattern: /^(?:\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
    description: '7 digits and 1 or 2 letters, or the old digit, character, 5 digits, letter form',
  },
  IT: { country: 'Italy', pattern: /^\d{11}$/, description: '11 digits' },
  LT: { country: 'Lithuania', pattern: /^(?:\d{9}|\d{12})$/, description: '9 or 12 digits' },
  LU: { country: 'Luxembourg', pattern: /^\d{8}$/, description: '8 digits' },
  LV: { country: 'Latvia', pattern: /^\d{11}$/, description: '11 digits' },
  MT: { country: 'Malta', pattern: /^\d{8}$/, description: '8 digits' },
  NL: { country: 'Netherlands', pattern: /^\d{9}B\d{2}$/, description: '9 digits, B and 2 digits' },
  PL: { country: 'Poland', pattern: /^\d{10}$/, description: '10 digits' },
  PT: { country: 'Portugal', pattern: /^\d{9}$/, description: '9 digits' },
  RO: { country: 'Romania', pattern: /^[1-9]\d{1,9}$/, description: '2 to 10 digits, not starting with 0' },
  SE: { country: 'Sweden', pattern: /^\d{10}01$/, description: '12 digits ending in 01' },
  SI: { country: 'Slovenia', pattern: /^\d{8}$/, description: '8 digits' },
  SK: { country: 'Slovakia', pattern: /^\d{10}$/, description: '10 digits' },
  XI: {
    country: 'Northern Ireland',
    pattern: /^(?:\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
    description: '9 or 12 digits, or GD or HA and 3 digits',
  },
} as const satisfies Record<string, { country: string; pattern: RegExp; description: string }>;

export type EuVatPrefix = keyof typeof euVatNumberFormats;

function isEuVatPrefix(value: string): value is EuVatPrefix {
  return Object.hasOwn(euVatNumberFormats, value);
}

/**
 * Checks the prefix and the format of the country; French numbers also get their key checked.
 * Accepts separators and lower case: "de 136 695 976" → "DE136695976".
 */
export function validateEuVatNumber(value: string): IdentifierValidation<EuVatNumber> {
  const number = compact(value, vatNumberSeparators).toUpperCase();
  const prefix = number.slice(0, 2);
  if (!isEuVatPrefix(prefix)) {
    const hint = prefix === 'GR' ? ' (Greece uses EL)' : '';
    return refuse('country', `must start with the VAT prefix of an EU member state or XI${hint}`);
  }
  if (prefix === 'FR') {
    const french = validateFrenchVatNumber(number);
    return french.ok ? accept(french.value as string as EuVatNumber) : french;
  }
  const { country, pattern, description } = euVatNumberFormats[prefix];
  if (!pattern.test(number.slice(2)))
    return refuse('format', `a VAT number of ${country} is ${prefix} and ${description}`);
  return accept(number as EuVatNumber);
}

export function isValidEuVatNumber(value: string): boolean {
  return validateEuVatNumber(value).ok;
}

export function parseEuVatNumber(value: string, field = 'vatNumber'): EuVatNumber {
  return valueOrThrow(validateEuVatNumber(value), 'EU VAT number', value, field);
}
