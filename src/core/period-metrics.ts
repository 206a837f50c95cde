// Period metrics: the row every period view returns (MRR, ARR, customers, ARPA and the MRR
// movements of a period, in the reporting currency) and the one conversion they all use, at
// AGGREGATE level per currency (never per customer):
//   mrr(end)   = Σ_currency convert(Σ customers' native MRR at the end of the period's last day)
//   movement k = Σ_day Σ_currency convert(Σ that day's deltas of kind k in that currency, day)
//   fx         = mrr(end) − mrr(start) − Σ movements     (exact residual; 0 in one currency)
// so every row reconciles exactly: mrr = mrrStart + netNewMrr + fx. The figures come from the day
// totals kept with the ledger (daily-totals.ts); test/reference/period-metrics.ts computes them
// by replaying the ledger itself, and property tests hold the two together.
import type { FxTable } from './fx.js';
import type { CurrencyCode, Day, MovementKind } from './types.js';

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

/** Reporting-currency MRR of native per-currency totals, each converted at `day`'s rate. */
export function convertLevels(levels: ReadonlyMap<CurrencyCode, number>, fx: FxTable, day: Day): number {
  let total = 0;
  for (const [currency, amount] of levels) if (amount !== 0) total += fx.convert(amount, currency, day);
  return total;
}
