// FX tables: exact conversion of integer minor units into a reporting currency.
//
// Responsible for: picking the rate in force on a day (the latest on or before it, else the
// earliest known), converting minor units between currencies with different exponents, and
// rounding exactly once (half away from zero). Rates are decimal strings read as exact rationals.
//
// Rates are given per currency INTO one currency. Normally that is the reporting currency; with
// `base` they are into a base currency and the table pivots exactly:
//   rate(X → reporting) = rate(X → base) ÷ rate(reporting → base)   (rational, no rounding)
// Cross rates between two non-reporting currencies are never needed or derived.
import { currencyExponent, normaliseCurrency } from './currency.js';
import { div, mul, parseDecimal, ratio, toMinorUnits, type Ratio, ONE } from './decimal.js';
import { dayToNumber } from './dates.js';
import type { CurrencyCode, Day, FxRate } from './types.js';

/** Converting needs a rate the table does not have; the message names the currency. */
export class MissingFxRateError extends RangeError {
  override readonly name = 'MissingFxRateError';
  constructor(
    readonly currency: CurrencyCode,
    readonly into: CurrencyCode,
  ) {
    super(`no FX rate from ${currency} to ${into}`);
  }
}

export type FxTable = {
  readonly reportingCurrency: CurrencyCode;
  /** Currencies the table can convert (besides the reporting currency itself). */
  readonly currencies: readonly CurrencyCode[];
  /** Units of the reporting currency per ONE major unit of `currency` on `day`. */
  rateOn(currency: CurrencyCode, day: Day): Ratio;
  /** Reporting-currency minor units per ONE minor unit of `currency` on `day` (exact). */
  minorFactorOn(currency: CurrencyCode, day: Day): Ratio;
  /** Converts integer minor units of `from` into integer minor units of the reporting currency. */
  convert(amountMinor: number, from: CurrencyCode, day: Day): number;
};

export type FxTableOptions = {
  /** The currency the rates are quoted into, when it is not the reporting currency. */
  base?: CurrencyCode;
  /**
   * Reference rates quoted per EUR, as the European Central Bank publishes them: `rate` units of
   * `currency` for ONE euro on `day`. A currency with no direct rate converts through them:
   * rate(X → reporting) = q(reporting) ÷ q(X), exact (q(EUR) = 1). Direct rates win: a currency
   * that has any direct rate is converted with those alone.
   */
  eurQuotes?: readonly FxRate[];
};

type Point = { epochDay: number; rate: Ratio };

function buildSeries(rates: readonly FxRate[]): Map<CurrencyCode, Point[]> {
  const series = new Map<CurrencyCode, Point[]>();
  for (const fxRate of rates) {
    const currency = normaliseCurrency(fxRate.currency);
    const rate = parseDecimal(fxRate.rate);
    if (rate.n <= 0n) throw new RangeError(`FX rate for ${currency} on ${fxRate.day} must be positive`);
    const points = series.get(currency) ?? [];
    points.push({ epochDay: dayToNumber(fxRate.day), rate });
    series.set(currency, points);
  }
  for (const [currency, points] of series) {
    points.sort((a, b) => a.epochDay - b.epochDay);
    for (let i = 1; i < points.length; i += 1) {
      const [prev, cur] = [points[i - 1]!, points[i]!];
      if (prev.epochDay === cur.epochDay && (prev.rate.n !== cur.rate.n || prev.rate.d !== cur.rate.d)) {
        throw new RangeError(`conflicting FX rates for ${currency} on the same day`);
      }
    }
  }
  return series;
}

/** Latest point on or before `epochDay`; the earliest point when `epochDay` precedes them all. */
function pointOn(points: readonly Point[], epochDay: number): Point {
  let lo = 0;
  let hi = points.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.epochDay <= epochDay) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return points[found]!;
}

