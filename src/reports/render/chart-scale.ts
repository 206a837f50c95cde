// The value axis of the report charts: a "nice" range and ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ;
// whole minor units for money and whole numbers for counts) and the tick labels in the chart's
// unit — compact money ("$10.5M", more decimals only when the ticks would otherwise read the
// same), percentages with as many decimals as the step needs, compact counts.
import type { ReportChart } from '../../read/reports/contract.js';
import { formatCount, formatMoney, formatRatio } from './format-value.js';

export type ValueAxis = { min: number; max: number; ticks: number[]; labels: string[] };

const TARGET_TICKS = 4;

function niceStep(rough: number, integral: boolean): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const f = rough / power;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 && !(integral && power < 10) ? 2.5 : f <= 5 ? 5 : 10;
  const step = nice * power;
  return integral ? Math.max(1, Math.round(step)) : step;
}

/** Removes binary noise (0.30000000000000004) from a tick. */
const clean = (v: number) => Number(v.toPrecision(12));

/** The axis for these values; bars include zero so their lengths mean something. */
export function valueAxis(values: number[], chart: Pick<ReportChart, 'unit' | 'currency'>, options: { includeZero: boolean }): ValueAxis {
  const integral = chart.unit === 'money' || chart.unit === 'count';
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  if (options.includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (lo === hi) {
    const pad = Math.abs(lo) / 10 || 1;
    if (lo >= 0 && lo - pad < 0) lo = 0;
    else lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / TARGET_TICKS, integral);
  const min = clean(Math.floor(lo / step) * step);
  let max = clean(Math.ceil(hi / step) * step);
  if (max === min) max = clean(min + step);
  const ticks: number[] = [];
  for (let i = 0; ; i++) {
    const tick = clean(min + i * step);
    if (tick > max + step / 2) break;
    ticks.push(tick);
  }
  return { min, max, ticks, labels: tickLabels(ticks, step, chart) };
}

function tickLabels(ticks: number[], step: number, chart: Pick<ReportChart, 'unit' | 'currency'>): string[] {
  const unique = (labels: string[]) => new Set(labels).size === labels.length;
  if (chart.unit === 'ratio') {
    let digits = 0;
    while (digits < 4 && Math.abs(Math.round(step * 100 * 10 ** digits) - step * 100 * 10 ** digits) > 1e-6) digits++;
    return ticks.map((t) => formatRatio(t, { digits }));
  }
  const attempts: ((v: number) => string)[] =
    chart.unit === 'money' && chart.currency
      ? [1, 2, 3].map((compactDigits) => (v: number) => formatMoney(v, chart.currency!, { compact: true, compactDigits, compactFixed: compactDigits > 1 })).concat((v) => formatMoney(v, chart.currency!))
      : [(v: number) => formatCount(v, { compact: true }), (v: number) => (Number.isInteger(step) ? formatCount(v) : String(v))];
  for (const format of attempts) {
    const labels = ticks.map(format);
    if (unique(labels)) return labels;
  }
  return ticks.map(attempts[attempts.length - 1]!);
}
