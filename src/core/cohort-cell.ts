// The customers behind one cohort cell: every member of the cohort with whether they pay and their
// MRR at the cell's day, in the reporting currency. Each currency's total is converted once, as the
// cohort's MRR is (docs/metrics.md section 11), and apportioned over the members by native amount
// (largest remainder), so the members' MRR sums to the cell exactly and the paying members count to
// its paying customers.
import { apportion } from './apportion.js';
import type { FxTable } from './fx.js';
import type { CurrencyCode, Day } from './types.js';

export type CellMember = { customerId: string; name: string | null; email: string | null };
export type CellLevel = { customerId: string; currency: CurrencyCode; mrr: number };
export type CellCustomer = CellMember & { paying: boolean; mrr: number };

export function cohortCellCustomers(members: readonly CellMember[], levels: readonly CellLevel[], fx: FxTable, rateDay: Day): { paying: number; mrr: number; customers: CellCustomer[] } {
  const index = new Map(members.map((m, i) => [m.customerId, i]));
  const mrr = members.map(() => 0);
  const native = members.map(() => 0);
  const byCurrency = new Map<CurrencyCode, { weights: number[]; total: number }>();
  for (const level of levels) {
    const i = index.get(level.customerId);
    if (i === undefined || level.mrr === 0) continue;
    let c = byCurrency.get(level.currency);
    if (!c) byCurrency.set(level.currency, (c = { weights: members.map(() => 0), total: 0 }));
    c.weights[i]! += level.mrr;
    c.total += level.mrr;
    native[i]! += level.mrr;
  }
  for (const [currency, c] of byCurrency) {
    apportion(fx.convert(c.total, currency, rateDay), c.weights).forEach((part, i) => (mrr[i]! += part));
  }
  const customers = members
    .map((m, i) => ({ ...m, paying: native[i]! > 0, mrr: mrr[i]! }))
    .sort((a, b) => b.mrr - a.mrr || Number(b.paying) - Number(a.paying) || (a.customerId < b.customerId ? -1 : 1));
  return { paying: customers.filter((c) => c.paying).length, mrr: mrr.reduce((s, v) => s + v, 0), customers };
}
