// The period views: period rows (computePeriods' figures) for any range and granularity, read from
// the day totals instead of the ledger — the level at the day before the range, the range's day
// totals, and the churn-rate numerators of its periods: three indexed queries whatever the data
// size — and the monthly report, movements, churn and LTV tables shaped from them. Every range
// ends at the as-of day at the latest (one clock, src/read/clock.ts).
import type { Kysely } from 'kysely';
import { periodsFromDailyTotals } from '../../core/daily-totals.js';
import { addDays, firstDayOfMonth, lastDayOfMonth, monthOf, periodsBetween, type Granularity } from '../../core/dates.js';
import type { FxTable } from '../../core/fx.js';
import type { PeriodRow } from '../../core/period-metrics.js';
import { computeRateSeries } from '../../core/rates.js';
import type { Day, FxRate, Month } from '../../core/types.js';
import { loadEurQuotes, loadFxRates } from '../../store/fx-repo.js';
import type { Database } from '../../store/schema.js';
import { clampDay, type AsOf } from '../clock.js';
import { fxTableFor } from '../fx.js';
import type { ChurnResponse, LtvResponse, MonthlyReport, MovementsResponse } from './contract.js';
import { churnedFromStartCounts, dayTotalsBetween, eventMonthRange, levelsAt } from './query.js';

/** `fx` may still be loading: its rates are fetched while the day totals are. */
export type PeriodQuery = { from: Day; to: Day; granularity: Granularity; fx: FxTable | Promise<FxTable>; currency?: string; asOf: AsOf };

/** The periods of [from, to], clipped to it (as computePeriods reports them). */
export function clippedPeriods(from: Day, to: Day, granularity: Granularity): { key: string; start: Day; end: Day }[] {
  return periodsBetween(from, to, granularity).map((p) => ({ key: p.key, start: p.start < from ? from : p.start, end: p.end > to ? to : p.end }));
}

/** The period rows of [from, min(to, as-of day)]: none when the range starts after the as-of day. */
export async function loadPeriodRows(db: Kysely<Database>, workspaceId: string, query: PeriodQuery): Promise<PeriodRow[]> {
  const to = clampDay(query.to, query.asOf);
  if (to < query.from) return [];
  const periods = clippedPeriods(query.from, to, query.granularity);
  const reportingCurrency = query.currency ?? (await query.fx).reportingCurrency;
  const [fx, before, days, churned] = await Promise.all([
    query.fx,
    levelsAt(db, workspaceId, addDays(query.from, -1)),
    dayTotalsBetween(db, workspaceId, query.from, to, { granularity: query.granularity, reportingCurrency }),
    churnedFromStartCounts(db, workspaceId, periods),
  ]);
  if (fx.reportingCurrency !== reportingCurrency) throw new RangeError(`FX table reports in ${fx.reportingCurrency}, not ${reportingCurrency}`);
  const numerators = new Map(periods.map((p, i) => [`${p.start}|${p.end}`, churned[i] ?? 0]));
  return periodsFromDailyTotals(
    { levelsBefore: before.levels, payingBefore: before.paying, days, churnedFromStart: (start, end) => numerators.get(`${start}|${end}`) ?? 0 },
    { from: query.from, to, granularity: query.granularity, fx },
  );
}

export type MonthlyReportOptions = {
  currency: string;
  fxRates: readonly FxRate[];
  /** Reference quotes per euro (see core/fx.ts): currencies without direct rates cross through them. */
  eurQuotes?: readonly FxRate[];
  /** Refuse (MissingFxRateError) an amount that no rate converts, instead of leaving it out and
   *  naming it: the offline `revpulse metrics` command, whose document must be complete. */
  strictFx?: boolean;
  from?: Month;
  to?: Month;
  asOf: AsOf;
};

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The monthly report: the months from `from` to `to` (default: the months of the first and
 *  last event created by the as-of instant), no month after the as-of day's; that month is to the
 *  as-of day (`through`). */
