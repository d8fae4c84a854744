// Exchange rates recorded by finance, append-only; conversions read the one in force on the day.
import type { PurchasingDatabase } from '@procura/db';
import {
  type CurrencyCode,
  DomainError,
  type ExchangeRate,
  exchangeRateIssues,
  parseCurrency,
  toDecimal,
} from '@procura/domain';
import type { TIdentity } from '@procura/http';
import type { Kysely } from 'kysely';

export interface RecordedExchangeRate extends ExchangeRate {
  id: string;
  recordedBy: { userId: string; name: string };
  note: string | null;
}

type Row = {
  id: string;
  from_currency: string;
  to_currency: string;
  rate: string;
  effective_on: string;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: Date;
  note: string | null;
};

function rateOf(row: Row): RecordedExchangeRate {
  return {
    id: row.id,
    from: parseCurrency(row.from_currency),
    to: parseCurrency(row.to_currency),
    rate: toDecimal(row.rate).toString(),
    effectiveOn: row.effective_on,
    recordedAt: row.recorded_at.toISOString(),
    recordedBy: { userId: row.recorded_by, name: row.recorded_by_name },
    note: row.note,
  };
}

/** Every rate recorded, newest effective day first (corrections of a day above what they correct). */
export async function exchangeRates(
  db: Kysely<PurchasingDatabase>,
  filter: { from?: CurrencyCode | undefined; to?: CurrencyCode | undefined },
): Promise<RecordedExchangeRate[]> {
  let query = db.selectFrom('purchasing.exchange_rate').selectAll();
  if (filter.from) query = query.where('from_currency', '=', filter.from);
  if (filter.to) query = query.where('to_currency', '=', filter.to);
  const rows = await query
    .orderBy('from_currency')
    .orderBy('to_currency')
    .orderBy('effective_on', 'desc')
    .orderBy('recorded_at', 'desc')
    .limit(1000)
    .execute();
  return rows.map(rateOf);
}

/** The rate from `from` to `to` in force on `day` (see the domain's rateInForce), or undefined. */
export async function exchangeRateOn(
  db: Kysely<PurchasingDatabase>,
  from: CurrencyCode,
  to: CurrencyCode,
  day: string,
): Promise<RecordedExchangeRate | undefined> {
  const row = await db
    .selectFrom('purchasing.exchange_rate')
    .selectAll()
    .where('from_currency', '=', from)
    .where('to_currency', '=', to)
    .where('effective_on', '<=', day)
    .orderBy('effective_on', 'desc')
    .orderBy('recorded_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && rateOf(row);
}

/** Records a rate (or a correction of a day's rate); refuses a malformed one naming each field. */
export async function recordExchangeRate(
  db: Kysely<PurchasingDatabase>,
  caller: TIdentity,
  rate: { from: string; to: string; rate: string; effectiveOn: string; note: string | null },
): Promise<RecordedExchangeRate> {
  const issues = exchangeRateIssues(rate);
  if (issues.length > 0)
    throw new DomainError('validation_failed', 'The exchange rate cannot be recorded.', issues);
  const row = await db
    .insertInto('purchasing.exchange_rate')
    .values({
      from_currency: rate.from,
      to_currency: rate.to,
      rate: rate.rate,
      effective_on: rate.effectiveOn,
      recorded_by: caller.userId,
      recorded_by_name: caller.displayName,
      note: rate.note,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return rateOf(row);
}
