// Reading one cell of a subscription file (a CSV cell or a JSON-lines value, as text): instants,
// money in major units, percentages, counts, ids, choices. Each reader returns the value or a
// problem sentence for the cell's column (the caller adds line and column). Pure.
import { currencyExponent } from '../../core/currency.js';
import { MAX_QUANTITY } from '../../core/bounds.js';

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = (problem: string): Read<never> => ({ ok: false, problem });

/** A cell as quoted in a problem, shortened. */
export const shown = (text: string) => `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Unix seconds from ISO 8601: with an offset, or UTC without one; a bare date is 00:00 UTC.
 *  Fractions of a second are dropped (times are kept to the second). */
export function readInstant(text: string): Read<number> {
  const m = INSTANT.exec(text);
  const problem = `${shown(text)} is not an ISO 8601 date or date and time (2024-03-01, 2024-03-01T10:15:00Z, 2024-03-01T10:15:00+02:00)`;
  if (!m) return bad(problem);
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  const year = Number(y), month = Number(mo), dayOfMonth = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  const calendar = new Date(Date.UTC(year, month - 1, dayOfMonth));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== dayOfMonth) return bad(problem);
  if (hour > 23 || minute > 59 || second > 59) return bad(problem);
  if (year < 1970) return bad(`${shown(text)} is before 1970`);
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2)), om = Number(digits.slice(2) || '0');
    if (oh > 18 || om > 59) return bad(problem);
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  return ok(Date.UTC(year, month - 1, dayOfMonth, hour, minute, second) / 1000 - offsetMinutes * 60);
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Money in major units ("49.00", "4900" for JPY, "1.250" for KWD) as exact minor units (a
 * decimal string of an integer). More decimal places than the currency has are refused unless
 * they are zeros ("49.000" is 49.00): nothing is ever rounded.
 */
export function readMajorAmount(text: string, currency: string): Read<string> {
  const m = DECIMAL.exec(text);
  if (!m) return bad(`${shown(text)} is not an amount: write digits with a decimal point, no currency sign or thousands separator (49.00)`);
  const [, whole, fraction = ''] = m;
  const exponent = currencyExponent(currency);
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > exponent) {
    return bad(`${shown(text)} has more decimal places than ${currency.toUpperCase()} has (${exponent})`);
  }
  const minor = BigInt(`${whole}${significant.padEnd(exponent, '0')}`);
  return ok(minor.toString());
}

/** A percentage from 0 to 100, exact ("12.5"), normalised (no trailing zeros). */
export function readPercent(text: string): Read<string> {
  const m = DECIMAL.exec(text.replace(/%$/, '').trim());
  if (!m) return bad(`${shown(text)} is not a percentage from 0 to 100 (12.5)`);
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  const value = fraction ? `${whole}.${fraction}` : whole;
  if (Number(whole) > 100 || (Number(whole) === 100 && fraction !== '')) return bad(`${shown(text)} is more than 100`);
  return ok(value);
}

/** A whole number from min to max ("3", "3.0" from a spreadsheet). */
export function readCount(text: string, min: number, max: number): Read<number> {
  if (!/^\d+(\.0+)?$/.test(text)) return bad(`must be a whole number from ${min} to ${max} (found ${shown(text)})`);
  const n = Number(text.replace(/\.0+$/, ''));
  return n < min || n > max ? bad(`must be a whole number from ${min} to ${max} (found ${shown(text)})`) : ok(n);
}

export const readQuantity = (text: string) => readCount(text, 0, MAX_QUANTITY);

/** One of `options`, case-insensitive, with aliases (cancelled → canceled). */
export function readChoice<T extends string>(text: string, options: readonly T[], aliases: Readonly<Record<string, T>> = {}): Read<T> {
  const t = text.toLowerCase();
  const found = options.find((o) => o === t) ?? aliases[t];
  return found === undefined ? bad(`must be one of ${options.join(', ')} (found ${shown(text)})`) : ok(found);
}

/** An id: 1–255 characters, no control characters. */
export function readId(text: string): Read<string> {
  if (text === '') return bad('is required');
  // eslint-disable-next-line no-control-regex
  if (text.length > 255 || /[\u0000-\u001f\u007f]/.test(text)) return bad('must be at most 255 characters with no control characters');
  return ok(text);
}

/** An e-mail address, lower-cased. */
export function readEmail(text: string): Read<string> {
  const t = text.toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t) && t.length <= 320 ? ok(t) : bad(`${shown(text)} is not an e-mail address`);
}

/** Free text up to `max` characters (longer is a problem, never cut silently). */
export function readText(text: string, max: number): Read<string> {
  // eslint-disable-next-line no-control-regex
  const t = text.replace(/\u0000/g, '');
  return t.length > max ? bad(`must be at most ${max} characters (found ${t.length})`) : ok(t);
}

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency').map((c) => c.toLowerCase()));

/** An ISO 4217 code, lower-cased. */
export function readCurrency(text: string): Read<string> {
  const t = text.toLowerCase();
  if (!/^[a-z]{3}$/.test(t)) return bad(`${shown(text)} is not a three-letter currency code (USD, EUR, JPY)`);
  return ISO_CURRENCIES.has(t) ? ok(t) : bad(`${shown(text)} is not an ISO 4217 currency code`);
}
