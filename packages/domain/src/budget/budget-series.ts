// The manager's chart: how requested, committed and invoiced grew over a period, against its budget.
// Every point is a sum over the ledger up to that day, so the last point equals the figures shown.

import { addDays, daysBetween } from '../calendar/index.js';
import { type CurrencyCode, type Money, money } from '../money/index.js';
import { assertCalendarDate, type BudgetPeriod } from './budget-period.js';
import type { LedgerEntry } from './commitment-ledger.js';

/** The figures as they stood at the end of `date`: what each bucket held then. */
export interface BudgetSeriesPoint {
  readonly date: string;
  readonly requested: Money;
  readonly committed: Money;
  readonly invoiced: Money;
}

export interface BudgetSeries {
  /** `day` for a month, `week` for a quarter or a fiscal year. */
  readonly step: 'day' | 'week';
  readonly budget: Money;
  readonly points: readonly BudgetSeriesPoint[];
}

/** Most days a series steps through one by one; longer periods go week by week. */
const longestDailySeries = 31;

/**
 * The dates a series has points on: every day of a month, the end of every seventh day of a longer
 * period, and always the last day shown — the period's end, or `today` while the period runs.
 * Nothing before the period starts.
 */
export function seriesDates(period: BudgetPeriod, today: string): { step: 'day' | 'week'; dates: string[] } {
  assertCalendarDate(today, 'today');
  const last = today < period.end ? today : period.end;
  const step = daysBetween(period.start, period.end) + 1 <= longestDailySeries ? 'day' : 'week';
  if (last < period.start) return { step, dates: [] };
  const stride = step === 'day' ? 1 : 7;
  const dates: string[] = [];
  for (let date = addDays(period.start, stride - 1); date < last; date = addDays(date, stride))
    dates.push(date);
  dates.push(last);
  return { step, dates };
}

/**
 * Cumulative requested, committed and invoiced at each date of {@link seriesDates}, from the entries
 * of the budget lines concerned (one line, or a cost centre's lines for the period). Entries before
 * the period started make the opening balance; entries after the last date are left out.
 */
export function budgetSeries(input: {
  entries: readonly LedgerEntry[];
  period: BudgetPeriod;
  today: string;
  budget: Money;
}): BudgetSeries {
  const { budget } = input;
  const currency: CurrencyCode = budget.currency;
  const { step, dates } = seriesDates(input.period, input.today);
  const sorted = [...input.entries].sort((a, b) =>
    a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0,
  );
  const zero = money('0', currency);
  let requested = zero;
  let committed = zero;
  let invoiced = zero;
  let next = 0;
  const points = dates.map((date): BudgetSeriesPoint => {
    for (; next < sorted.length && (sorted[next] as LedgerEntry).occurredOn <= date; next += 1) {
      const { deltas } = sorted[next] as LedgerEntry;
      if (deltas.requested) requested = requested.add(deltas.requested);
      if (deltas.committed) committed = committed.add(deltas.committed);
      if (deltas.invoiced) invoiced = invoiced.add(deltas.invoiced);
    }
    return { date, requested, committed, invoiced };
  });
  return { step, budget, points };
}