export function createFxTable(
  rates: readonly FxRate[],
  reportingCurrency: CurrencyCode,
  options: FxTableOptions = {},
): FxTable {
  const reporting = normaliseCurrency(reportingCurrency);
  const base = options.base === undefined ? reporting : normaliseCurrency(options.base);
  const series = buildSeries(rates);
  const baseSeries = series.get(base);
  if (baseSeries?.some((p) => p.rate.n !== p.rate.d)) {
    throw new RangeError(`an FX rate from ${base} into itself must be 1`);
  }
  series.delete(base);
  const pivotSeries = base === reporting ? null : series.get(reporting);
  if (pivotSeries === undefined) throw new MissingFxRateError(reporting, base);
  const pivot: readonly Point[] | null = pivotSeries;

  const cache = new Map<string, Ratio>();
  const quotes = buildSeries((options.eurQuotes ?? []).filter((q) => normaliseCurrency(q.currency) !== 'eur'));

  /** q(currency) on the day: units of it per one euro. */
  function quoteOn(currency: CurrencyCode, epochDay: number): Ratio | null {
    if (currency === 'eur') return ONE;
    const points = quotes.get(currency);
    return points ? pointOn(points, epochDay).rate : null;
  }

  function crossRate(code: CurrencyCode, epochDay: number): Ratio {
    const from = quoteOn(code, epochDay);
    const into = quoteOn(reporting, epochDay);
    if (from === null || into === null) throw new MissingFxRateError(code, reporting);
    return div(into, from);
  }

  function rateOn(currency: CurrencyCode, day: Day): Ratio {
    const code = normaliseCurrency(currency);
    if (code === reporting) return ONE;
    const key = `${code}|${day}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const epochDay = dayToNumber(day);
    let rateIntoBase = ONE;
    if (code !== base) {
      const points = series.get(code);
      if (points === undefined) {
        const crossed = crossRate(code, epochDay);
        cache.set(key, crossed);
        return crossed;
      }
      rateIntoBase = pointOn(points, epochDay).rate;
    }
    const rate = pivot === null ? rateIntoBase : div(rateIntoBase, pointOn(pivot, epochDay).rate);
    cache.set(key, rate);
    return rate;
  }

  function minorFactorOn(currency: CurrencyCode, day: Day): Ratio {
    const shift = currencyExponent(reporting) - currencyExponent(currency);
    const scale = shift >= 0 ? ratio(10n ** BigInt(shift)) : ratio(1n, 10n ** BigInt(-shift));
    return mul(rateOn(currency, day), scale);
  }

  return {
    reportingCurrency: reporting,
    currencies: [...new Set([
      ...series.keys(),
      ...(base === reporting ? [] : [base]),
      ...(quotes.size > 0 && (reporting === 'eur' || quotes.has(reporting)) ? ['eur', ...quotes.keys()] : []),
    ])].filter((c) => c !== reporting).sort(),
    rateOn,
    minorFactorOn,
    convert(amountMinor: number, from: CurrencyCode, day: Day): number {
      if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`not an integer amount: ${amountMinor}`);
      if (normaliseCurrency(from) === reporting) return amountMinor;
      const factor = minorFactorOn(from, day);
      return toMinorUnits({ n: BigInt(amountMinor) * factor.n, d: factor.d });
    },
  };
}

/**
 * The table a read uses: a currency with no rate at all converts to 0 instead of failing the
 * whole figure, so every figure still computes for what converts. Which currencies those are is
 * known from `currencies` (convertible) and is named beside the figures (never silently). A
 * currency that has rates, but none yet on a day, takes the latest earlier one (or the earliest).
 */
export function lenientFxTable(table: FxTable): FxTable & { canConvert(currency: CurrencyCode): boolean } {
  const known = new Set([table.reportingCurrency, ...table.currencies]);
  const canConvert = (currency: CurrencyCode) => known.has(normaliseCurrency(currency));
  return {
    ...table,
    canConvert,
    rateOn: (currency, day) => (canConvert(currency) ? table.rateOn(currency, day) : ratio(0)),
    minorFactorOn: (currency, day) => (canConvert(currency) ? table.minorFactorOn(currency, day) : ratio(0)),
    convert: (amountMinor, from, day) => (canConvert(from) ? table.convert(amountMinor, from, day) : (Number.isSafeInteger(amountMinor) ? 0 : table.convert(amountMinor, from, day))),
  };
}

/** What a lenient table leaves out: each currency it cannot convert with its native amount
 *  (e.g. MRR per currency), largest first; zero amounts are not news. */
export function unconvertedAmounts(amounts: ReadonlyMap<CurrencyCode, number>, table: Pick<FxTable, 'reportingCurrency' | 'currencies'>): { currency: CurrencyCode; amount: number }[] {
  const known = new Set([table.reportingCurrency, ...table.currencies]);
  return [...amounts]
    .filter(([currency, amount]) => amount !== 0 && !known.has(normaliseCurrency(currency)))
    .map(([currency, amount]) => ({ currency: normaliseCurrency(currency), amount }))
    .sort((a, b) => b.amount - a.amount || (a.currency < b.currency ? -1 : 1));
}

// Demo rates for the seeded data set: ILLUSTRATIVE, not market data (2023–2025 are close to the
// ECB reference rates on those days, 2026 is invented). The usd table lists units of usd per one
// unit of each currency; the eur table is triangulated from it (x→eur = x→usd ÷ eur→usd) and
// rounded to 6 decimals (8 for jpy), so the two tables agree to within that rounding.
const DEMO_DAYS = ['2023-01-01', '2023-07-01', '2024-01-01', '2024-07-01', '2025-01-01', '2025-07-01', '2026-01-01'];

const DEMO_INTO_USD: Record<string, string[]> = {
  eur: ['1.0705', '1.0910', '1.1040', '1.0713', '1.0350', '1.1787', '1.1740'],
  gbp: ['1.2083', '1.2710', '1.2730', '1.2645', '1.2516', '1.3730', '1.3450'],
  jpy: ['0.007626', '0.006933', '0.007092', '0.006216', '0.006361', '0.006932', '0.0064'],
  cad: ['0.7383', '0.7553', '0.7547', '0.7309', '0.6954', '0.7335', '0.729'],
  aud: ['0.6806', '0.666', '0.6812', '0.6671', '0.6188', '0.656', '0.668'],
  chf: ['1.082', '1.118', '1.188', '1.112', '1.103', '1.261', '1.26'],
  kwd: ['3.271', '3.253', '3.256', '3.26', '3.243', '3.274', '3.26'],
};

/** The eur table, triangulated from the usd one: x→eur = x→usd ÷ eur→usd (usd→eur = 1 ÷ eur→usd),
 *  rounded to 6 decimals (8 for jpy). */
function triangulateIntoEur(intoUsd: Record<string, string[]>): Record<string, string[]> {
  const eurInUsd = intoUsd.eur!.map(Number);
  const rounded = (value: number, currency: string) => String(Number(value.toFixed(currency === 'jpy' ? 8 : 6)));
  const table: Record<string, string[]> = { usd: eurInUsd.map((eur) => rounded(1 / eur, 'usd')) };
  for (const [currency, values] of Object.entries(intoUsd)) {
    if (currency !== 'eur') table[currency] = values.map((rate, i) => rounded(Number(rate) / eurInUsd[i]!, currency));
  }
  return table;
}

function expand(table: Record<string, string[]>): readonly FxRate[] {
  return Object.entries(table).flatMap(([currency, values]) =>
    values.map((rate, i) => ({ currency, day: DEMO_DAYS[i]!, rate })),
  );
}

/** Demo FX rates into usd and into eur: `createFxTable(DEMO_FX_RATES.usd, 'usd')`. */
export const DEMO_FX_RATES: Readonly<Record<'usd' | 'eur', readonly FxRate[]>> = {
  usd: expand(DEMO_INTO_USD),
  eur: expand(triangulateIntoEur(DEMO_INTO_USD)),
};
