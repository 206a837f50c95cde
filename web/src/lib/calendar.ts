// Calendar arithmetic on the API's UTC days (YYYY-MM-DD) and months (YYYY-MM), as strings, so
// no local time zone ever shifts a period; and labels for them in the reader's locale.

export type Day = string;
export type Month = string;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function parts(month: Month): { year: number; month: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new RangeError(`not a month: "${month}"`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** The UTC day of `now`. */
export function utcDay(now: Date): Day {
  return now.toISOString().slice(0, 10);
}

export function monthOf(day: Day): Month {
  return day.slice(0, 7);
}

export function addMonths(month: Month, count: number): Month {
  const { year, month: m } = parts(month);
  const index = year * 12 + (m - 1) + count;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
}

export function firstDayOf(month: Month): Day {
  parts(month);
  return `${month}-01`;
}

export function lastDayOf(month: Month): Day {
  const { year, month: m } = parts(month);
  return `${month}-${pad(new Date(Date.UTC(year, m, 0)).getUTCDate())}`;
}

/** Every month from `from` to `to`, both included (empty when from > to). */
export function monthsBetween(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
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
  const { year, month: m } = parts(month);
  return dateFormat(locale, { year: 'numeric', month: style }).format(new Date(Date.UTC(year, m - 1, 1)));
}

/** "Mar 12, 2025" in en-US: a UTC day in the reader's locale. */
export function formatDay(day: Day, locale?: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return dateFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}
