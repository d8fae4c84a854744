import { localeTag } from './format.js';

// The API exchanges calendar days as 'YYYY-MM-DD' strings: a day, not an instant. Reading one with
// `new Date('2026-12-01')` gives UTC midnight, which the browser then shows as 30 November west of
// Greenwich; these helpers never let a calendar day go through the local time zone.

/** A day in the calendar, 'YYYY-MM-DD', with no time and no time zone. */
export type CalendarDate = string;

const calendarDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Year, month (1–12) and day of a calendar date, or null when it is not one (2026-02-30). */
export function calendarDateParts(date: string): { year: number; month: number; day: number } | null {
  const match = calendarDatePattern.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = utcMidnight(year, month, day);
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day)
    return null;
  return { year, month, day };
}

function utcMidnight(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

const toCalendarDate = (year: number, month: number, day: number): CalendarDate =>
  `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** A calendar date for the reader ('1 déc. 2026', '1 Dec 2026'); anything else is returned as it came. */
export function formatCalendarDate(date: string, language: string): string {
  const parts = calendarDateParts(date);
  if (!parts) return date;
  return new Intl.DateTimeFormat(localeTag(language), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    utcMidnight(parts.year, parts.month, parts.day),
  );
}

/** An instant (ISO 8601 with a zone) as the reader's day, with the time when asked, in their time zone. */
export function formatInstant(
  iso: string,
  language: string,
  options: { time?: boolean; timeZone?: string } = {},
): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return new Intl.DateTimeFormat(localeTag(language), {
    dateStyle: 'medium',
    ...(options.time ? { timeStyle: 'short' } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  }).format(instant);
}

/** The day `now` falls on where the user is. */
export function localToday(now: Date): CalendarDate {
  return toCalendarDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  const parts = calendarDateParts(date);
  if (!parts) throw new RangeError(`not a calendar date: ${date}`);
  const year = parts.year + years;
  const lastDay = utcMidnight(year, parts.month + 1, 0).getUTCDate();
  return toCalendarDate(year, parts.month, Math.min(parts.day, lastDay));
}

/** The last millisecond of the day where the user is: a token "valid until 23 Nov" works all that day. */
export function endOfLocalDay(date: CalendarDate): Date {
  const parts = calendarDateParts(date);
  if (!parts) throw new RangeError(`not a calendar date: ${date}`);
  const end = new Date(0);
  end.setFullYear(parts.year, parts.month - 1, parts.day);
  end.setHours(23, 59, 59, 999);
  return end;
}
