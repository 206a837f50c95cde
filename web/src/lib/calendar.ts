// The dashboard's calendar: the server's one date module (src/core/dates.ts) — UTC days
// (YYYY-MM-DD) and months (YYYY-MM) as strings, so no local time zone ever shifts a period — and
// labels for them in the reader's locale.
import { dayOf, firstDayOfMonth, startOfDay, type Day, type Month } from '@core/dates.js';

export { addDays, addMonths, daysBetween, eachMonth, isDay, monthOf, type Day, type Month } from '@core/dates.js';
export { firstDayOfMonth as firstDayOf, lastDayOfMonth as lastDayOf } from '@core/dates.js';

/** The UTC day of `now`. */
export function utcDay(now: Date): Day {
  return dayOf(Math.floor(now.getTime() / 1000));
}

const labelFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = labelFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    labelFormats.set(key, format);
  }
  return format;
}

/** "Mar 2025" (short) or "March 2025" (long). */
export function formatMonth(month: Month, locale?: string, style: 'short' | 'long' = 'short'): string {
  return dateFormat(locale, { year: 'numeric', month: style }).format(new Date(startOfDay(firstDayOfMonth(month)) * 1000));
}

/** "Mar 12, 2025" in en-US: a UTC day in the reader's locale. */
export function formatDay(day: Day, locale?: string): string {
  return dateFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(startOfDay(day) * 1000));
}
