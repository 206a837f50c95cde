// Display formatting. Money arrives as integer minor units; it is turned into an exact decimal
// string (no float division) and handed to Intl.NumberFormat, which formats strings exactly.
import { currencyExponent } from './currency.js';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.NumberFormat(locale, options);
    formatters.set(key, cached);
  }
  return cached;
}

function toBigInt(minor: number | bigint): bigint {
  if (typeof minor === 'bigint') return minor;
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not an integer amount of minor units: ${minor}`);
  return BigInt(minor);
}

/** Exact decimal string of `minor / 10^exponent`, e.g. (-5, 2) → "-0.05". */
export function minorToDecimalString(minor: number | bigint, exponent: number): `${number}` {
  const value = toBigInt(minor);
  const sign = value < 0n ? '-' : '';
  const digits = (value < 0n ? -value : value).toString();
  if (exponent === 0) return `${sign}${digits}` as `${number}`;
  const padded = digits.padStart(exponent + 1, '0');
  const whole = padded.slice(0, -exponent);
  const fraction = padded.slice(-exponent);
  return `${sign}${whole}.${fraction}` as `${number}`;
}

/** Formats integer minor units of `currency` (lower- or upper-case ISO code) for `locale`. */
export function formatMoney(minor: number | bigint, currency: string, locale?: string): string {
  return formatMinor(minor, currency, locale, {});
}

/** A signed money change ("+$12.00", "−$3.50"), for deltas. */
export function formatMoneyChange(minor: number | bigint, currency: string, locale?: string): string {
  return formatMinor(minor, currency, locale, { signDisplay: 'exceptZero' });
}

/** Minor units of `currency` with all of its decimals, and `options` on top. */
function formatMinor(minor: number | bigint, currency: string, locale: string | undefined, options: Intl.NumberFormatOptions): string {
  const exponent = currencyExponent(currency);
  return formatter(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
    ...options,
  }).format(minorToDecimalString(minor, exponent));
}

export function formatCount(value: number, locale?: string): string {
  return formatter(locale, { maximumFractionDigits: 0 }).format(value);
}

export function formatCountChange(value: number, locale?: string): string {
  return formatter(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(value);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Compact age of something `ageMs` old: "just now", "4m ago", "2h ago", "3d ago". */
export function formatAge(ageMs: number): string {
  if (ageMs < MINUTE) return 'just now';
  if (ageMs < HOUR) return `${Math.floor(ageMs / MINUTE)}m ago`;
  if (ageMs < DAY) return `${Math.floor(ageMs / HOUR)}h ago`;
  return `${Math.floor(ageMs / DAY)}d ago`;
}

/** A score as an integer: health 0–100 ("72"), or with `signed` an NPS −100…+100 ("+42", "−8", "0").
 *  An undefined score (null: no data) is an em dash. */
export function formatScore(value: number | null | undefined, options: { locale?: string; signed?: boolean } = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatter(options.locale, { maximumFractionDigits: 0, ...(options.signed ? { signDisplay: 'exceptZero' as const } : {}) }).format(Math.round(value));
}

/** A probability (0–1) as a whole percentage ("37%"); below 1% but above 0 reads "<1%", so a
 *  small risk never looks like none. */
export function formatProbability(p: number | null | undefined, locale?: string): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  const percent = formatter(locale, { style: 'percent', maximumFractionDigits: 0 });
  if (p > 0 && p < 0.005) return `<${percent.format(0.01)}`;
  return percent.format(p);
}
