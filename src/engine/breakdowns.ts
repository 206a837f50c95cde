// MRR broken down at one day — by plan and by currency — and the trial and forecast
// views, all from the tables kept with the ledger. Shares that must add up do so exactly: the
// plans' amounts of each currency are apportioned from that currency's converted total (largest
// remainder), so the plans sum to MRR to the minor unit.
import { sql, type Kysely } from 'kysely';
import { forecastMrr, type ForecastPoint } from '../core/forecast.js';
import type { FxTable } from '../core/fx.js';
import { addMonths, firstDayOfMonth, lastDayOfMonth, monthOf, type Granularity } from '../core/dates.js';
import { computeTrialPeriods, type TrialPeriodRow } from '../core/trial-metrics.js';
import type { Day, Month } from '../core/types.js';
import { levelsAt, planLevelsAt, trialsRelevantTo } from '../store/metrics-read-repo.js';
import type { Database } from '../store/schema.js';
import { loadPeriodRows } from './period-series.js';
import { ASSUMED_TRIAL_DAYS } from './summary.js';

/** Splits `total` (≥ 0) over non-negative `weights` in proportion: floors, then one more unit
 *  to the largest remainders (ties: the first), so the parts sum to `total` exactly. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum === 0 || total === 0) return weights.map(() => 0);
  const [t, s] = [BigInt(total), BigInt(sum)];
  const parts = weights.map((w, i) => ({ i, q: (t * BigInt(w)) / s, r: (t * BigInt(w)) % s }));
  let rest = t - parts.reduce((acc, p) => acc + p.q, 0n);
  for (const p of [...parts].sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))) {
    if (rest <= 0n) break;
    p.q += 1n;
    rest -= 1n;
  }
  return parts.map((p) => Number(p.q));
}

export type PlanBreakdown = {
  date: Day;
  currency: string;
  mrr: number;
  plans: { planId: string; planName: string; mrr: number; customers: number; share: number | null; byCurrency: Record<string, number> }[];
};

export async function mrrByPlan(db: Kysely<Database>, workspaceId: string, date: Day, fx: FxTable): Promise<PlanBreakdown> {
  const levels = await planLevelsAt(db, workspaceId, date);
  const plans = new Map<string, PlanBreakdown['plans'][number]>();
  const currencies = new Map<string, typeof levels>();
  for (const level of levels) {
    if (!plans.has(level.planId)) plans.set(level.planId, { planId: level.planId, planName: level.name, mrr: 0, customers: 0, share: null, byCurrency: {} });
    const plan = plans.get(level.planId)!;
    plan.customers += level.customers;
    if (level.mrr !== 0) plan.byCurrency[level.currency] = level.mrr;
    (currencies.get(level.currency) ?? currencies.set(level.currency, []).get(level.currency)!).push(level);
  }
  let total = 0;
  for (const [currency, rows] of currencies) {
    const native = rows.reduce((s, r) => s + r.mrr, 0);
    const converted = native === 0 ? 0 : fx.convert(native, currency, date);
    total += converted;
    apportion(converted, rows.map((r) => Math.max(0, r.mrr))).forEach((amount, i) => (plans.get(rows[i]!.planId)!.mrr += amount));
  }
  const list = [...plans.values()].filter((p) => p.mrr !== 0 || p.customers !== 0).sort((a, b) => b.mrr - a.mrr || (a.planId < b.planId ? -1 : 1));
  for (const p of list) p.share = total === 0 ? null : p.mrr / total;
  return { date, currency: fx.reportingCurrency, mrr: total, plans: list };
}

export type CurrencyBreakdown = {
  date: Day;
  currency: string;
  mrr: number;
  currencies: { currency: string; native: number; mrr: number; customers: number; share: number | null; rate: string }[];
};

export async function mrrByCurrency(db: Kysely<Database>, workspaceId: string, date: Day, fx: FxTable): Promise<CurrencyBreakdown> {
  const [{ levels }, counts] = await Promise.all([
    levelsAt(db, workspaceId, date),
    sql<{ currency: string; n: number }>`
      select currency, count(*)::int as n from (
        select distinct on (customer_id, currency) currency, mrr from ledger_entries
        where workspace_id = ${workspaceId} and day <= ${date}
        order by customer_id, currency, day desc
      ) latest where mrr > 0 group by currency`.execute(db),
  ]);
  const customers = new Map(counts.rows.map((r) => [r.currency, r.n]));
  const rows = [...levels].filter(([, native]) => native !== 0).map(([currency, native]) => {
    const rate = fx.rateOn(currency, date);
    return { currency, native, mrr: fx.convert(native, currency, date), customers: customers.get(currency) ?? 0, share: null as number | null, rate: (Number(rate.n) / Number(rate.d)).toString() };
  });
  const total = rows.reduce((s, r) => s + r.mrr, 0);
  for (const r of rows) r.share = total === 0 ? null : r.mrr / total;
  rows.sort((a, b) => b.mrr - a.mrr || (a.currency < b.currency ? -1 : 1));
  return { date, currency: fx.reportingCurrency, mrr: total, currencies: rows };
}

export async function trialPeriods(db: Kysely<Database>, workspaceId: string, range: { from: Day; to: Day; granularity: Granularity }): Promise<TrialPeriodRow[]> {
  const trials = await trialsRelevantTo(db, workspaceId, range.from, range.to, ASSUMED_TRIAL_DAYS);
  return computeTrialPeriods(trials, { ...range, assumedTrialDays: ASSUMED_TRIAL_DAYS });
}

export type Forecast = { currency: string; history: { month: Month; mrr: number }[]; forecast: ForecastPoint[] };

/** History: the month-end MRR of the `months` complete months before `today`'s month; the
 *  forecast starts with the current month. */
export async function mrrForecast(db: Kysely<Database>, workspaceId: string, options: { today: Day; months: number; horizon: number; fx: FxTable }): Promise<Forecast> {
  const last = addMonths(monthOf(options.today), -1);
  const first = addMonths(last, -(options.months - 1));
  const rows = await loadPeriodRows(db, workspaceId, { from: firstDayOfMonth(first), to: lastDayOfMonth(last), granularity: 'month', fx: options.fx });
  const firstPaid = rows.findIndex((r) => r.mrr > 0);
  const history = (firstPaid < 0 ? [] : rows.slice(firstPaid)).map((r) => ({ month: r.period, mrr: r.mrr }));
  return { currency: options.fx.reportingCurrency, history, forecast: history.length === 0 ? [] : forecastMrr(history, options.horizon) };
}
