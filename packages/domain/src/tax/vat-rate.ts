import type { Brand } from '../brand.js';
import { DomainError } from '../errors/index.js';
import { decimalPlaces, decimalProblem, parseDecimal } from '../money/decimal.js';
import { type VatCategoryCode, vatCategories } from './vat-category.js';

/**
 * A VAT rate in percent, in its shortest form ("20", "5.5", "0"), so that equal rates are equal
 * strings and group together in a VAT breakdown.
 */
export type VatRate = Brand<string, 'VatRate'>;

const maxRateDecimals = 2;

function vatRateProblem(value: string): string | undefined {
  const decimalIssue = decimalProblem(value);
  if (decimalIssue !== undefined) return decimalIssue;
  const rate = parseDecimal(value);
  if (rate.lt('0') || rate.gt('100')) return 'must be between 0 and 100';
  if (decimalPlaces(rate) > maxRateDecimals) return `must have at most ${maxRateDecimals} decimals`;
  return undefined;
}

export function isValidVatRate(value: string): boolean {
  return vatRateProblem(value) === undefined;
}

/** Parses a percentage 0–100 with at most 2 decimals ("5.50" → "5.5"); throws `invalid_vat_rate`. */
export function parseVatRate(value: string, field = 'rate'): VatRate {
  const problem = vatRateProblem(value);
  if (problem !== undefined) {
    throw new DomainError('invalid_vat_rate', `VAT rate "${value}" ${problem}`, [{ field, reason: problem }]);
  }
  return parseDecimal(value).toString() as VatRate;
}

/** French VAT rates (Code général des impôts, art. 278 and following). */
export const frenchVatRates = {
  standard: parseVatRate('20'),
  intermediate: parseVatRate('10'),
  reduced: parseVatRate('5.5'),
  superReduced: parseVatRate('2.1'),
} as const;

function rateRuleBreach(category: VatCategoryCode, rate: VatRate): string | undefined {
  const { rateRule, ruleId } = vatCategories[category];
  const isZero = parseDecimal(rate).eq('0');
  if (rateRule === 'positive' && isZero) return `must be greater than 0 for category ${category} (${ruleId})`;
  if (rateRule === 'zero' && !isZero) return `must be 0 for category ${category} (${ruleId})`;
  return undefined;
}

/**
 * Throws `invalid_vat_rate` when EN 16931 forbids `rate` for `category`: standard rate (S) above
 * zero; Z, E, AE, K, G and O at zero; IGIC (L) and IPSI (M) at zero or above.
 */
export function assertVatRateAllowed(category: VatCategoryCode, rate: VatRate, field = 'rate'): void {
  const reason = rateRuleBreach(category, rate);
  if (reason !== undefined) {
    throw new DomainError('invalid_vat_rate', `VAT rate ${rate} % ${reason}`, [{ field, reason }]);
  }
}
