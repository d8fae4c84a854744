// Exchange rates as the finance team records them: one unit of `from` is worth `rate` units of `to`
// from `effectiveOn` until a later rate takes over. Amounts are converted exactly and rounded once.
import { DomainError, type FieldIssue } from '../errors/index.js';
import { type CurrencyCode, isCurrencyCode } from './currency.js';
import { decimalPlaces, decimalProblem, roundHalfAwayFromZero, toDecimal } from './decimal.js';
import { en16931AmountScale, type Money, money } from './money.js';

export interface ExchangeRate {
  readonly from: CurrencyCode;
  readonly to: CurrencyCode;
  /** Units of `to` for one unit of `from`, a positive plain decimal ("0.9214"). */
  readonly rate: string;
  /** 'YYYY-MM-DD': the first day the rate applies. */
  readonly effectiveOn: string;
  /** When it was recorded: of two rates for the same day, the later recording wins (a correction). */
  readonly recordedAt: string;
}

/** A rate carries at most this many decimals (ECB reference rates have 4 to 6). */
export const exchangeRateScale = 10;

/** What is wrong with a rate someone wants to record, field by field; empty when it may be recorded. */
export function exchangeRateIssues(rate: {
  from: string;
  to: string;
  rate: string;
  effectiveOn: string;
}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!isCurrencyCode(rate.from)) issues.push({ field: 'from', reason: 'is not an ISO 4217 currency code' });
  if (!isCurrencyCode(rate.to)) issues.push({ field: 'to', reason: 'is not an ISO 4217 currency code' });
  if (rate.from === rate.to) issues.push({ field: 'to', reason: 'must differ from the currency converted' });
  const problem = decimalProblem(rate.rate);
  if (problem) issues.push({ field: 'rate', reason: problem });
  else if (toDecimal(rate.rate).lte('0')) issues.push({ field: 'rate', reason: 'must be positive' });
  else if (decimalPlaces(toDecimal(rate.rate)) > exchangeRateScale)
    issues.push({ field: 'rate', reason: `has more than ${exchangeRateScale} decimal places` });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(rate.effectiveOn) || Number.isNaN(Date.parse(rate.effectiveOn)))
    issues.push({ field: 'effectiveOn', reason: 'must be a date YYYY-MM-DD' });
  return issues;
}

/**
 * The rate from `from` to `to` in force on `day`: the one with the latest effective day not after
 * `day`, and of those the latest recorded. Undefined when none applies yet.
 */
export function rateInForce(
  rates: readonly ExchangeRate[],
  from: CurrencyCode,
  to: CurrencyCode,
  day: string,
): ExchangeRate | undefined {
  let best: ExchangeRate | undefined;
  for (const r of rates) {
    if (r.from !== from || r.to !== to || r.effectiveOn > day) continue;
    if (
      !best ||
      r.effectiveOn > best.effectiveOn ||
      (r.effectiveOn === best.effectiveOn && r.recordedAt > best.recordedAt)
    )
      best = r;
  }
  return best;
}

/**
 * `amount` in the rate's target currency: the exact product rounded to 2 decimals, ties away from
 * zero. Throws `currency_mismatch` when the rate does not convert from the amount's currency.
 */
export function convertMoney(amount: Money, rate: Pick<ExchangeRate, 'from' | 'to' | 'rate'>): Money {
  if (amount.currency !== rate.from)
    throw new DomainError(
      'currency_mismatch',
      `A rate from ${rate.from} cannot convert an amount in ${amount.currency}.`,
      { from: amount.currency, to: rate.to },
    );
  return money(roundHalfAwayFromZero(amount.amount.times(toDecimal(rate.rate)), en16931AmountScale), rate.to);
}
