// Monthly cohorts from the customer ledger: logo and revenue retention by months since first paid.
//
// Responsible for: assigning each customer to the month of their first `new` movement (for life:
// a customer who churns and comes back stays in the original cohort), replaying the ledger once,
// and measuring each cohort's paying customers and MRR. M0 is the cohort as it started (every
// member, each with the MRR of their first paid day: 100% by definition, as ChartMogul shows it);
// age k ≥ 1 is measured at the end of month cohort + k (the month holding asOf at asOf). Cohort
// MRR is converted at aggregate level per currency, like period MRR. Averages pool the cohorts
// that reached an age (see `averageCurve`), which weights logo retention by cohort size and
// revenue retention by starting MRR; an age pooling fewer than MIN_AVERAGE_COHORTS is flagged.
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

/** An average over fewer cohorts than this is flagged (`fewCohorts`): one or two cohorts, often
 *  small, are all that reached that age, so the figure says little about a typical cohort. */
export const MIN_AVERAGE_COHORTS = 3;

export type CohortRow = {
  cohort: Month;
  /** Customers whose first `new` movement fell in the cohort month (M0 paying customers). */
  customers: number;
  /** Σ of each member's MRR at the end of their first paid day (their new MRR), reporting
   *  currency, converted at the end of the cohort month (or asOf, if earlier): M0 MRR. */
  startMrr: number;
  /** Index = age in months (0 = at the start); null where the month has not been reached. */
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
  /** Fewer than MIN_AVERAGE_COHORTS cohorts reached this age. */
  fewCohorts: boolean;
};

export type CohortTable = { rows: CohortRow[]; average: CohortAverage[] };

/** A cohort while its months are replayed: its row, its members' levels and how many pay. */
export type CohortState = {
  row: CohortRow;
  levels: Map<CurrencyCode, number>;
  /** Σ of the members' new MRR per currency. */
  startLevels: Map<CurrencyCode, number>;
  paying: number;
};

function toNumber(r: Ratio): number {
  return Number(r.n) / Number(r.d);
}

export function computeCohorts(entries: readonly LedgerEntry[], options: CohortOptions): CohortTable {
  const { asOf } = options;
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
          cohort = { row, levels: new Map(), startLevels: new Map(), paying: 0 };
          cohorts.set(key, cohort);
        }
        cohort.row.customers += 1;
        cohortOf.set(group.customerId, cohort);
        for (const entry of group.rows) addTo(cohort.startLevels, entry.currency, entry.delta);
      }
      if (!cohort) continue;
      for (const entry of group.rows) addTo(cohort.levels, entry.currency, entry.delta);
      const isPaying = replay.isPaying(group.customerId);
      if (isPaying !== wasPaying) cohort.paying += isPaying ? 1 : -1;
    }
    for (const cohort of cohorts.values()) measureAge(cohort, month, measuredOn, maxAge, options);
  }

  const rows = [...cohorts.values()].map((c) => finishRow(c.row, maxAge));
  return { rows, average: averageCurve(rows, maxAge) };
}

function addTo(levels: Map<CurrencyCode, number>, currency: CurrencyCode, delta: number): void {
  levels.set(currency, (levels.get(currency) ?? 0) + delta);
}

/** The day a cohort's start (and, in constant currency, every age) is converted at. */
export function cohortStartDay(cohort: Month, asOf: Day): Day {
  const end = lastDayOfMonth(cohort);
  return end < asOf ? end : asOf;
}

/** M0: every member paying, with their new MRR (so M0 retention is 100% by definition). */
export function measureStart(row: CohortRow, startLevels: ReadonlyMap<CurrencyCode, number>, fx: FxTable, asOf: Day): void {
  row.startMrr = convertLevels(startLevels, fx, cohortStartDay(row.cohort, asOf));
  row.payingCustomers[0] = row.customers;
  row.mrr[0] = row.startMrr;
}

/** Records the cohort at the age it reaches in `month`, read on `measuredOn`: M0 is its start;
 *  an age past maxAge is left out. */
export function measureAge(cohort: CohortState, month: Month, measuredOn: Day, maxAge: number, options: Pick<CohortOptions, 'fx' | 'asOf' | 'fxDay'>): void {
  const { fx, asOf } = options;
  const age = monthsBetween(cohort.row.cohort, month);
  if (age > maxAge) return;
  if (age === 0) {
    measureStart(cohort.row, cohort.startLevels, fx, asOf);
    return;
  }
  const rateDay = options.fxDay === 'cohort-start' ? cohortStartDay(cohort.row.cohort, asOf) : measuredOn;
  cohort.row.payingCustomers[age] = cohort.paying;
  cohort.row.mrr[age] = convertLevels(cohort.levels, fx, rateDay);
}

export function finishRow(row: CohortRow, maxAge: number): CohortRow {
  for (let age = 0; age <= maxAge; age += 1) {
    const paying = row.payingCustomers[age] ?? null;
    const mrr = row.mrr[age] ?? null;
    row.payingCustomers[age] = paying;
    row.mrr[age] = mrr;
    row.logoRetention[age] = paying === null || row.customers === 0 ? null : toNumber(ratio(paying, row.customers));
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
      fewCohorts: count < MIN_AVERAGE_COHORTS,
    });
  }
  return curve;
}

/** One row per month of [from, to], oldest first: a month nobody first paid in gets an empty row
 *  (0 customers; paying customers and MRR 0 at the ages it has reached, retention undefined). */
export function fillCohortMonths(rows: readonly CohortRow[], from: Month, to: Month, asOf: Day, maxAge: number): CohortRow[] {
  const byMonth = new Map(rows.map((r) => [r.cohort, r]));
  const last = monthOf(asOf);
  const filled: CohortRow[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) {
    const row = byMonth.get(month);
    if (row) {
      filled.push(row);
      continue;
    }
    const reached = (age: number) => age <= monthsBetween(month, last);
    const zeros = Array.from({ length: maxAge + 1 }, (_, age) => (reached(age) ? 0 : null));
    filled.push({ cohort: month, customers: 0, startMrr: 0, payingCustomers: zeros, mrr: [...zeros], logoRetention: zeros.map(() => null), revenueRetention: zeros.map(() => null) });
  }
  return filled;
}

/** The day a cell is read at (null: not reached by asOf) and the day its MRR converts at. */
export function cohortCellDays(cohort: Month, age: number, asOf: Day, fxDay: CohortOptions['fxDay'] = 'month-end'): { measuredOn: Day; rateDay: Day } | null {
  const start = cohortStartDay(cohort, asOf);
  if (age === 0) return { measuredOn: start, rateDay: start };
  const month = addMonths(cohort, age);
  if (month > monthOf(asOf)) return null;
  const measuredOn = lastDayOfMonth(month) < asOf ? lastDayOfMonth(month) : asOf;
  return { measuredOn, rateDay: fxDay === 'cohort-start' ? start : measuredOn };
}
