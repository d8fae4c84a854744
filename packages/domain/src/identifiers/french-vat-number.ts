import type { Brand } from '../brand.js';
import { hasValidLuhnChecksum } from './checksums.js';
import { accept, compact, type IdentifierValidation, refuse, valueOrThrow } from './identifier-validation.js';
import { parseSiren } from './siren.js';

/** A French intra-community VAT number: "FR", a 2-character key, the 9-digit SIREN. */
export type FrenchVatNumber = Brand<string, 'FrenchVatNumber'>;

/** Separators people type inside VAT numbers ("FR 44 732 829 320", "FR-44.732.829.320"). */
export const vatNumberSeparators = '.-';

// Key characters of new-style numbers: digits and letters, without I and O.
const keyAlphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const frenchVatNumberPattern = /^FR([0-9A-HJ-NP-Z]{2})(\d{9})$/;

/** The numeric key of an old-style number: (12 + 3 × (SIREN mod 97)) mod 97, on 2 digits. */
function numericKey(siren: string): string {
  return String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0');
}

function keyMatches(key: string, siren: string): boolean {
  if (/^\d{2}$/.test(key)) return key === numericKey(siren);
  // New-style keys contain a letter; the check below is the DGFiP one, as python-stdnum implements it.
  const first = keyAlphabet.indexOf(key.charAt(0));
  const second = keyAlphabet.indexOf(key.charAt(1));
  const check = first < 10 ? first * 24 + second - 10 : first * 34 + second - 100;
  return (Number(siren) + 1 + Math.floor(check / 11)) % 11 === check % 11;
}

/** Accepts "FR44732829320", "fr 44 732 829 320", ... and returns the compact upper-case form. */
export function validateFrenchVatNumber(value: string): IdentifierValidation<FrenchVatNumber> {
  const number = compact(value, vatNumberSeparators).toUpperCase();
  if (!number.startsWith('FR')) return refuse('country', 'must start with FR');
  if (number.length !== 13) return refuse('length', 'must be FR followed by 11 characters');
  const match = frenchVatNumberPattern.exec(number);
  if (!match) return refuse('format', 'must be FR, a key of 2 digits or letters (not I or O) and 9 digits');
  const [, key = '', siren = ''] = match;
  // Businesses in Monaco get French VAT numbers whose 9 digits start with 000 and are not SIRENs.
  if (!siren.startsWith('000') && !hasValidLuhnChecksum(siren)) {
    return refuse('checksum', 'its SIREN fails the Luhn check');
  }
  if (!keyMatches(key, siren)) return refuse('checksum', 'its key does not match its SIREN');
  return accept(number as FrenchVatNumber);
}

export function isValidFrenchVatNumber(value: string): boolean {
  return validateFrenchVatNumber(value).ok;
}

export function parseFrenchVatNumber(value: string, field = 'vatNumber'): FrenchVatNumber {
  return valueOrThrow(validateFrenchVatNumber(value), 'French VAT number', value, field);
}

/** The VAT number the tax administration derives from a SIREN: 732829320 → FR44732829320. */
export function frenchVatNumberFromSiren(siren: string): FrenchVatNumber {
  const valid = parseSiren(siren);
  return `FR${numericKey(valid)}${valid}` as FrenchVatNumber;
}
