import { describe, expect, it } from 'vitest';
import { addDays, addMonths, calendarDate, daysBetween, workingDaysBetween } from './calendar.js';

describe('calendar', () => {
  it('takes the day in the company’s time zone, not UTC', () => {
    // 23:30 UTC on 23 November is already 24 November in Paris (UTC+1 in winter).
    expect(calendarDate(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24');
    expect(calendarDate(new Date('2026-11-23T22:59:59Z'))).toBe('2026-11-23');
    // Summer time: UTC+2.
    expect(calendarDate(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
    expect(calendarDate(new Date('2026-11-23T23:30:00Z'), 'UTC')).toBe('2026-11-23');
  });

  it('counts and adds whole days and months', () => {
    expect(daysBetween('2026-11-23', '2026-12-01')).toBe(8);
    expect(daysBetween('2026-12-01', '2026-11-23')).toBe(-8);
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
  });

  it('refuses what is not a calendar day', () => {
    expect(() => daysBetween('23/11/2026', '2026-11-23')).toThrow('is not a date such as 2026-11-23');
    // Date.parse would roll these over into the next month.
    expect(() => addDays('2026-02-30', 1)).toThrow('"2026-02-30" is not a date.');
    expect(() => addMonths('2026-04-31', 1)).toThrow('"2026-04-31" is not a date.');
    expect(() => daysBetween('2026-11-23', '2027-02-29')).toThrow('"2027-02-29" is not a date.');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});

describe('workingDaysBetween', () => {
  it('counts Monday to Friday after the first day, up to and including the last', () => {
    expect(workingDaysBetween('2026-11-20', '2026-11-23')).toBe(1); // Friday → Monday
    expect(workingDaysBetween('2026-11-23', '2026-11-23')).toBe(0);
    expect(workingDaysBetween('2026-11-23', '2026-11-27')).toBe(4); // Monday → Friday
    expect(workingDaysBetween('2026-11-21', '2026-11-22')).toBe(0); // Saturday → Sunday
    expect(workingDaysBetween('2026-11-23', '2026-12-07')).toBe(10); // two weeks
    expect(workingDaysBetween('2026-11-27', '2026-11-23')).toBe(0);
  });
});
