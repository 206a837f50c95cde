// Cohorts from per-cohort day totals, without replaying the ledger.
//
// Responsible for: summing the ledger per cohort (the month of a customer's first `new`
// movement), day and currency — the change of the cohort's native MRR, the customers who joined
// and the change in its paying customers — plus the new MRR of the members' first paid days (the
// cohort's start, M0), and rebuilding computeCohorts' table from those sums alone. A cohort's MRR
// and paying customers at any day are running sums of its rows, and every figure of
// computeCohorts is read at month ends, so cohortsFromTotals(cohortTotalsOf(ledger),
// cohortStartsOf(ledger)) equals computeCohorts(ledger) (a fast-check property test holds them
// together).
import { averageCurve, finishRow, measureAge, type CohortOptions, type CohortState, type CohortTable } from './cohorts.js';
import { groupCustomerDays } from './ledger-replay.js';
import { addMonths, lastDayOfMonth, monthOf } from './dates.js';
import type { CurrencyCode, Day, LedgerEntry, Month } from './types.js';

export type CohortDayTotals = {
  cohort: Month;
  day: Day;
  currency: CurrencyCode;
  mrrDelta: number;
  /** Customers whose first `new` movement is this day (counted on the first currency). */
  joined: number;
  /** +1 per new or reactivation customer-day, −1 per churn (counted on the first currency). */
  payingDelta: number;
};

export const COHORT_TOTAL_FIELDS = ['mrrDelta', 'joined', 'payingDelta'] as const satisfies readonly (keyof CohortDayTotals)[];

export function cohortTotalsOf(entries: readonly LedgerEntry[]): CohortDayTotals[] {
  const cohortOf = new Map<string, Month>();
  const byKey = new Map<string, CohortDayTotals>();
  const at = (cohort: Month, day: Day, currency: CurrencyCode) => {
    const key = `${cohort}|${day}|${currency}`;
    let totals = byKey.get(key);
    if (!totals) byKey.set(key, (totals = { cohort, day, currency, mrrDelta: 0, joined: 0, payingDelta: 0 }));
    return totals;
  };
  for (const group of groupCustomerDays(entries)) {
    let cohort = cohortOf.get(group.customerId);
    const joins = cohort === undefined && group.movement === 'new';
    if (joins) cohortOf.set(group.customerId, (cohort = monthOf(group.day)));
    if (cohort === undefined) continue;
    let first: CurrencyCode | null = null;
    for (const row of group.rows) {
      at(cohort, row.day, row.currency).mrrDelta += row.delta;
      if (first === null || row.currency < first) first = row.currency;
    }
    const paying = group.movement === 'churn' ? -1 : group.movement === 'new' || group.movement === 'reactivation' ? 1 : 0;
    if (first !== null && (joins || paying !== 0)) {
      const totals = at(cohort, group.day, first);
      if (joins) totals.joined += 1;
      totals.payingDelta += paying;
    }
  }
  return [...byKey.values()];
}

/** The native new MRR of the customers who first paid on `day` (a cohort's start, per day). */
export type CohortStartTotals = { cohort: Month; day: Day; currency: CurrencyCode; newMrr: number };

/** Σ of the `new` rows per day and currency: `new` is each customer's first paid day, once. */
export function cohortStartsOf(entries: readonly LedgerEntry[]): CohortStartTotals[] {
  const byKey = new Map<string, CohortStartTotals>();
  for (const e of entries) {
    if (e.movement !== 'new') continue;
    const key = `${e.day}|${e.currency}`;
    const totals = byKey.get(key);
    if (totals) totals.newMrr += e.delta;
    else byKey.set(key, { cohort: monthOf(e.day), day: e.day, currency: e.currency, newMrr: e.delta });
  }
  return [...byKey.values()];
}

/** computeCohorts, from cohort day totals and starts (see the header). */
export function cohortsFromTotals(totals: readonly CohortDayTotals[], starts: readonly CohortStartTotals[], options: CohortOptions): CohortTable {
  const { asOf } = options;
  const maxAge = options.maxAge ?? 24;
  if (!Number.isInteger(maxAge) || maxAge < 0) throw new RangeError(`maxAge must be a non-negative integer`);
  const rows = totals.filter((t) => t.day <= asOf).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const cohorts = new Map<Month, CohortState>();
  for (const t of rows) {
    if (t.joined === 0 || cohorts.has(t.cohort)) continue;
    cohorts.set(t.cohort, {
      row: { cohort: t.cohort, customers: 0, startMrr: 0, payingCustomers: [], mrr: [], logoRetention: [], revenueRetention: [] },
      levels: new Map(),
      startLevels: new Map(),
      paying: 0,
    });
  }
  if (cohorts.size === 0) return { rows: [], average: [] };
  const ordered = [...cohorts.values()].sort((a, b) => (a.row.cohort < b.row.cohort ? -1 : 1));
  for (const t of rows) {
    const c = cohorts.get(t.cohort);
    if (c) c.row.customers += t.joined;
  }
  for (const s of starts) {
    const c = s.day <= asOf ? cohorts.get(s.cohort) : undefined;
    if (c) c.startLevels.set(s.currency, (c.startLevels.get(s.currency) ?? 0) + s.newMrr);
  }
  let next = 0;
  const lastMonth = monthOf(asOf);
  for (let month = ordered[0]!.row.cohort; month <= lastMonth; month = addMonths(month, 1)) {
    const monthEnd = lastDayOfMonth(month);
    const measuredOn = monthEnd < asOf ? monthEnd : asOf;
    while (next < rows.length && rows[next]!.day <= measuredOn) {
      const t = rows[next++]!;
      const c = cohorts.get(t.cohort);
      if (!c) continue;
      c.levels.set(t.currency, (c.levels.get(t.currency) ?? 0) + t.mrrDelta);
      c.paying += t.payingDelta;
    }
    for (const c of ordered) {
      if (c.row.cohort > month) break;
      measureAge(c, month, measuredOn, maxAge, options);
    }
  }
  const finished = ordered.map((c) => finishRow(c.row, maxAge));
  return { rows: finished, average: averageCurve(finished, maxAge) };
}
