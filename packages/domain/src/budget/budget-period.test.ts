import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/index.js';
import { thrownBy } from '../testing/thrown-by.js';
import {
  type BudgetPeriodKind,
  budgetPeriodKinds,
  isInPeriod,
  parseBudgetPeriod,
  periodContaining,
  periodLengthInDays,
  periodsOverlap,
} from './budget-period.js';

const april = 4;

describe('parseBudgetPeriod', () => {
  it('reads a month key as the calendar month, both ends included', () => {
    expect(parseBudgetPeriod('2026-11')).toEqual({
      kind: 'month',
      key: '2026-11',
      start: '2026-11-01',
      end: '2026-11-30',
    });
    expect(parseBudgetPeriod('2026-12').end).toBe('2026-12-31');
  });

  it('ends February on the 29th in leap years only (2024, 2000), on the 28th otherwise (2026, 1900)', () => {
    expect(parseBudgetPeriod('2024-02').end).toBe('2024-02-29');
    expect(parseBudgetPeriod('2000-02').end).toBe('2000-02-29');
    expect(parseBudgetPeriod('2026-02').end).toBe('2026-02-28');
    expect(parseBudgetPeriod('1900-02').end).toBe('1900-02-28');
  });

  it('reads quarters as calendar quarters when the fiscal year starts in January', () => {
    expect(parseBudgetPeriod('2026-Q1')).toMatchObject({ start: '2026-01-01', end: '2026-03-31' });
    expect(parseBudgetPeriod('2026-Q4')).toEqual({
      kind: 'quarter',
      key: '2026-Q4',
      start: '2026-10-01',
      end: '2026-12-31',
    });
  });

  it('reads quarters of a fiscal year starting in April: Q1 is April–June, Q4 is January–March of the next year', () => {
    expect(parseBudgetPeriod('2026-Q1', april)).toMatchObject({ start: '2026-04-01', end: '2026-06-30' });
    expect(parseBudgetPeriod('2026-Q3', april)).toMatchObject({ start: '2026-10-01', end: '2026-12-31' });
    expect(parseBudgetPeriod('2026-Q4', april)).toMatchObject({ start: '2027-01-01', end: '2027-03-31' });
  });

  it('labels a fiscal year by the year it starts in: FY2026 starting in April runs to 2027-03-31', () => {
    expect(parseBudgetPeriod('FY2026')).toEqual({
      kind: 'fiscal_year',
      key: 'FY2026',
      start: '2026-01-01',
      end: '2026-12-31',
    });
    expect(parseBudgetPeriod('FY2026', april)).toMatchObject({ start: '2026-04-01', end: '2027-03-31' });
    expect(parseBudgetPeriod('FY2026', 12)).toMatchObject({ start: '2026-12-01', end: '2027-11-30' });
  });

  it('counts 366 days in a fiscal year holding a 29 February, 365 otherwise', () => {
    expect(periodLengthInDays(parseBudgetPeriod('FY2024'))).toBe(366);
    expect(periodLengthInDays(parseBudgetPeriod('FY2026', april))).toBe(365);
    expect(periodLengthInDays(parseBudgetPeriod('FY2027', april))).toBe(366); // holds 2028-02-29
    expect(periodLengthInDays(parseBudgetPeriod('2024-Q1'))).toBe(91);
    expect(periodLengthInDays(parseBudgetPeriod('2026-11'))).toBe(30);
  });

  it('ignores surrounding spaces and letter case, and gives back the canonical key', () => {
    expect(parseBudgetPeriod(' fy2026 ').key).toBe('FY2026');
    expect(parseBudgetPeriod('2026-q4').key).toBe('2026-Q4');
  });

  it.each([
    ['2026-13', 'month out of range'],
    ['2026-00', 'month out of range'],
    ['2026-Q5', 'is not a period key (2026-11, 2026-Q4, FY2026)'],
    ['2026-Q0', 'is not a period key (2026-11, 2026-Q4, FY2026)'],
    ['FY26', 'is not a period key (2026-11, 2026-Q4, FY2026)'],
    ['2026/11', 'is not a period key (2026-11, 2026-Q4, FY2026)'],
    ['2026-11-01', 'is not a period key (2026-11, 2026-Q4, FY2026)'],
    ['', 'is not a period key (2026-11, 2026-Q4, FY2026)'],
    ['1899-12', 'year out of range'],
  ])('refuses "%s" on the field period (%s)', (key, reason) => {
    const error = thrownBy(() => parseBudgetPeriod(key));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ field: 'period', reason }]);
  });

  it.each([0, 13, 1.5, Number.NaN])('refuses %s as the month a fiscal year starts in', (month) => {
    const error = thrownBy(() => parseBudgetPeriod('FY2026', month));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([
      {
        field: 'fiscalYearStartMonth',
        reason: 'must be a whole month number from 1 (January) to 12 (December)',
      },
    ]);
  });
});

