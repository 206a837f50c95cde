// How every renderer writes a value for people (HTML, text, PDF; the workbook and the CSV keep
// numbers as numbers): money from integer minor units, moved to an exact decimal string and
// given to Intl.NumberFormat (which formats decimal strings exactly), ratios as percentages,
// scores and days rounded, a missing value as an em dash. English (en-US) throughout: a report is
// one document for all its recipients.
import { currencyExponent } from '../../core/currency.js';
import { minorToMajorText } from '../../core/money-text.js';
import type { ValueUnit } from '../../read/reports/contract.js';

const LOCALE = 'en-US';
const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let format = cache.get(key);
  if (!format) cache.set(key, (format = new Intl.NumberFormat(LOCALE, options)));
  return format;
}

/** Integer minor units of `currency` as "$1,234.56", "¥1,234", "KWD 1.234". */
export function formatMoney(minor: number, currency: string, options: { signed?: boolean; compact?: boolean } = {}): string {
  const exponent = currencyExponent(currency);
  const digits = options.compact ? 0 : exponent;
  const decimal = minorToMajorText(minor, exponent) as `${number}`;
  return numberFormat({
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    ...(options.signed ? { signDisplay: 'exceptZero' as const } : {}),
  }).format(decimal);
}

/** A ratio (0.052) as "5.2%". */
export function formatRatio(ratio: number, options: { signed?: boolean; digits?: number } = {}): string {
  const digits = options.digits ?? 1;
  return numberFormat({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits, ...(options.signed ? { signDisplay: 'exceptZero' as const } : {}) }).format(ratio);
}

export function formatCount(value: number, options: { signed?: boolean } = {}): string {
  return numberFormat({ maximumFractionDigits: 0, ...(options.signed ? { signDisplay: 'exceptZero' as const } : {}) }).format(value);
}

/** Any value of a report: `currency` is needed for money; null is "—". */
export function formatValue(value: number | string | null | undefined, unit: ValueUnit, currency: string | null, options: { signed?: boolean } = {}): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  switch (unit) {
    case 'money':
      return currency ? formatMoney(value, currency, options) : formatCount(value, options);
    case 'ratio':
      return formatRatio(value, options);
    case 'count':
      return formatCount(value, options);
    case 'score':
      return numberFormat({ maximumFractionDigits: 0, ...(options.signed ? { signDisplay: 'exceptZero' as const } : {}) }).format(value);
    case 'days':
      return `${numberFormat({ maximumFractionDigits: 1 }).format(value)} days`;
    default:
      return String(value);
  }
}
