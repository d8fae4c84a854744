// Exact decimal arithmetic on big.js, behind a private constructor so that no other code's
// settings (Big.DP, Big.RM) can change our results.
import Big from 'big.js';
import { DomainError } from '../errors/index.js';

/** A decimal as a canonical string ("12.5") or an already parsed big.js value. */
export type DecimalInput = string | Big;

/**
 * Strict: refuses JavaScript numbers, so a binary float cannot slip into an amount. Plain notation:
 * toString never switches to an exponent.
 */
const Exact = Big();
Exact.strict = true;
Exact.NE = -1e6;
Exact.PE = 1e6;

/** Used only by {@link divideRounded}, with DP set just before each division. */
const Truncating = Big();
Truncating.strict = true;
Truncating.RM = Truncating.roundDown;

/** Digits limits for parsed strings: far above any real amount, low enough to refuse garbage early. */
export const maxIntegerDigits = 18;
export const maxFractionDigits = 12;

// Optional '-', an integer part without leading zeros, an optional fraction. No '+', no exponent,
// no thousands separators, no leading or trailing '.'.
const plainDecimal = /^-?(0|[1-9]\d*)(?:\.(\d+))?$/;

/** Why `value` is not a canonical decimal string, or undefined when it is one. */
export function decimalProblem(value: string): string | undefined {
  if (value === '') return 'is empty';
  const match = plainDecimal.exec(value);
  if (!match) return 'is not a plain decimal such as "1234.50" (no exponent, separators or leading zeros)';
  const [, integerPart = '', fractionPart = ''] = match;
  if (integerPart.length > maxIntegerDigits) return `has more than ${maxIntegerDigits} integer digits`;
  if (fractionPart.length > maxFractionDigits) return `has more than ${maxFractionDigits} decimal places`;
  return undefined;
}

export function isDecimalString(value: string): boolean {
  return decimalProblem(value) === undefined;
}

/** Parses a canonical decimal string; throws DomainError `invalid_decimal` naming `field`. */
export function parseDecimal(value: string, field = 'value'): Big {
  const problem = decimalProblem(value);
  if (problem !== undefined) {
    throw new DomainError('invalid_decimal', `"${value}" ${problem}`, [{ field, reason: problem }]);
  }
  return new Exact(value);
}

/** A string is parsed as {@link parseDecimal}; a big.js value is copied into the domain's constructor. */
export function toDecimal(value: DecimalInput, field = 'value'): Big {
  return typeof value === 'string' ? parseDecimal(value, field) : new Exact(value);
}

/** Number of digits after the point, trailing zeros excluded: 12.50 → 1, 100 → 0. */
export function decimalPlaces(value: Big): number {
  return Math.max(0, value.c.length - 1 - value.e);
}

/** Rounds to `scale` decimals, ties away from zero (0.125 → 0.13, -0.125 → -0.13). */
export function roundHalfAwayFromZero(value: Big, scale: number): Big {
  // big.js "roundHalfUp" rounds ties away from zero, whatever the sign.
  return new Exact(value).round(scale, Exact.roundHalfUp);
}

/**
 * `dividend / divisor` rounded to `scale` decimals, ties away from zero, exactly: the quotient is
 * first truncated to scale + 1 decimals, which keeps the digit that decides the rounding, so there is
 * no double rounding whatever the length of the true quotient.
 */
export function divideRounded(dividend: Big, divisor: Big, scale: number): Big {
  if (divisor.eq('0')) throw new DomainError('invalid_decimal', 'Cannot divide by zero');
  Truncating.DP = scale + 1;
  return roundHalfAwayFromZero(new Truncating(dividend).div(divisor), scale);
}

/**
 * Plain decimal notation, never an exponent, '-' for negatives and never "-0". Without `scale`, as
 * many decimals as the value needs; with it, exactly `scale` decimals, rounding ties away from zero.
 */
export function formatDecimal(value: Big, scale?: number): string {
  const shown = scale === undefined ? new Exact(value) : roundHalfAwayFromZero(value, scale);
  const unsigned = shown.eq('0') ? shown.abs() : shown;
  return unsigned.toFixed(scale ?? decimalPlaces(unsigned));
}
