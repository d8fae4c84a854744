import { afterEach, describe, expect, it } from 'vitest';
import {
  addYears,
  calendarDateParts,
  endOfLocalDay,
  formatCalendarDate,
  formatInstant,
  localToday,
} from './dates.js';

const originalTimeZone = process.env.TZ;
afterEach(() => {
  if (originalTimeZone === undefined) delete process.env.TZ;
  else process.env.TZ = originalTimeZone;
});

// Far west and far east of Greenwich: where reading a day as UTC midnight shows the day before or after.
const timeZones = ['America/Los_Angeles', 'Pacific/Kiritimati', 'Europe/Paris', 'UTC'];

describe('formatting a calendar day for the reader', () => {
  it.each(timeZones)('shows the first of December as that day in French and English, in %s', (timeZone) => {
    process.env.TZ = timeZone;
    expect(formatCalendarDate('2026-12-01', 'fr')).toBe('1 déc. 2026');
    expect(formatCalendarDate('2026-12-01', 'en')).toBe('1 Dec 2026');
  });

  it.each(timeZones)('keeps the last day of the year in its year, in %s', (timeZone) => {
    process.env.TZ = timeZone;
    expect(formatCalendarDate('2026-12-31', 'fr')).toBe('31 déc. 2026');
    expect(formatCalendarDate('2027-01-01', 'en')).toBe('1 Jan 2027');
  });

  it('falls back to French for a language it does not know', () => {
    expect(formatCalendarDate('2026-05-08', 'de')).toBe('8 mai 2026');
  });

  it('gives back what is not a calendar day rather than inventing one', () => {
    expect(formatCalendarDate('2026-02-30', 'fr')).toBe('2026-02-30');
    expect(formatCalendarDate('', 'en')).toBe('');
    expect(formatCalendarDate('2026-12-01T10:00:00Z', 'en')).toBe('2026-12-01T10:00:00Z');
  });
});

describe('reading a calendar day', () => {
  it('splits a real day into its parts', () => {
    expect(calendarDateParts('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it('refuses a day that does not exist', () => {
    expect(calendarDateParts('2027-02-29')).toBeNull();
    expect(calendarDateParts('2026-13-01')).toBeNull();
    expect(calendarDateParts('1/12/2026')).toBeNull();
  });
});

describe('formatting an instant for the reader', () => {
  it('shows the day where the reader is', () => {
    expect(formatInstant('2026-11-23T23:30:00Z', 'fr', { timeZone: 'Europe/Paris' })).toBe('24 nov. 2026');
    expect(formatInstant('2026-11-23T23:30:00Z', 'en', { timeZone: 'America/New_York' })).toBe('23 Nov 2026');
  });

  it('adds the time when asked', () => {
    expect(formatInstant('2026-11-23T22:59:59.999Z', 'fr', { time: true, timeZone: 'Europe/Paris' })).toBe(
      '23 nov. 2026, 23:59',
    );
    expect(formatInstant('2026-11-23T22:59:59.999Z', 'en', { time: true, timeZone: 'Europe/London' })).toBe(
      '23 Nov 2026, 22:59',
    );
  });

  it('gives back what is not an instant', () => {
    expect(formatInstant('soon', 'fr')).toBe('soon');
  });
});

describe('days for forms', () => {
  it('takes today where the user is, even late in the evening', () => {
    expect(localToday(new Date(2026, 10, 23, 23, 59))).toBe('2026-11-23');
    expect(localToday(new Date(2026, 0, 5, 0, 0))).toBe('2026-01-05');
  });

  it('moves a day one year ahead', () => {
    expect(addYears('2026-11-23', 1)).toBe('2027-11-23');
  });

  it('turns 29 February into 28 February in a common year', () => {
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
  });

  it('ends a day at its last millisecond where the user is', () => {
    const end = endOfLocalDay('2027-11-23');
    expect([end.getFullYear(), end.getMonth(), end.getDate()]).toEqual([2027, 10, 23]);
    expect([end.getHours(), end.getMinutes(), end.getSeconds(), end.getMilliseconds()]).toEqual([
      23, 59, 59, 999,
    ]);
  });

  it('sends the end of the day in Paris as the instant it is in UTC', () => {
    process.env.TZ = 'Europe/Paris';
    expect(endOfLocalDay('2027-11-23').toISOString()).toBe('2027-11-23T22:59:59.999Z');
    expect(endOfLocalDay('2027-07-14').toISOString()).toBe('2027-07-14T21:59:59.999Z');
  });

  it('refuses to compute with what is not a day', () => {
    expect(() => addYears('2027-02-29', 1)).toThrow(RangeError);
    expect(() => endOfLocalDay('')).toThrow(RangeError);
  });
});
