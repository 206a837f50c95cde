// Period rows (computePeriods' figures) for any range and granularity, read from the day totals
// instead of the ledger: the level at the day before the range, the range's day totals, and
// the churn-rate numerators of its periods — three indexed queries whatever the data size.
import { createFxTable, lenientFxTable, type FxTable } from '../core/fx.js';
import { withFastConvert } from '../core/fx-fast.js';
import { periodsFromDailyTotals } from '../core/daily-totals.js';
import type { PeriodRow } from '../core/period-metrics.js';
import { addDays, periodsBetween, type Granularity } from '../core/dates.js';
import type { Day, FxRate } from '../core/types.js';
import type { Kysely } from 'kysely';
import { loadEurQuotes, loadFxRates } from '../store/fx-repo.js';
import { churnedFromStartCounts, dayTotalsBetween, levelsAt } from '../store/metrics-read-repo.js';
import type { Database } from '../store/schema.js';

/** `fx` may still be loading: its rates are fetched while the day totals are. */
export type PeriodQuery = { from: Day; to: Day; granularity: Granularity; fx: FxTable | Promise<FxTable>; currency?: string };

/** The periods of [from, to], clipped to it (as computePeriods reports them). */
export function clippedPeriods(from: Day, to: Day, granularity: Granularity): { key: string; start: Day; end: Day }[] {
  return periodsBetween(from, to, granularity).map((p) => ({ key: p.key, start: p.start < from ? from : p.start, end: p.end > to ? to : p.end }));
}

// FX tables by their rates: requests over unchanged rates share one table and its cached factors.
const tables = new Map<string, FxTable>();
const TABLES_KEPT = 64;

/** The FX table into `currency` for these rates (shared while the rates are unchanged): direct
 *  rates first, else through the euro reference quotes; a currency with neither converts to 0
 *  and is named beside the figures (lenientFxTable). */
export function fxTableFor(rates: readonly FxRate[], currency: string, eurQuotes: readonly FxRate[] = []): FxTable {
  const key = `${currency}|${JSON.stringify(rates)}|${JSON.stringify(eurQuotes)}`;
  let table = tables.get(key);
  if (!table) {
    table = withFastConvert(lenientFxTable(createFxTable(rates, currency, { eurQuotes })));
    if (tables.size >= TABLES_KEPT) tables.delete(tables.keys().next().value!);
    tables.set(key, table);
  }
  return table;
}

export async function loadFx(db: Kysely<Database>, workspaceId: string, currency: string): Promise<FxTable> {
  const [rates, quotes] = await Promise.all([loadFxRates(db, workspaceId, currency), loadEurQuotes(db, workspaceId)]);
  return fxTableFor(rates, currency, quotes);
}

export async function loadPeriodRows(db: Kysely<Database>, workspaceId: string, query: PeriodQuery): Promise<PeriodRow[]> {
  if (query.to < query.from) return [];
  const periods = clippedPeriods(query.from, query.to, query.granularity);
  const reportingCurrency = query.currency ?? (await query.fx).reportingCurrency;
  const [fx, before, days, churned] = await Promise.all([
    query.fx,
    levelsAt(db, workspaceId, addDays(query.from, -1)),
    dayTotalsBetween(db, workspaceId, query.from, query.to, { granularity: query.granularity, reportingCurrency }),
    churnedFromStartCounts(db, workspaceId, periods),
  ]);
  if (fx.reportingCurrency !== reportingCurrency) throw new RangeError(`FX table reports in ${fx.reportingCurrency}, not ${reportingCurrency}`);
  const numerators = new Map(periods.map((p, i) => [`${p.start}|${p.end}`, churned[i] ?? 0]));
  return periodsFromDailyTotals(
    { levelsBefore: before.levels, payingBefore: before.paying, days, churnedFromStart: (start, end) => numerators.get(`${start}|${end}`) ?? 0 },
    { from: query.from, to: query.to, granularity: query.granularity, fx },
  );
}
