import type { Brand } from '../brand.js';
import { mod97 } from './checksums.js';
import { accept, compact, type IdentifierValidation, refuse, valueOrThrow } from './identifier-validation.js';

/** An IBAN in electronic form: upper case, no spaces ("FR1420041010050500013M02606"). */
export type Iban = Brand<string, 'Iban'>;

/**
 * IBAN lengths from the SWIFT IBAN registry (ISO 13616): every SEPA country, then the other
 * countries French companies commonly pay. Overseas departments and territories use FR IBANs.
 */
// biome-ignore format: a table reads better packed than one entry per line
export const ibanLengths: Readonly<Record<string, number>> = {
  // SEPA: the EU, the EEA, and Andorra, Albania, Switzerland, the United Kingdom, Gibraltar,
  // Monaco, Moldova, Montenegro, North Macedonia, San Marino and the Vatican.
  AD: 24, AL: 28, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20,
  ES: 24, FI: 18, FR: 27, GB: 22, GI: 23, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MT: 31, NL: 18, NO: 15,
  PL: 28, PT: 25, RO: 24, SE: 24, SI: 19, SK: 24, SM: 27, VA: 22,
  // Outside SEPA.
  AE: 23, AZ: 28, BA: 20, BH: 22, BR: 29, BY: 28, CR: 22, DO: 28, EG: 29, FO: 18, GE: 22,
  GL: 18, GT: 28, IL: 23, IQ: 23, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LY: 25, MR: 27,
  MU: 30, PK: 24, PS: 29, QA: 29, RS: 22, SA: 24, SC: 31, SD: 18, ST: 25, SV: 28, TL: 23,
  TN: 24, TR: 26, UA: 29, VG: 24, XK: 20,
};

/** Digits for the mod-97 check: letters become two digits (A = 10 ... Z = 35). */
function toCheckDigits(iban: string): string {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  return [...rearranged].map((char) => Number.parseInt(char, 36).toString()).join('');
}

/** Accepts "DE89 3704 0044 0532 0130 00" or "de89370400440532013000". */
export function validateIban(value: string): IdentifierValidation<Iban> {
  const iban = compact(value).toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) {
    return refuse('format', 'must be a country code, 2 check digits and letters or digits');
  }
  const expectedLength = ibanLengths[iban.slice(0, 2)];
  if (expectedLength === undefined)
    return refuse('country', `has an unknown IBAN country ${iban.slice(0, 2)}`);
  if (iban.length !== expectedLength) {
    return refuse('length', `must have ${expectedLength} characters for ${iban.slice(0, 2)}`);
  }
  // ISO 13616: check digits run from 02 to 98, and the rearranged number is 1 modulo 97.
  const checkDigits = Number(iban.slice(2, 4));
  if (checkDigits < 2 || checkDigits > 98 || mod97(toCheckDigits(iban)) !== 1) {
    return refuse('checksum', 'fails the mod-97 check');
  }
  return accept(iban as Iban);
}

export function isValidIban(value: string): boolean {
  return validateIban(value).ok;
}

export function parseIban(value: string, field = 'iban'): Iban {
  return valueOrThrow(validateIban(value), 'IBAN', value, field);
}

/** The paper form, in groups of four: "DE89 3704 0044 0532 0130 00". */
export function formatIban(iban: Iban): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * What may be shown to someone who does not handle bank details: the country and check digits and
 * the last four characters, enough to tell two accounts apart ("FR76 •••• •••• 0189").
 */
export function maskIban(iban: string): string {
  const compact = iban.replace(/\s+/g, '');
  return `${compact.slice(0, 4)} •••• •••• ${compact.slice(-4)}`;
}
