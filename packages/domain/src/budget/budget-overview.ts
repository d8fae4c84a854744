// What a manager sees for a cost centre: budget, requested, committed, invoiced, available, and
// where the period is likely to land. Everything is derived from the ledger.

import { daysBetween } from '../calendar/index.js';
import {
  type CurrencyCode,
  divideRounded,
  type Money,
  minorUnitsOf,
  money,
  sum,
  toDecimal,
} from '../money/index.js';
import { type BudgetLine, type BudgetLineKey, budgetLineKeyString } from './budget-line.js';
import {
  assertCalendarDate,
  type BudgetPeriod,
  parseBudgetPeriod,
  periodLengthInDays,
} from './budget-period.js';
import { type BudgetFigures, type LedgerEntry, ledgerFigures } from './commitment-ledger.js';

/**
 * Where a period is likely to land, and the numbers that say why:
 *
 *   landing = consumed + spentInPeriod × remainingDays / elapsedDays
 *
 * `consumed` (requested + committed + invoiced) is everything already spoken for on `today`.
 * `spentInPeriod` is the net spend that entered the ledger on the period's days up to `today`
 * (the requested + committed + invoiced deltas of those entries: new requests, orders above their
 * request, invoices above their order, less releases), floored at zero. Its daily pace is assumed to
 * go on for the remaining days. Commitments invoiced later are not counted again: an invoice moves an
 * amount out of committed, so only its excess over the order is new spend. Spend placed before the
 * period started counts in `consumed` but sets no pace. The landing is never below consumed (hence
 * never below committed + invoiced). Before the period starts nothing is projected; after it ends the
 * landing is consumed. The projected part is rounded once to the currency's minor units.
 */
export interface LandingForecast {
  readonly landing: Money;
  readonly consumed: Money;
  readonly spentInPeriod: Money;
  /** spentInPeriod / elapsedDays, rounded to the currency's minor units (for display). */
  readonly pacePerDay: Money;
  /** Days of the period up to and including `today` (0 before it starts, its length after it ends). */
  readonly elapsedDays: number;
  readonly remainingDays: number;
}

const spendBuckets = ['requested', 'committed', 'invoiced'] as const;

/**
 * The landing forecast of a period from the entries of the budget lines concerned (one line, or all
 * lines of a cost centre for that period). Entries after `today` are ignored.
 */
export function landingForecast(input: {
  entries: readonly LedgerEntry[];
  period: BudgetPeriod;
  today: string;
  currency: CurrencyCode;
}): LandingForecast {
  const { period, today, currency } = input;
  assertCalendarDate(today, 'today');
  const length = periodLengthInDays(period);
  const elapsedDays = Math.min(length, Math.max(0, daysBetween(period.start, today) + 1));
  const remainingDays = length - elapsedDays;
  const zero = money('0', currency);
  let consumed = zero;
  let spent = zero;
  for (const { occurredOn, deltas } of input.entries) {
    if (occurredOn > today) continue;
    const spend = sum(
      spendBuckets.flatMap((bucket) => deltas[bucket] ?? []),
      currency,
    );
    consumed = consumed.add(spend);
    if (occurredOn >= period.start && occurredOn <= period.end) spent = spent.add(spend);
  }
  const spentInPeriod = spent.isNegative() ? zero : spent;
  const scale = minorUnitsOf(currency);
  const days = (count: number) => toDecimal(String(count));
  const projected =
    elapsedDays === 0
      ? zero
      : money(
          divideRounded(spentInPeriod.amount.times(days(remainingDays)), days(elapsedDays), scale),
          currency,
        );
  const pacePerDay =
    elapsedDays === 0 ? zero : money(divideRounded(spentInPeriod.amount, days(elapsedDays), scale), currency);
  return {
    landing: consumed.add(projected),
    consumed,
    spentInPeriod,
    pacePerDay,
    elapsedDays,
    remainingDays,
  };
}

/** One row of the manager's view: a cost centre over one period, all its budget categories together. */
export interface CostCentreBudgetView {
  readonly entityId: string;
  readonly costCentreId: string;
  readonly period: BudgetPeriod;
  readonly currency: CurrencyCode;
  /** Sum of the budget lines' amounts (zero when spend has no budget line). */
  readonly budget: Money;
  readonly requested: Money;
  readonly committed: Money;
  readonly received: Money;
  readonly invoiced: Money;
  readonly paid: Money;
  readonly consumed: Money;
  /** budget − consumed, spend without a budget line included: negative when over. */
  readonly available: Money;
  readonly forecast: LandingForecast;
  /** The figures of each budget category, budget lines first. */
  readonly lines: readonly BudgetFigures[];
}

/**
 * The manager's view on `today`: one row per entity, cost centre and period, ordered by entity, cost
 * centre and period start. Periods come from the budget lines, or from the key (with the fiscal
 * year's start month) for spend nobody budgeted.
 */
export function costCentreOverview(
  entries: readonly LedgerEntry[],
  budgetLines: readonly BudgetLine[],
  options: { today: string; fiscalYearStartMonth?: number },
): CostCentreBudgetView[] {
  const { today } = options;
  const figures = ledgerFigures(entries, budgetLines, { asOf: today });
  const periods = new Map(budgetLines.map((line) => [line.period.key, line.period]));
  const groups = new Map<string, BudgetFigures[]>();
  for (const line of figures.values()) {
    const group = groupKey(line.budgetLine);
    groups.set(group, [...(groups.get(group) ?? []), line]);
  }
  const rows = [...groups.values()].map((lines): CostCentreBudgetView => {
    const [first] = lines as [BudgetFigures];
    const { entityId, costCentreId, periodKey } = first.budgetLine;
    const period = periods.get(periodKey) ?? parseBudgetPeriod(periodKey, options.fiscalYearStartMonth);
    const currency = first.currency;
    const total = (pick: (line: BudgetFigures) => Money | undefined) =>
      sum(
        lines.flatMap((line) => pick(line) ?? []),
        currency,
      );
    const keys = new Set(lines.map((line) => budgetLineKeyString(line.budgetLine)));
    const budget = total((line) => line.budget);
    const consumed = total((line) => line.consumed);
    return {
      entityId,
      costCentreId,
      period,
      currency,
      budget,
      requested: total((line) => line.requested),
      committed: total((line) => line.committed),
      received: total((line) => line.received),
      invoiced: total((line) => line.invoiced),
      paid: total((line) => line.paid),
      consumed,
      available: budget.subtract(consumed),
      forecast: landingForecast({
        entries: entries.filter((entry) => keys.has(budgetLineKeyString(entry.budgetLine))),
        period,
        today,
        currency,
      }),
      lines,
    };
  });
  return rows.sort(
    (a, b) =>
      compareText(a.entityId, b.entityId) ||
      compareText(a.costCentreId, b.costCentreId) ||
      compareText(a.period.start, b.period.start) ||
      compareText(a.period.end, b.period.end),
  );
}

function groupKey(key: BudgetLineKey): string {
  return JSON.stringify([key.entityId, key.costCentreId, key.periodKey]);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
