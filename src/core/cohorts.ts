// Monthly cohorts from the customer ledger: logo and revenue retention by months since first paid.
//
// Responsible for: assigning each customer to the month of their first `new` movement (for life:
// a customer who churns and comes back stays in the original cohort), replaying the ledger once,
// and at the end of every month measuring each cohort's paying customers and MRR. Cohort MRR is
// converted at aggregate level per currency, like period MRR. Averages pool the cohorts (see
// `average`), which weights logo retention by cohort size and revenue retention by starting MRR.
import { ratio, type Ratio } from './decimal.js';
import type { FxTable } from './fx.js';
import { createLedgerReplay, groupCustomerDays } from './ledger-replay.js';
import { convertLevels } from './period-metrics.js';
import { addMonths, lastDayOfMonth, monthOf, monthsBetween } from './dates.js';
import type { CurrencyCode, Day, LedgerEntry, Month } from './types.js';

export type CohortOptions = {
  fx: FxTable;
  /** Last day of data. Months after its month have no cell; its own month is measured at asOf. */
  asOf: Day;
  /** Oldest age measured, in months (age 0 = the first-paid month). Default 24. */
  maxAge?: number;
  /** Day whose rate converts a cohort's MRR: the measured month's end (default), or the end of
   *  the cohort's first month (constant currency: revenue retention without FX noise). */
  fxDay?: 'month-end' | 'cohort-start';
};

export type CohortRow = {
  cohort: Month;
  /** Customers whose first `new` movement fell in the cohort month. */
  customers: number;
  /** Cohort MRR at the end of its first month, reporting currency. */
  startMrr: number;
  /** Index = age in months; null where the month has not been reached. */
  payingCustomers: (number | null)[];
  mrr: (number | null)[];
  /** payingCustomers[k] ÷ customers. */
  logoRetention: (number | null)[];
  /** mrr[k] ÷ startMrr; null when startMrr is 0. */
  revenueRetention: (number | null)[];
};

export type CohortAverage = {
  age: number;
  /** Σ paying[k] ÷ Σ customers over the cohorts that reached age k. */
  logoRetention: number | null;
  /** Σ mrr[k] ÷ Σ startMrr over the cohorts that reached age k. */
  revenueRetention: number | null;
  cohorts: number;
};

export type CohortTable = { rows: CohortRow[]; average: CohortAverage[] };

type CohortState = {
  row: CohortRow;
  levels: Map<CurrencyCode, number>;
  paying: number;
};

function toNumber(r: Ratio): number {
  return Number(r.n) / Number(r.d);
}

export function computeCohorts(entries: readonly LedgerEntry[], options: CohortOptions): CohortTable {
  const { fx, asOf } = options;
  const maxAge = options.maxAge ?? 24;
  if (!Number.isInteger(maxAge) || maxAge < 0) throw new RangeError(`maxAge must be a non-negative integer`);
  const lastMonth = monthOf(asOf);
  const groups = groupCustomerDays(entries).filter((g) => g.day <= asOf);
  const replay = createLedgerReplay();
  const cohortOf = new Map<string, CohortState>();
  const cohorts = new Map<Month, CohortState>();
  const firstMonth = groups.find((g) => g.movement === 'new')?.day;
  if (firstMonth === undefined) return { rows: [], average: [] };

  let next = 0;
  for (let month = monthOf(firstMonth); month <= lastMonth; month = addMonths(month, 1)) {
    const monthEnd = lastDayOfMonth(month);
    const measuredOn = monthEnd < asOf ? monthEnd : asOf;
    while (next < groups.length && groups[next]!.day <= measuredOn) {
      const group = groups[next++]!;
      const wasPaying = replay.isPaying(group.customerId);
      replay.apply(group);
      let cohort = cohortOf.get(group.customerId);
      if (!cohort && group.movement === 'new') {
        const key = monthOf(group.day);
        cohort = cohorts.get(key);
        if (!cohort) {
          const row: CohortRow = {
            cohort: key,
            customers: 0,
            startMrr: 0,
            payingCustomers: [],
            mrr: [],
            logoRetention: [],
            revenueRetention: [],
          };
          cohort = { row, levels: new Map(), paying: 0 };
          cohorts.set(key, cohort);
        }
        cohort.row.customers += 1;
        cohortOf.set(group.customerId, cohort);
      }
      if (!cohort) continue;
      for (const entry of group.rows) {
        cohort.levels.set(entry.currency, (cohort.levels.get(entry.currency) ?? 0) + entry.delta);
      }
      const isPaying = replay.isPaying(group.customerId);
      if (isPaying !== wasPaying) cohort.paying += isPaying ? 1 : -1;
    }
    for (const cohort of cohorts.values()) {
      const age = monthsBetween(cohort.row.cohort, month);
      if (age > maxAge) continue;
      const rateDay = options.fxDay === 'cohort-start' ? cohortStartDay(cohort.row.cohort, asOf) : measuredOn;
      const mrr = convertLevels(cohort.levels, fx, rateDay);
      if (age === 0) cohort.row.startMrr = mrr;
      cohort.row.payingCustomers[age] = cohort.paying;
      cohort.row.mrr[age] = mrr;
    }
  }

  const rows = [...cohorts.values()].map((c) => finishRow(c.row, maxAge));
  return { rows, average: averageCurve(rows, maxAge) };
}

function cohortStartDay(cohort: Month, asOf: Day): Day {
  const end = lastDayOfMonth(cohort);
  return end < asOf ? end : asOf;
}

export function finishRow(row: CohortRow, maxAge: number): CohortRow {
  for (let age = 0; age <= maxAge; age += 1) {
    const paying = row.payingCustomers[age] ?? null;
    const mrr = row.mrr[age] ?? null;
    row.payingCustomers[age] = paying;
    row.mrr[age] = mrr;
    row.logoRetention[age] = paying === null ? null : toNumber(ratio(paying, row.customers));
    row.revenueRetention[age] = mrr === null || row.startMrr === 0 ? null : toNumber(ratio(mrr, row.startMrr));
  }
  return row;
}

export function averageCurve(rows: readonly CohortRow[], maxAge: number): CohortAverage[] {
  const curve: CohortAverage[] = [];
  for (let age = 0; age <= maxAge; age += 1) {
    let paying = 0;
    let size = 0;
    let mrr = 0;
    let startMrr = 0;
    let count = 0;
    for (const row of rows) {
      const cell = row.payingCustomers[age];
      if (cell === null || cell === undefined) continue;
      count += 1;
      paying += cell;
      size += row.customers;
      mrr += row.mrr[age] ?? 0;
      startMrr += row.startMrr;
    }
    curve.push({
      age,
      logoRetention: size === 0 ? null : toNumber(ratio(paying, size)),
      revenueRetention: startMrr === 0 ? null : toNumber(ratio(mrr, startMrr)),
      cohorts: count,
    });
  }
  return curve;
}
