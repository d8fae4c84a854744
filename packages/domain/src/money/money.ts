import type Big from 'big.js';
import { DomainError } from '../errors/index.js';
import { type CurrencyCode, minorUnitsOf } from './currency.js';
import {
  type DecimalInput,
  decimalPlaces,
  decimalProblem,
  formatDecimal,
  roundHalfAwayFromZero,
  toDecimal,
} from './decimal.js';

/** EN 16931 amounts (line, allowance, charge, VAT and document totals) carry at most 2 decimals. */
export const en16931AmountScale = 2;

/**
 * An exact amount in one currency. Immutable: every operation returns a new value. Create one with
 * {@link money}; the class is exported as a type only so that nothing bypasses parsing.
 */
class Money {
  readonly currency: CurrencyCode;
  /**
   * The exact amount in plain decimal notation, without trailing zeros ("1.5" for 1.50): equal
   * amounts have equal values, so structural comparisons (a test's toEqual) compare amounts too.
   */
  readonly value: string;
  readonly #amount: Big;

  constructor(amount: Big, currency: CurrencyCode) {
    this.#amount = amount;
    this.currency = currency;
    this.value = amount.toFixed();
    Object.freeze(this);
  }

  /**
   * A copy of the exact amount (big.js values are mutable, so the original stays private). It comes
   * from the domain's strict constructor: combine it with decimal strings, never with numbers.
   */
  get amount(): Big {
    return toDecimal(this.#amount);
  }

  add(other: Money): Money {
    this.#assertSameCurrency(other, 'add');
    return new Money(this.#amount.plus(other.#amount), this.currency);
  }

  subtract(other: Money): Money {
    this.#assertSameCurrency(other, 'subtract');
    return new Money(this.#amount.minus(other.#amount), this.currency);
  }

  negate(): Money {
    return new Money(this.#amount.times('-1'), this.currency);
  }

  /** Exact, unrounded product, e.g. unit price × quantity. A string factor must be a plain decimal. */
  multiply(by: DecimalInput): Money {
    return new Money(this.#amount.times(toDecimal(by, 'factor')), this.currency);
  }

  /** -1, 0 or 1; throws `currency_mismatch` across currencies, where no order exists. */
  compare(other: Money): -1 | 0 | 1 {
    this.#assertSameCurrency(other, 'compare');
    return this.#amount.cmp(other.#amount);
  }

  /** Same currency and same value; 10.5 and 10.50 are equal, 10 EUR and 10 USD are not. */
  equals(other: Money): boolean {
    return this.currency === other.currency && this.#amount.eq(other.#amount);
  }

  isZero(): boolean {
    return this.#amount.eq('0');
  }

  isNegative(): boolean {
    return this.#amount.lt('0');
  }

  /** Rounds to the currency's minor units (JPY 0, EUR 2, KWD 3), ties away from zero. */
  roundToCurrency(): Money {
    return this.#roundTo(minorUnitsOf(this.currency));
  }

  /** Rounds to 2 decimals, ties away from zero: the rounding EN 16931 applies to every amount. */
  roundEn16931(): Money {
    return this.#roundTo(en16931AmountScale);
  }

  /**
   * The API form: "1234.50". Without `scale`, at least the currency's minor units and more when the
   * amount has more (a unit price "0.0125"); with `scale`, exactly that many, ties away from zero.
   */
  toDecimalString(scale?: number): string {
    return formatDecimal(
      this.#amount,
      scale ?? Math.max(minorUnitsOf(this.currency), decimalPlaces(this.#amount)),
    );
  }

  toJSON(): { amount: string; currency: CurrencyCode } {
    return { amount: this.toDecimalString(), currency: this.currency };
  }

  toString(): string {
    return `${this.toDecimalString()} ${this.currency}`;
  }

  #roundTo(scale: number): Money {
    return new Money(roundHalfAwayFromZero(this.#amount, scale), this.currency);
  }

  #assertSameCurrency(other: Money, operation: string): void {
    if (other.currency !== this.currency) {
      throw new DomainError(
        'currency_mismatch',
        `Cannot ${operation} ${other.toString()} and ${this.toString()}: the currencies differ`,
        { expected: this.currency, actual: other.currency },
      );
    }
  }
}

export type { Money };

/**
 * Builds a Money from a plain decimal string ("1234.50", "-3", "0.0125") or a big.js value.
 * Throws DomainError `invalid_amount` for anything else: "", "1e3", "1,000.00", "NaN", " 12", ...
 */
export function money(amount: DecimalInput, currency: CurrencyCode): Money {
  const problem = typeof amount === 'string' ? decimalProblem(amount) : undefined;
  if (problem !== undefined) {
    throw new DomainError('invalid_amount', `"${amount}" ${problem}`, [{ field: 'amount', reason: problem }]);
  }
  return new Money(toDecimal(amount), currency);
}

export function isMoney(value: unknown): value is Money {
  return value instanceof Money;
}

/** Exact sum; the empty list sums to zero in `currency`. Throws `currency_mismatch` on a foreign amount. */
export function sum(amounts: readonly Money[], currency: CurrencyCode): Money {
  return amounts.reduce((total, amount) => total.add(amount), money('0', currency));
}

/** `percent` % of `amount`, exact and unrounded: 5.5 % of 100.10 is 5.5055. */
export function percentageOf(amount: Money, percent: DecimalInput): Money {
  return amount.multiply(toDecimal(percent, 'percent').times('0.01'));
}
