// How every renderer writes a value for people (HTML, text, PDF, chart axes; the workbook and the
// CSV keep numbers as numbers): money from integer minor units, moved to an exact decimal string
// and given to Intl.NumberFormat (which formats decimal strings exactly), ratios as percentages,
// scores and days rounded, days and months as "1 Dec 2026" and "Nov 2026", a missing value as an
// em dash. English (en-US) throughout: a report is one document for all its recipients.
import { currencyExponent } from '../../core/currency.js';
import { minorToMajorText } from '../../core/money-text.js';
import type { ReportColumn, ReportKpi, ReportRow, ReportTable, ValueUnit } from '../../read/reports/contract.js';

const LOCALE = 'en-US';
const cache = new Map<string, Intl.NumberFormat>();
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** What is shown for a missing value, everywhere. */
export const MISSING = '—';

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let format = cache.get(key);
  if (!format) cache.set(key, (format = new Intl.NumberFormat(LOCALE, options)));
  return format;
}

export type MoneyOptions = {
  signed?: boolean;
  /** "$112.3K", "¥1.2M": for chart axes, where precision would only add noise. */
  compact?: boolean;
  /** With compact: at most this many decimals of the compact number (default 1)… */
  compactDigits?: number;
  /** …and exactly that many when true ("$1.20M" beside "$1.25M" on an axis). */
  compactFixed?: boolean;
};

/** Integer minor units of `currency` as "$1,234.56", "¥1,234", "KWD 1.234" (compact: "$1.2K"). */
export function formatMoney(minor: number, currency: string, options: MoneyOptions = {}): string {
  const exponent = currencyExponent(currency);
  const decimal = minorToMajorText(minor, exponent) as `${number}`;
  const sign = options.signed ? { signDisplay: 'exceptZero' as const } : {};
  if (options.compact) {
    return numberFormat({
      style: 'currency',
      currency: currency.toUpperCase(),
      notation: 'compact',
      minimumFractionDigits: options.compactFixed ? (options.compactDigits ?? 1) : 0,
      maximumFractionDigits: options.compactDigits ?? 1,
      ...sign,
    }).format(decimal);
  }
  return numberFormat({ style: 'currency', currency: currency.toUpperCase(), minimumFractionDigits: exponent, maximumFractionDigits: exponent, ...sign }).format(decimal);
}

/** A ratio (0.052) as "5.2%". */
export function formatRatio(ratio: number, options: { signed?: boolean; digits?: number } = {}): string {
  const digits = options.digits ?? 1;
  return numberFormat({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits, ...(options.signed ? { signDisplay: 'exceptZero' as const } : {}) }).format(ratio);
}

export function formatCount(value: number, options: { signed?: boolean; compact?: boolean } = {}): string {
  return numberFormat({
    maximumFractionDigits: options.compact ? 1 : 0,
    ...(options.compact ? { notation: 'compact' as const } : {}),
    ...(options.signed ? { signDisplay: 'exceptZero' as const } : {}),
  }).format(value);
}

/** 2026-12-01 → "1 Dec 2026" (anything else as it is). */
export function formatDay(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return m && month ? `${Number(m[3])} ${month} ${m[1]}` : value;
}

/** 2026-11 → "Nov 2026" (anything else as it is). */
export function formatMonth(value: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return m && month ? `${month} ${m[1]}` : value;
}

/** An instant as "1 Dec 2026, 06:00 UTC". */
export function formatInstant(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = formatDay(d.toISOString().slice(0, 10));
  return `${day}, ${d.toISOString().slice(11, 16)} UTC`;
}

/** Any value of a report: `currency` is needed for money; null is "—". */
export function formatValue(value: number | string | null | undefined, unit: ValueUnit, currency: string | null, options: { signed?: boolean; compact?: boolean } = {}): string {
  if (value === null || value === undefined || value === '') return MISSING;
  if (typeof value === 'string') {
    if (unit === 'date') return formatDay(value);
    if (unit === 'month') return formatMonth(value);
    return value;
  }
  switch (unit) {
    case 'money':
      return currency ? formatMoney(value, currency, options) : formatCount(value, options);
    case 'ratio':
      return formatRatio(value, options);
    case 'count':
    case 'score':
      return formatCount(value, options);
    case 'days':
      return `${numberFormat({ maximumFractionDigits: 1 }).format(value)} ${value === 1 ? 'day' : 'days'}`;
    default:
      return String(value);
  }
}

/** The currency a money cell is in: the row's `currencyColumn` cell, else the table's. */
export function cellCurrency(table: Pick<ReportTable, 'currency'>, column: ReportColumn, row: ReportRow): string | null {
  if (column.currencyColumn) {
    const named = row[column.currencyColumn];
    if (typeof named === 'string' && /^[A-Za-z]{3}$/.test(named)) return named;
  }
  return table.currency;
}

/** A table cell as people read it (the currency column of a multi-currency table applied). */
export function formatCell(table: Pick<ReportTable, 'currency'>, column: ReportColumn, row: ReportRow): string {
  return formatValue(row[column.key], column.unit, column.unit === 'money' ? cellCurrency(table, column, row) : null);
}

/** Units whose cells are numbers, right-aligned in every table. */
export function isNumericUnit(unit: ValueUnit): boolean {
  return unit !== 'text' && unit !== 'date' && unit !== 'month';
}

/** How a KPI moved: "+4.2%", whether that is good news (by lowerIsBetter), or null without a change. */
export function kpiChange(kpi: ReportKpi): { text: string; tone: 'good' | 'bad' | 'flat' } | null {
  if (kpi.change === null) return null;
  const unit = kpi.figure.unit;
  // Ratios and scores change by a difference (percentage points, points); the rest relatively.
  const text = unit === 'ratio'
    ? `${numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(kpi.change * 100)} pp`
    : unit === 'score' ? `${formatCount(kpi.change, { signed: true })} pts` : formatRatio(kpi.change, { signed: true });
  // A change that rounds to nothing is shown, and coloured, as no change.
  if (/^[^1-9]*$/.test(text.replace(/pts|pp/, ''))) return { text, tone: 'flat' };
  return { text, tone: kpi.change > 0 === !kpi.lowerIsBetter ? 'good' : 'bad' };
}
