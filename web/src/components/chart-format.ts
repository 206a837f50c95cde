// Axis and tooltip formatting shared by the charts: compact money ("$11.1M") from integer minor
// units in the currency's exponent, and short month labels ("Nov 26").
import { currencyExponent } from '../lib/currency.js';

const cache = new Map<string, Intl.NumberFormat>();
function nf(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** "$11.1M", "€950K", "-$3.2K": for axes, where precision would only add noise. */
export function formatMoneyCompact(minor: number, currency: string, locale?: string): string {
  const major = minor / 10 ** currencyExponent(currency);
  return nf(locale, { style: 'currency', currency: currency.toUpperCase(), notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: Math.abs(major) >= 1000 ? 1 : 0 }).format(major);
}

export function formatCountCompact(value: number, locale?: string): string {
  return nf(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();
/** "Nov ’26" for 2026-11 (UTC), for axis ticks (not "Nov 26", which reads as a day). */
export function formatMonthShort(month: string, locale?: string): string {
  const key = locale ?? '';
  let f = monthFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' });
    monthFormats.set(key, f);
  }
  const [y, m] = month.split('-').map(Number);
  const parts = f.formatToParts(new Date(Date.UTC(y!, m! - 1, 1)));
  const name = parts.find((p) => p.type === 'month')?.value ?? '';
  const year = parts.find((p) => p.type === 'year')?.value ?? '';
  return `${name} ’${year}`;
}