describe('periodContaining', () => {
  it('puts 2026-03-31 in FY2025 and its Q4, and 2026-04-01 in FY2026 and its Q1, when the year starts in April', () => {
    expect(periodContaining('2026-03-31', 'fiscal_year', april).key).toBe('FY2025');
    expect(periodContaining('2026-03-31', 'quarter', april)).toMatchObject({
      key: '2025-Q4',
      start: '2026-01-01',
      end: '2026-03-31',
    });
    expect(periodContaining('2026-04-01', 'fiscal_year', april).key).toBe('FY2026');
    expect(periodContaining('2026-04-01', 'quarter', april).key).toBe('2026-Q1');
  });

  it('finds the calendar month, quarter and year with the default January start', () => {
    expect(periodContaining('2024-02-29', 'month').key).toBe('2024-02');
    expect(periodContaining('2026-12-31', 'quarter').key).toBe('2026-Q4');
    expect(periodContaining('2026-01-01', 'quarter').key).toBe('2026-Q1');
    expect(periodContaining('2026-12-31', 'fiscal_year').key).toBe('FY2026');
  });

  it('gives, for every day of 2027 and 2028 and every fiscal start month, a period holding the day whose key reads back the same', () => {
    for (let month = 1; month <= 12; month++)
      for (let day = '2027-01-01'; day <= '2028-12-31'; day = addDays(day, 1))
        for (const kind of budgetPeriodKinds as readonly BudgetPeriodKind[]) {
          const period = periodContaining(day, kind, month);
          const read = parseBudgetPeriod(period.key, month);
          if (!isInPeriod(day, period) || read.start !== period.start || read.end !== period.end)
            throw new Error(`${day}: ${period.key} ${period.start}..${period.end} (start month ${month})`);
        }
  });

  it.each(['2026-02-30', '2025-02-29', '2026-2-3', '2026-13-01', 'today'])(
    'refuses "%s", which is no calendar date',
    (date) => {
      const error = thrownBy(() => periodContaining(date, 'month'));
      expect(error.code).toBe('validation_failed');
      expect(error.details).toEqual([{ field: 'date', reason: 'is not a calendar date' }]);
    },
  );
});

describe('periods compared', () => {
  it('includes both ends of a period, and nothing outside it', () => {
    const november = parseBudgetPeriod('2026-11');
    expect(isInPeriod('2026-11-01', november)).toBe(true);
    expect(isInPeriod('2026-11-30', november)).toBe(true);
    expect(isInPeriod('2026-10-31', november)).toBe(false);
    expect(isInPeriod('2026-12-01', november)).toBe(false);
  });

  it('sees a month overlap its quarter and its fiscal year, and two neighbouring months not overlap', () => {
    const november = parseBudgetPeriod('2026-11');
    expect(periodsOverlap(november, parseBudgetPeriod('2026-Q4'))).toBe(true);
    expect(periodsOverlap(parseBudgetPeriod('FY2026', april), parseBudgetPeriod('2027-03'))).toBe(true);
    expect(periodsOverlap(november, parseBudgetPeriod('2026-12'))).toBe(false);
    expect(periodsOverlap(parseBudgetPeriod('FY2026', april), parseBudgetPeriod('2026-03'))).toBe(false);
  });
});
