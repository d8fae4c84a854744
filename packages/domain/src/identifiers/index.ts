export { type Bic, isValidBic, parseBic, validateBic } from './bic.js';
export { isCountryCode } from './country-codes.js';
export {
  type EuVatNumber,
  type EuVatPrefix,
  euVatNumberFormats,
  isValidEuVatNumber,
  parseEuVatNumber,
  validateEuVatNumber,
} from './eu-vat-number.js';
export {
  type FrenchVatNumber,
  frenchVatNumberFromSiren,
  isValidFrenchVatNumber,
  parseFrenchVatNumber,
  validateFrenchVatNumber,
} from './french-vat-number.js';
export {
  formatIban,
  type Iban,
  ibanLengths,
  isValidIban,
  maskIban,
  parseIban,
  validateIban,
} from './iban.js';
export type { IdentifierProblem, IdentifierValidation } from './identifier-validation.js';
export {
  isValidSiren,
  isValidSiret,
  parseSiren,
  parseSiret,
  type Siren,
  type Siret,
  sirenOfSiret,
  validateSiren,
  validateSiret,
} from './siren.js';
