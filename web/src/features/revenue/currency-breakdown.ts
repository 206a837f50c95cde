// MRR by billing currency with the FX adjustment: each currency's native MRR, the rate and its
// value in the reporting currency at the date, and the FX effect over the range (explain's `fx`
// groups: how much the reporting-currency MRR moved with exchange rates alone). The FX column
// sums to the FX total of the monthly table for the same range.
import type { ByCurrency, Explanation } from './schemas.js';

export type CurrencyRow = {
  currency: string;
  native: number;
  mrr: number;
  customers: number;
  share: number | null;
  /** Reporting-currency units per one unit of `currency`. */
  rate: number;
  /** The FX effect over the range in reporting minor units (0 for the reporting currency). */
  fx: number;
};

export type CurrencyTable = { rows: CurrencyRow[]; total: { mrr: number; fx: number }; foreign: boolean };

export function currencyTable(data: ByCurrency, fx: Explanation | null): CurrencyTable {
  const effect = new Map<string, number>();
  for (const g of fx?.groups ?? []) if (g.currency) effect.set(g.currency, (effect.get(g.currency) ?? 0) + g.reporting);
  const rows: CurrencyRow[] = data.currencies.map((c) => ({
    currency: c.currency,
    native: c.native,
    mrr: c.mrr,
    customers: c.customers,
    share: c.share,
    rate: Number(c.rate),
    fx: effect.get(c.currency) ?? 0,
  }));
  // A currency that left during the range can still carry an FX effect: show it with no MRR.
  for (const [currency, amount] of effect) {
    if (!rows.some((r) => r.currency === currency)) rows.push({ currency, native: 0, mrr: 0, customers: 0, share: null, rate: Number.NaN, fx: amount });
  }
  return {
    rows,
    total: { mrr: data.mrr, fx: fx?.total ?? 0 },
    foreign: rows.some((r) => r.currency !== data.currency),
  };
}

const rateFormats = new Map<string, Intl.NumberFormat>();

/** "1.0842": five significant digits, enough for JPY and KWD alike. */
export function formatRateValue(rate: number, locale?: string): string {
  const key = locale ?? '';
  let format = rateFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumSignificantDigits: 5 });
    rateFormats.set(key, format);
  }
  return format.format(rate);
}

/** "1 EUR = 1.0842 USD". */
export function formatRate(rate: number, currency: string, reporting: string, locale?: string): string {
  if (!Number.isFinite(rate)) return '—';
  return `1 ${currency.toUpperCase()} = ${formatRateValue(rate, locale)} ${reporting.toUpperCase()}`;
}