export async function monthlyReport(db: Kysely<Database>, workspaceId: string, options: MonthlyReportOptions): Promise<MonthlyReport> {
  const currency = options.currency.toLowerCase();
  const range = await eventMonthRange(db, workspaceId, options.asOf.at);
  const from = options.from ?? range?.from;
  const asOfMonth = monthOf(options.asOf.day);
  const wanted = options.to ?? range?.to;
  if (!from || !wanted) return { currency, months: [] };
  if (from > wanted) throw new RangeError(`the range is empty: from ${from} is after to ${wanted}`);
  const to = wanted > asOfMonth ? asOfMonth : wanted;
  if (from > to) return { currency, months: [] };
  // From the day totals kept with the ledger (the same figures as computePeriods over the ledger,
  // see src/core/daily-totals.ts), so a 36-month report does not replay the ledger.
  const fx = fxTableFor(options.fxRates, currency, options.eurQuotes, { strict: options.strictFx === true });
  const rows = await loadPeriodRows(db, workspaceId, { from: firstDayOfMonth(from), to: lastDayOfMonth(to), granularity: 'month', fx, asOf: options.asOf });
  return {
    currency,
    months: rows.map((row) => ({
      month: row.period,
      mrr: row.mrr,
      arr: row.arr,
      customers: row.customers,
      arpa: row.arpa,
      movements: { ...row.movements },
      ...(row.end < lastDayOfMonth(row.period) ? { through: row.end } : {}),
    })),
  };
}

/** GET /v1/metrics/monthly: the monthly report in `currency` over the workspace's stored rates. */
export async function loadMonthly(db: Kysely<Database>, workspaceId: string, q: { currency: string; from?: Month; to?: Month; asOf: AsOf }): Promise<MonthlyReport> {
  const [fxRates, eurQuotes] = await Promise.all([loadFxRates(db, workspaceId, q.currency), loadEurQuotes(db, workspaceId)]);
  return monthlyReport(db, workspaceId, { currency: q.currency, fxRates, eurQuotes, asOf: q.asOf, ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) });
}

export type RangeQuery = { from: Day; to: Day; granularity: Granularity; currency: string; fx: FxTable | Promise<FxTable>; asOf: AsOf };

function head(q: RangeQuery) {
  return { currency: q.currency, granularity: q.granularity, from: q.from, to: clampDay(q.to, q.asOf) };
}

export async function loadMovements(db: Kysely<Database>, workspaceId: string, q: RangeQuery): Promise<MovementsResponse> {
  const rows = await loadPeriodRows(db, workspaceId, q);
  return {
    ...head(q),
    periods: rows.map((p) => ({
      period: p.period, start: p.start, end: p.end, mrrStart: p.mrrStart, movements: p.movements, netNewMrr: p.netNewMrr, mrr: p.mrr,
      customersStart: p.customersStart, customers: p.customers, newCustomers: p.newCustomers, reactivatedCustomers: p.reactivatedCustomers, churnedCustomers: p.churnedCustomers,
    })),
  };
}

export async function loadChurn(db: Kysely<Database>, workspaceId: string, q: RangeQuery): Promise<ChurnResponse> {
  const rows = await loadPeriodRows(db, workspaceId, q);
  const rates = computeRateSeries(rows, { granularity: q.granularity });
  return {
    ...head(q),
    periods: rows.map((p, i) => ({
      period: p.period, start: p.start, end: p.end, customersStart: p.customersStart, churnedCustomers: p.churnedCustomers,
      churnedCustomersFromStart: p.churnedCustomersFromStart, mrrStart: p.mrrStart, churnedMrr: -p.movements.churn, contractionMrr: -p.movements.contraction,
      customerChurnRate: rates[i]!.customerChurnRate, grossMrrChurnRate: rates[i]!.grossMrrChurnRate, netMrrChurnRate: rates[i]!.netMrrChurnRate,
      nrr: rates[i]!.nrr, grr: rates[i]!.grr,
    })),
  };
}

export async function loadLtv(db: Kysely<Database>, workspaceId: string, q: RangeQuery & { grossMargin: string; churnWindow: number }): Promise<LtvResponse> {
  const rows = await loadPeriodRows(db, workspaceId, q);
  const rates = computeRateSeries(rows, { granularity: q.granularity, grossMargin: q.grossMargin, ltvChurnWindow: q.churnWindow });
  return {
    ...head(q),
    grossMargin: q.grossMargin,
    churnWindow: q.churnWindow,
    periods: rows.map((p, i) => ({ period: p.period, start: p.start, end: p.end, arpa: p.arpa, customers: p.customers, customerChurnRate: rates[i]!.customerChurnRate, ltv: rates[i]!.ltv })),
  };
}
