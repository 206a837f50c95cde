// The customer ledger summed per day and currency, and the period metrics computed from those
// sums alone.
//
// Responsible for: the one decomposition that lets the API answer any period without replaying
// the ledger. Every figure of computePeriods is a sum over days of per-day, per-currency
// quantities (movements are converted per day, currency and kind; levels are running sums of
// the deltas; paying customers change only on new, reactivation and churn customer-days), so
// periodsFromDailyTotals over dailyTotalsOf(ledger) returns exactly what computePeriods returns
// over the ledger — a fast-check property test holds the two together. The one exception is
// the churn-rate numerator (paying at the start and churned in the period), which is not a sum
// of days: it comes from paying spells (one per stretch a customer was paying).
import { ratio, toMinorUnits } from './decimal.js';
import type { FxTable } from './fx.js';
import { groupCustomerDays, MOVEMENT_KINDS } from './ledger-replay.js';
import { convertLevels, type Movements, type PeriodRow } from './period-metrics.js';
import { addDays, periodsBetween, type Granularity } from './dates.js';
import type { CurrencyCode, Day, LedgerEntry, MovementKind } from './types.js';

/** Native sums of one day and currency. Customer-day events count once, on the alphabetically
 *  first currency among the rows of that customer and day. */
export type DayTotals = {
  day: Day;
  currency: CurrencyCode;
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  reactivation: number;
  newCustomers: number;
  reactivatedCustomers: number;
  churnedCustomers: number;
};

export const DAY_TOTAL_FIELDS = [
  'new',
  'expansion',
  'contraction',
  'churn',
  'reactivation',
  'newCustomers',
  'reactivatedCustomers',
  'churnedCustomers',
] as const satisfies readonly (keyof DayTotals)[];

/** One stretch of time a customer was paying: from a new or reactivation day to the churn day
 *  that ended it (null while still paying). */
export type PayingSpell = { customerId: string; startDay: Day; endDay: Day | null };

function emptyTotals(day: Day, currency: CurrencyCode): DayTotals {
  return { day, currency, new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0, newCustomers: 0, reactivatedCustomers: 0, churnedCustomers: 0 };
}

const COUNT_FIELD: Partial<Record<MovementKind, 'newCustomers' | 'reactivatedCustomers' | 'churnedCustomers'>> = {
  new: 'newCustomers',
  reactivation: 'reactivatedCustomers',
  churn: 'churnedCustomers',
};

