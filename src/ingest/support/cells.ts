// Reading one value of a ticket or survey response from text (a CSV cell, or a JSON value the API
// received): instants, small integers, one of a list, e-mail addresses, ids. Each reader returns
// the value or a problem sentence naming the field ("priority must be one of …"). Pure.

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = (problem: string): Read<never> => ({ ok: false, problem });

const shown = (text: string) => `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** An instant from ISO 8601 (`2026-03-01T10:15:00Z`, with an offset or fractions), from
 *  `YYYY-MM-DD HH:mm[:ss]` (UTC) or from a bare `YYYY-MM-DD` (its start, UTC). */
export function readInstant(field: string, text: string): Read<Date> {
  const m = ISO.exec(text.trim());
  const problem = `${field} ${shown(text)} is not a date and time (YYYY-MM-DD, YYYY-MM-DD HH:mm or ISO 8601)`;
  if (!m) return bad(problem);
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const year = Number(y), month = Number(mo), dayOfMonth = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  const calendar = new Date(Date.UTC(year, month - 1, dayOfMonth));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== dayOfMonth) return bad(problem);
  if (hour > 23 || minute > 59 || second > 59) return bad(problem);
  if (year < 1970 || year > 9999) return bad(`${field} ${shown(text)} is out of range`);
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2)), om = Number(digits.slice(2));
    if (oh > 23 || om > 59) return bad(problem);
    offsetMinutes = sign * (oh * 60 + om);
  }
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  return ok(new Date(Date.UTC(year, month - 1, dayOfMonth, hour, minute, second, ms) - offsetMinutes * 60_000));
}

/** A whole number between min and max. */
export function readInteger(field: string, text: string, min: number, max: number): Read<number> {
  const t = text.trim();
  if (!/^[+-]?\d+(\.0+)?$/.test(t)) return bad(`${field} must be a whole number from ${min} to ${max} (found ${shown(text)})`);
  const n = Number(t);
  return n < min || n > max ? bad(`${field} must be a whole number from ${min} to ${max} (found ${shown(text)})`) : ok(n);
}

/** One of `options`, case-insensitive. */
export function readChoice<T extends string>(field: string, text: string, options: readonly T[]): Read<T> {
  const t = text.trim().toLowerCase();
  const found = options.find((o) => o === t);
  return found === undefined ? bad(`${field} must be one of ${options.join(', ')} (found ${shown(text)})`) : ok(found);
}

/** An e-mail address (something@domain.tld), lower-cased. */
export function readEmail(field: string, text: string): Read<string> {
  const t = text.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t) && t.length <= 320 ? ok(t) : bad(`${field} ${shown(text)} is not an e-mail address`);
}

/** An id: 1–255 characters, no control characters. */
export function readId(field: string, text: string): Read<string> {
  const t = text.trim();
  if (t === '') return bad(`${field} is required`);
  // eslint-disable-next-line no-control-regex
  if (t.length > 255 || /[\u0000-\u001f\u007f]/.test(t)) return bad(`${field} must be at most 255 characters with no control characters`);
  return ok(t);
}

/** Free text up to `max` characters (longer: a problem, never cut silently). */
export function readText(field: string, text: string, max: number): Read<string> {
  // eslint-disable-next-line no-control-regex
  const t = text.trim().replace(/\u0000/g, '');
  return t.length > max ? bad(`${field} must be at most ${max} characters (found ${t.length})`) : ok(t);
}
