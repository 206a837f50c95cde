// Period metrics from the customer ledger: MRR, ARR, customers, ARPA and the MRR movements of
// every period between two days, in the reporting currency.
//
// Responsible for: one sorted pass over the ledger that closes each period in turn, converting
// at AGGREGATE level per currency (never per customer):
//   mrr(end)   = Σ_currency convert(Σ customers' native MRR at the end of the period's last day)
//   movement k = Σ_day Σ_currency convert(Σ that day's deltas of kind k in that currency, day)
//   fx         = mrr(end) − mrr(start) − Σ movements     (exact residual; 0 in one currency)
// so every row reconciles exactly: mrr = mrrStart + netNewMrr + fx.
import { normaliseCurrency } from './currency.js';
import { ratio, toMinorUnits } from './decimal.js';
import type { FxTable } from './fx.js';
import { createLedgerReplay, groupCustomerDays, MOVEMENT_KINDS, type LedgerReplay } from './ledger-replay.js';
import { addDays, periodsBetween, type Granularity } from './dates.js';
import type { CurrencyCode, Day, LedgerEntry, MovementKind } from './types.js';

/** Signed movement totals (contraction and churn are ≤ 0) plus the FX residual. */
export type Movements = Record<MovementKind | 'fx', number>;

export type PeriodRow = {
  /** Period key: '2024-03', '2024-Q1', '2024-W09', '2024', '2024-03-05'. */
  period: string;
  /** First and last day covered, clipped to [from, to]. */
  start: Day;
  end: Day;
  /** End-of-period MRR, ARR (= mrr × 12) and ARPA (= mrr ÷ customers, rounded once). */
  mrr: number;
  arr: number;
  customers: number;
  arpa: number;
  movements: Movements;
  /** new + expansion + reactivation + contraction + churn (signed), without fx. */
  netNewMrr: number;
  /** MRR and paying customers at the end of the day before `start`. */
  mrrStart: number;
  customersStart: number;
  /** Customer-day events of each kind in the period (a customer who churns twice counts twice),
   *  so customers = customersStart + newCustomers + reactivatedCustomers − churnedCustomers. */
  newCustomers: number;
  churnedCustomers: number;
  reactivatedCustomers: number;
  /** Distinct customers paying at the start who churned during the period (churn-rate numerator). */
  churnedCustomersFromStart: number;
};

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

/** Reporting-currency MRR of native per-currency totals, each converted at `day`'s rate. */
export function convertLevels(levels: ReadonlyMap<CurrencyCode, number>, fx: FxTable, day: Day): number {
  let total = 0;
  for (const [currency, amount] of levels) if (amount !== 0) total += fx.convert(amount, currency, day);
  return total;
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
