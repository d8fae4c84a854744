// Calendar days as ISO strings ("2026-11-23"): validity of price lists, expiry of documents and
// delegations are matters of days in the company's calendar, not instants.
import { DomainError } from '../errors/index.js';

/** The company's time zone: its calendar decides what "today" is (the first users are French). */
export const companyTimeZone = 'Europe/Paris';

// Building a DateTimeFormat costs about half a millisecond (time-zone data); formatting with one is
// cheap. One per time zone, made on first use.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in a time zone, 'YYYY-MM-DD'. */
export function calendarDate(now: Date, timeZone: string = companyTimeZone): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether `value` is a real calendar day 'YYYY-MM-DD'. The round trip refuses 2026-02-30, which
 * Date.parse would quietly roll over to 2 March.
 */
export function isCalendarDate(value: string): boolean {
  if (!isoDate.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

function toUtcDay(date: string): number {
  if (!isoDate.test(date))
    throw new DomainError('validation_failed', `"${date}" is not a date such as 2026-11-23.`);
  if (!isCalendarDate(date)) throw new DomainError('validation_failed', `"${date}" is not a date.`);
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(toUtcDay(to) - toUtcDay(from));
}

export function addMonths(date: string, months: number): string {
  const day = new Date(toUtcDay(date) * 86_400_000);
  const target = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day.getUTCDate(), lastDay));
  return target.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date((toUtcDay(date) + days) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Working days (Monday to Friday) after `from` up to and including `to`: from a Friday to the next
 * Monday is 1. Zero when `to` is not after `from`. Public holidays are not counted out.
 */
export function workingDaysBetween(from: string, to: string): number {
  const days = daysBetween(from, to);
  if (days <= 0) return 0;
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  const start = new Date(toUtcDay(from) * 86_400_000).getUTCDay();
  for (let d = 1; d <= days % 7; d++) {
    const weekday = (start + d) % 7;
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}