/** Sums ledger entries per day and currency (any order; the ledger is validated as it is read). */
export function dailyTotalsOf(entries: readonly LedgerEntry[]): DayTotals[] {
  const byKey = new Map<string, DayTotals>();
  const at = (day: Day, currency: CurrencyCode) => {
    const key = `${day}|${currency}`;
    let totals = byKey.get(key);
    if (!totals) byKey.set(key, (totals = emptyTotals(day, currency)));
    return totals;
  };
  for (const group of groupCustomerDays(entries)) {
    let first: CurrencyCode | null = null;
    for (const row of group.rows) {
      at(row.day, row.currency)[row.movement] += row.delta;
      if (first === null || row.currency < first) first = row.currency;
    }
    const field = COUNT_FIELD[group.movement];
    if (field && first !== null) at(group.day, first)[field] += 1;
  }
  return [...byKey.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

/** The paying spells of the customers in `entries`. */
export function payingSpellsOf(entries: readonly LedgerEntry[]): PayingSpell[] {
  const open = new Map<string, PayingSpell>();
  const spells: PayingSpell[] = [];
  for (const group of groupCustomerDays(entries)) {
    if (group.movement === 'new' || group.movement === 'reactivation') {
      const spell = { customerId: group.customerId, startDay: group.day, endDay: null };
      open.set(group.customerId, spell);
      spells.push(spell);
    } else if (group.movement === 'churn') {
      const spell = open.get(group.customerId);
      if (spell) spell.endDay = group.day;
      open.delete(group.customerId);
    }
  }
  return spells;
}

/** Customers paying at the end of the day before `start` who churned by `end`: the spells that
 *  began before `start` and ended within [start, end]. */
export function churnedFromStart(spells: readonly PayingSpell[], start: Day, end: Day): number {
  return spells.filter((s) => s.startDay < start && s.endDay !== null && s.endDay >= start && s.endDay <= end).length;
}

export type DailyTotalsInput = {
  /** Native MRR per currency at the end of the day before `from`. */
  levelsBefore: ReadonlyMap<CurrencyCode, number>;
  /** Paying customers at the end of the day before `from`. */
  payingBefore: number;
  /** Day totals with from ≤ day ≤ to (others are ignored), in any order. */
  days: readonly DayTotals[];
  /** The churn-rate numerator of the period [start, end] (see churnedFromStart). */
  churnedFromStart: (start: Day, end: Day) => number;
};

export type DailyPeriodOptions = {
  from: Day;
  to: Day;
  granularity: Granularity;
  fx: FxTable;
};

function zeroMovements(): Movements {
  return { new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0, fx: 0 };
}

/** computePeriods, from day totals (see the header): the same rows, field for field. */
export function periodsFromDailyTotals(input: DailyTotalsInput, options: DailyPeriodOptions): PeriodRow[] {
  const { from, to, granularity, fx } = options;
  const periods = periodsBetween(from, to, granularity).map((p) => ({
    key: p.key,
    start: p.start < from ? from : p.start,
    end: p.end > to ? to : p.end,
  }));
  if (periods.length === 0) return [];
  const days = input.days.filter((d) => d.day >= from && d.day <= to).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const levels = new Map(input.levelsBefore);
  let paying = input.payingBefore;
  let mrrStart = convertLevels(levels, fx, addDays(from, -1));
  let customersStart = paying;
  const rows: PeriodRow[] = [];
  let next = 0;
  for (const period of periods) {
    const movements = zeroMovements();
    const counts = { new: 0, reactivation: 0, churn: 0 };
    while (next < days.length && days[next]!.day <= period.end) {
      const totals = days[next++]!;
      let net = 0;
      for (const kind of MOVEMENT_KINDS) {
        const amount = totals[kind];
        if (amount === 0) continue;
        movements[kind] += fx.convert(amount, totals.currency, totals.day);
        net += amount;
      }
      levels.set(totals.currency, (levels.get(totals.currency) ?? 0) + net);
      counts.new += totals.newCustomers;
      counts.reactivation += totals.reactivatedCustomers;
      counts.churn += totals.churnedCustomers;
    }
    paying += counts.new + counts.reactivation - counts.churn;
    const mrr = convertLevels(levels, fx, period.end);
    const netNewMrr = movements.new + movements.expansion + movements.contraction + movements.churn + movements.reactivation;
    movements.fx = mrr - mrrStart - netNewMrr;
    rows.push({
      period: period.key,
      start: period.start,
      end: period.end,
      mrr,
      arr: mrr * 12,
      customers: paying,
      arpa: paying === 0 ? 0 : toMinorUnits(ratio(mrr, paying)),
      movements,
      netNewMrr,
      mrrStart,
      customersStart,
      newCustomers: counts.new,
      churnedCustomers: counts.churn,
      reactivatedCustomers: counts.reactivation,
      churnedCustomersFromStart: input.churnedFromStart(period.start, period.end),
    });
    mrrStart = mrr;
    customersStart = paying;
  }
  return rows;
}

/** Adds `totals` into `target` (keyed `day|currency`) field by field, times `sign`. */
export function mergeDailyTotals(target: Map<string, DayTotals>, totals: readonly DayTotals[], sign: 1 | -1): void {
  for (const t of totals) {
    const key = `${t.day}|${t.currency}`;
    let row = target.get(key);
    if (!row) target.set(key, (row = emptyTotals(t.day, t.currency)));
    for (const field of DAY_TOTAL_FIELDS) row[field] += sign * t[field];
  }
}

/** Consecutive period rows as one row over their whole range (what computePeriods would give for
 *  a single period from the first start to the last end). The churn-rate numerator is not a sum
 *  of periods, so the caller supplies it for the combined range. */
export function combineRows(rows: readonly PeriodRow[], churnedCustomersFromStart: number, key = 'window'): PeriodRow | null {
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last) return null;
  const movements = zeroMovements();
  const counts = { new: 0, churn: 0, reactivation: 0 };
  for (const row of rows) {
    for (const kind of [...MOVEMENT_KINDS, 'fx'] as const) movements[kind] += row.movements[kind];
    counts.new += row.newCustomers;
    counts.churn += row.churnedCustomers;
    counts.reactivation += row.reactivatedCustomers;
  }
  return {
    period: key,
    start: first.start,
    end: last.end,
    mrr: last.mrr,
    arr: last.arr,
    customers: last.customers,
    arpa: last.arpa,
    movements,
    netNewMrr: movements.new + movements.expansion + movements.contraction + movements.churn + movements.reactivation,
    mrrStart: first.mrrStart,
    customersStart: first.customersStart,
    newCustomers: counts.new,
    churnedCustomers: counts.churn,
    reactivatedCustomers: counts.reactivation,
    churnedCustomersFromStart,
  };
}
