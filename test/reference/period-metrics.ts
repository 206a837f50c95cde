// The reference implementation of the period metrics (docs/metrics.md section 9): one sorted
// pass over the customer ledger that closes each period in turn — slow, and obviously right. The
// server computes the same rows from day totals (src/core/daily-totals.ts); the tests hold the two
// together, field for field.
import { normaliseCurrency } from '../../src/core/currency.js';
import { ratio, toMinorUnits } from '../../src/core/decimal.js';
import type { FxTable } from '../../src/core/fx.js';
import { createLedgerReplay, groupCustomerDays, MOVEMENT_KINDS, type LedgerReplay } from '../../src/core/ledger-replay.js';
import { addDays, periodsBetween, type Granularity } from '../../src/core/dates.js';
import { convertLevels, type Movements, type PeriodRow } from '../../src/core/period-metrics.js';
import type { CurrencyCode, Day, LedgerEntry, MovementKind } from '../../src/core/types.js';

export type PeriodOptions = {
  from: Day;
  to: Day;
  granularity: Granularity;
  reportingCurrency: CurrencyCode;
  fx: FxTable;
};

const KIND_INDEX: Readonly<Record<MovementKind, number>> = {
  new: 0,
  expansion: 1,
  contraction: 2,
  churn: 3,
  reactivation: 4,
};

function zeroMovements(): Movements {
  return { new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0, fx: 0 };
}

function checkCurrency(fx: FxTable, reportingCurrency: CurrencyCode): void {
  if (fx.reportingCurrency !== normaliseCurrency(reportingCurrency)) {
    throw new RangeError(`FX table reports in ${fx.reportingCurrency}, not ${reportingCurrency}`);
  }
}

/** MRR in the reporting currency at the end of `day`. */
export function mrrAt(entries: readonly LedgerEntry[], day: Day, fx: FxTable): number {
  const replay = createLedgerReplay();
  for (const group of groupCustomerDays(entries)) {
    if (group.day > day) break;
    replay.apply(group);
  }
  return convertLevels(replay.levels, fx, day);
}

type DaySums = Map<CurrencyCode, number[]>;

/** Adds one day's per-currency, per-kind native sums, each converted once at that day's rate. */
function addConvertedDay(target: Movements, sums: DaySums, fx: FxTable, day: Day): void {
  for (const [currency, byKind] of sums) {
    for (const kind of MOVEMENT_KINDS) {
      const amount = byKind[KIND_INDEX[kind]]!;
      if (amount !== 0) target[kind] += fx.convert(amount, currency, day);
    }
  }
}

export function computePeriods(entries: readonly LedgerEntry[], options: PeriodOptions): PeriodRow[] {
  const { from, to, granularity, fx } = options;
  checkCurrency(fx, options.reportingCurrency);
  const periods = periodsBetween(from, to, granularity).map((p) => ({
    key: p.key,
    start: p.start < from ? from : p.start,
    end: p.end > to ? to : p.end,
  }));
  if (periods.length === 0) return [];

  const groups = groupCustomerDays(entries);
  const replay: LedgerReplay = createLedgerReplay();
  let next = 0;
  while (next < groups.length && groups[next]!.day < from) replay.apply(groups[next++]!);

  let mrrStart = convertLevels(replay.levels, fx, addDays(from, -1));
  let customersStart = replay.payingCustomers();
  const rows: PeriodRow[] = [];

  for (const period of periods) {
    const movements = zeroMovements();
    const counts = { new: 0, churn: 0, reactivation: 0, churnFromStart: 0 };
    const payingAtStart = new Map<string, boolean>();
    const churnCounted = new Set<string>();

    while (next < groups.length && groups[next]!.day <= period.end) {
      const day = groups[next]!.day;
      const sums: DaySums = new Map();
      while (next < groups.length && groups[next]!.day === day) {
        const group = groups[next++]!;
        const id = group.customerId;
        if (!payingAtStart.has(id)) payingAtStart.set(id, replay.isPaying(id));
        replay.apply(group);
        for (const row of group.rows) {
          let byKind = sums.get(row.currency);
          if (!byKind) sums.set(row.currency, (byKind = [0, 0, 0, 0, 0]));
          byKind[KIND_INDEX[row.movement]]! += row.delta;
        }
        if (group.movement === 'new') counts.new += 1;
        if (group.movement === 'reactivation') counts.reactivation += 1;
        if (group.movement === 'churn') {
          counts.churn += 1;
          if (payingAtStart.get(id) && !churnCounted.has(id)) {
            churnCounted.add(id);
            counts.churnFromStart += 1;
          }
        }
      }
      addConvertedDay(movements, sums, fx, day);
    }

    const mrr = convertLevels(replay.levels, fx, period.end);
    const customers = replay.payingCustomers();
    const netNewMrr =
      movements.new + movements.expansion + movements.contraction + movements.churn + movements.reactivation;
    movements.fx = mrr - mrrStart - netNewMrr;
    rows.push({
      period: period.key,
      start: period.start,
      end: period.end,
      mrr,
      arr: mrr * 12,
      customers,
      arpa: customers === 0 ? 0 : toMinorUnits(ratio(mrr, customers)),
      movements,
      netNewMrr,
      mrrStart,
      customersStart,
      newCustomers: counts.new,
      churnedCustomers: counts.churn,
      reactivatedCustomers: counts.reactivation,
      churnedCustomersFromStart: counts.churnFromStart,
    });
    mrrStart = mrr;
    customersStart = customers;
  }
  return rows;
}
