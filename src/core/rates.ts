// Rates derived from period rows: churn, retention, quick ratio, growth and LTV.
//
// Responsible for: turning the integer figures of a PeriodRow into ratios, computed exactly on
// rationals and returned as plain numbers (ratios, not percentages: 0.05 = 5%). A rate whose
// denominator is zero is `{ value: null, reason }`, never Infinity or NaN. LTV is money: exact
// until a single half-away-from-zero rounding to integer minor units.
import { compare, div, isZero, mul, ONE, parseDecimal, ratio, sub, toMinorUnits, ZERO, type Ratio } from './decimal.js';
import type { Granularity } from './dates.js';
import type { PeriodRow } from './period-metrics.js';
import type { DecimalString } from './types.js';

export type RateValue = { value: number | null; reason?: string };

export type PeriodRates = {
  /** churnedCustomersFromStart ÷ customersStart. */
  customerChurnRate: RateValue;
  /** (|churn| + |contraction|) ÷ mrrStart. */
  grossMrrChurnRate: RateValue;
  /** (|churn| + |contraction| − expansion − reactivation) ÷ mrrStart; negative = net expansion. */
  netMrrChurnRate: RateValue;
  /** (mrrStart + expansion − |contraction| − |churn| [+ reactivation]) ÷ mrrStart. */
  nrr: RateValue;
  /** (mrrStart − |contraction| − |churn|) ÷ mrrStart, clamped to [0, 1]. */
  grr: RateValue;
  /** (new + expansion + reactivation) ÷ (|contraction| + |churn|). */
  quickRatio: RateValue;
  /** (mrr − mrrStart) ÷ mrrStart: month-over-month growth for monthly rows. */
  mrrGrowth: RateValue;
  /** ARPA × gross margin × months per period ÷ customer churn rate, in minor units. */
  ltv: RateValue;
};

export type RateOptions = {
  /** Gross margin as a fraction ('0.8'); default '1' (LTV in revenue terms). */
  grossMargin?: DecimalString;
  /** Count reactivation MRR in NRR (default false, as ChartMogul: reactivated customers were
   *  not paying at the start, so they are not part of the retained base). */
  nrrIncludesReactivation?: boolean;
  /** Granularity of the rows; LTV scales the period churn rate to months (default 'month'). */
  granularity?: Granularity;
};

export type RateSeriesOptions = RateOptions & {
  /** LTV uses the pooled customer churn of the last N rows, current included (default 1).
   *  ChartMogul uses a six-month trailing average. */
  ltvChurnWindow?: number;
};

// Mean Gregorian year: 365.2425 days = 146097 / 400.
const DAYS_PER_MONTH = ratio(146_097n, 4_800n);

const MONTHS_PER_PERIOD: Readonly<Record<Granularity, Ratio>> = {
  day: div(ONE, DAYS_PER_MONTH),
  week: div(ratio(7), DAYS_PER_MONTH),
  month: ONE,
  quarter: ratio(3),
  year: ratio(12),
};

function toNumber(r: Ratio): number {
  return Number(r.n) / Number(r.d);
}

function rate(numerator: Ratio, denominator: Ratio, reason: string): RateValue {
  if (isZero(denominator)) return { value: null, reason };
  return { value: toNumber(div(numerator, denominator)) };
}

const NO_START_MRR = 'no MRR at the start of the period';

function parseMargin(margin: DecimalString): Ratio {
  const parsed = parseDecimal(margin);
  if (compare(parsed, ZERO) < 0 || compare(parsed, ONE) > 0) {
    throw new RangeError(`gross margin must be between 0 and 1: "${margin}"`);
  }
  return parsed;
}

/** LTV from exact ARPA (mrr ÷ customers) and a churn ratio churned ÷ atStart. */
function lifetimeValue(row: PeriodRow, churned: number, atStart: number, options: RateOptions): RateValue {
  if (row.customers === 0) return { value: null, reason: 'no paying customers at the end of the period' };
  if (atStart === 0) return { value: null, reason: 'no customers at the start of the period' };
  if (churned === 0) return { value: null, reason: 'no customer churn: lifetime is unbounded' };
  const arpa = ratio(row.mrr, row.customers);
  const churnRate = ratio(churned, atStart);
  const months = MONTHS_PER_PERIOD[options.granularity ?? 'month'];
  const margin = parseMargin(options.grossMargin ?? '1');
  return { value: toMinorUnits(div(mul(mul(arpa, margin), months), churnRate)) };
}

function clamp01(r: Ratio): Ratio {
  if (compare(r, ZERO) < 0) return ZERO;
  return compare(r, ONE) > 0 ? ONE : r;
}

export function computeRates(row: PeriodRow, options: RateOptions = {}): PeriodRates {
  const m = row.movements;
  const start = ratio(row.mrrStart);
  const lost = ratio(Math.abs(m.churn) + Math.abs(m.contraction));
  const regained = m.expansion + m.reactivation;
  const nrrGain = m.expansion + (options.nrrIncludesReactivation ? m.reactivation : 0);
  return {
    customerChurnRate: rate(
      ratio(row.churnedCustomersFromStart),
      ratio(row.customersStart),
      'no customers at the start of the period',
    ),
    grossMrrChurnRate: rate(lost, start, NO_START_MRR),
    netMrrChurnRate: rate(ratio(Math.abs(m.churn) + Math.abs(m.contraction) - regained), start, NO_START_MRR),
    nrr: rate(ratio(row.mrrStart + nrrGain - Math.abs(m.contraction) - Math.abs(m.churn)), start, NO_START_MRR),
    grr: grossRetention(row.mrrStart, lost),
    quickRatio: rate(ratio(m.new + m.expansion + m.reactivation), lost, 'no contraction or churn in the period'),
    mrrGrowth: rate(ratio(row.mrr - row.mrrStart), start, NO_START_MRR),
    ltv: lifetimeValue(row, row.churnedCustomersFromStart, row.customersStart, options),
  };
}

/** GRR, clamped to [0, 1]: it only drops below 0 when customers who joined during the period
 *  lose more than the whole starting MRR (it cannot exceed 1: lost MRR is never negative). */
function grossRetention(mrrStart: number, lost: Ratio): RateValue {
  if (mrrStart === 0) return { value: null, reason: NO_START_MRR };
  const start = ratio(mrrStart);
  return { value: toNumber(clamp01(div(sub(start, lost), start))) };
}

/** computeRates for each row; LTV optionally over a trailing churn window. */
export function computeRateSeries(rows: readonly PeriodRow[], options: RateSeriesOptions = {}): PeriodRates[] {
  const window = options.ltvChurnWindow ?? 1;
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`ltvChurnWindow must be a positive integer`);
  return rows.map((row, i) => {
    const rates = computeRates(row, options);
    if (window === 1) return rates;
    const trailing = rows.slice(Math.max(0, i - window + 1), i + 1);
    const churned = trailing.reduce((sum, r) => sum + r.churnedCustomersFromStart, 0);
    const atStart = trailing.reduce((sum, r) => sum + r.customersStart, 0);
    // Pooled over the window: Σ churned ÷ Σ customers at start (not a mean of the rates).
    return { ...rates, ltv: lifetimeValue(row, churned, atStart, options) };
  });
}
