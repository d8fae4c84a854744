// Budget periods: a calendar month, a quarter of the fiscal year or a whole fiscal year, named by a
// key people type in a budget file ("2026-11", "2026-Q4", "FY2026"). Dates are calendar days
// 'YYYY-MM-DD'; a period's end is inclusive.
import { addDays, addMonths, daysBetween, isCalendarDate } from '../calendar/index.js';
import { DomainError } from '../errors/index.js';

export const budgetPeriodKinds = ['month', 'quarter', 'fiscal_year'] as const;
export type BudgetPeriodKind = (typeof budgetPeriodKinds)[number];

/**
 * A budget period. `key` names it: "2026-11" (November 2026), "2026-Q1" (first quarter of fiscal
 * year 2026), "FY2026" (fiscal year 2026). A fiscal year is labelled by the calendar year it starts
 * in: with a fiscal year starting in April, FY2026 runs from 2026-04-01 to 2027-03-31 and its Q4 is
 * January to March 2027. With the default January start, quarters are the calendar quarters.
 */
export interface BudgetPeriod {
  readonly kind: BudgetPeriodKind;
  readonly key: string;
  /** First day, 'YYYY-MM-DD'. */
  readonly start: string;
  /** Last day, 'YYYY-MM-DD', inclusive. */
  readonly end: string;
}

/** Month (1–12) a fiscal year starts in when none is given: January. */
export const defaultFiscalYearStartMonth = 1;

/** Years a period key may name: enough for any budget, and every date stays four digits. */
const firstYear = 1900;
const lastYear = 2999;

const monthKey = /^(\d{4})-(\d{2})$/;
const quarterKey = /^(\d{4})-Q([1-4])$/;
const fiscalYearKey = /^FY(\d{4})$/;

function invalid(field: string, message: string, reason: string): DomainError {
  return new DomainError('validation_failed', message, [{ field, reason }]);
}

function checkFiscalYearStartMonth(month: number): void {
  if (!Number.isInteger(month) || month < 1 || month > 12)
    throw invalid(
      'fiscalYearStartMonth',
      `${month} is not a month from 1 to 12`,
      'must be a whole month number from 1 (January) to 12 (December)',
    );
}

function checkYear(year: number, key: string): void {
  if (year < firstYear || year > lastYear)
    throw invalid('period', `"${key}" names a year outside ${firstYear}–${lastYear}`, 'year out of range');
}

const pad2 = (value: number) => String(value).padStart(2, '0');

/** The calendar date's year and month, after checking it is a real day (2026-02-30 is not). */
function yearAndMonthOf(date: string): { year: number; month: number } {
  assertCalendarDate(date, 'date');
  const [year, month] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  checkYear(year, date);
  return { year, month };
}

/**
 * Throws DomainError `validation_failed` on `field` unless `date` is a real calendar day 'YYYY-MM-DD'.
 * The round trip refuses 2026-02-30, which Date.parse would quietly roll over to 2 March.
 */
export function assertCalendarDate(date: string, field: string): void {
  if (!isCalendarDate(date))
    throw invalid(field, `"${date}" is not a calendar date such as 2026-11-23`, 'is not a calendar date');
}

function monthPeriod(year: number, month: number): BudgetPeriod {
  const start = `${year}-${pad2(month)}-01`;
  return { kind: 'month', key: `${year}-${pad2(month)}`, start, end: addDays(addMonths(start, 1), -1) };
}

function fiscalYearStart(fiscalYear: number, fiscalYearStartMonth: number): string {
  return `${fiscalYear}-${pad2(fiscalYearStartMonth)}-01`;
}

function quarterPeriod(fiscalYear: number, quarter: number, fiscalYearStartMonth: number): BudgetPeriod {
  const start = addMonths(fiscalYearStart(fiscalYear, fiscalYearStartMonth), 3 * (quarter - 1));
  return { kind: 'quarter', key: `${fiscalYear}-Q${quarter}`, start, end: addDays(addMonths(start, 3), -1) };
}

function fiscalYearPeriod(fiscalYear: number, fiscalYearStartMonth: number): BudgetPeriod {
  const start = fiscalYearStart(fiscalYear, fiscalYearStartMonth);
  return { kind: 'fiscal_year', key: `FY${fiscalYear}`, start, end: addDays(addMonths(start, 12), -1) };
}

/**
 * The period a key names: "2026-11", "2026-Q4" or "FY2026" (spaces around it and letter case
 * ignored). Quarters and fiscal years depend on the month the fiscal year starts in.
 * Throws DomainError `validation_failed` on the field `period`.
 */
export function parseBudgetPeriod(
  key: string,
  fiscalYearStartMonth: number = defaultFiscalYearStartMonth,
): BudgetPeriod {
  checkFiscalYearStartMonth(fiscalYearStartMonth);
  const text = key.trim().toUpperCase();
  const month = monthKey.exec(text);
  if (month) {
    const [year, monthNumber] = [Number(month[1]), Number(month[2])];
    checkYear(year, key);
    if (monthNumber < 1 || monthNumber > 12)
      throw invalid('period', `"${key}" names no month: months run from 01 to 12`, 'month out of range');
    return monthPeriod(year, monthNumber);
  }
  const quarter = quarterKey.exec(text);
  if (quarter) {
    const year = Number(quarter[1]);
    checkYear(year, key);
    return quarterPeriod(year, Number(quarter[2]), fiscalYearStartMonth);
  }
  const fiscalYear = fiscalYearKey.exec(text);
  if (fiscalYear) {
    const year = Number(fiscalYear[1]);
    checkYear(year, key);
    return fiscalYearPeriod(year, fiscalYearStartMonth);
  }
  throw invalid(
    'period',
    `"${key}" is not a budget period such as 2026-11 (month), 2026-Q4 (quarter) or FY2026 (fiscal year)`,
    'is not a period key (2026-11, 2026-Q4, FY2026)',
  );
}

/** The month, fiscal quarter or fiscal year that contains `date`. */
export function periodContaining(
  date: string,
  kind: BudgetPeriodKind,
  fiscalYearStartMonth: number = defaultFiscalYearStartMonth,
): BudgetPeriod {
  checkFiscalYearStartMonth(fiscalYearStartMonth);
  const { year, month } = yearAndMonthOf(date);
  if (kind === 'month') return monthPeriod(year, month);
  const fiscalYear = month >= fiscalYearStartMonth ? year : year - 1;
  checkYear(fiscalYear, date);
  if (kind === 'fiscal_year') return fiscalYearPeriod(fiscalYear, fiscalYearStartMonth);
  const monthsIntoYear = (month - fiscalYearStartMonth + 12) % 12;
  return quarterPeriod(fiscalYear, Math.floor(monthsIntoYear / 3) + 1, fiscalYearStartMonth);
}

/** True when `date` falls on one of the period's days, both ends included. */
export function isInPeriod(date: string, period: BudgetPeriod): boolean {
  return date >= period.start && date <= period.end;
}

/** Number of days in the period: 30 for November, 366 for a fiscal year holding 29 February. */
export function periodLengthInDays(period: BudgetPeriod): number {
  return daysBetween(period.start, period.end) + 1;
}

/** True when the two periods share at least one day (a month and the quarter holding it do). */
export function periodsOverlap(a: BudgetPeriod, b: BudgetPeriod): boolean {
  return a.start <= b.end && b.start <= a.end;
}
