// MRR by plan and by currency at one day, from native levels (docs/metrics.md section 15). Pure.
//
// Responsible for: converting each currency's total once (the same conversion as MRR) and
// apportioning it over that currency's plans by native amount, largest remainder first, so the
// plans sum to MRR to the minor unit; and the per-currency rows, which sum to MRR by definition.
import { apportion } from './apportion.js';
import type { FxTable } from './fx.js';
import type { Day } from './types.js';

export type PlanLevelInput = { planId: string; name: string; currency: string; mrr: number; customers: number };
type Fx = Pick<FxTable, 'reportingCurrency' | 'convert' | 'rateOn'>;

export type PlanBreakdown = {
  date: Day;
  currency: string;
  mrr: number;
  plans: { planId: string; planName: string; mrr: number; customers: number; share: number | null; byCurrency: Record<string, number> }[];
};

export function planBreakdown(levels: readonly PlanLevelInput[], date: Day, fx: Fx): PlanBreakdown {
  const plans = new Map<string, PlanBreakdown['plans'][number]>();
  const currencies = new Map<string, PlanLevelInput[]>();
  for (const level of levels) {
    if (!plans.has(level.planId)) plans.set(level.planId, { planId: level.planId, planName: level.name, mrr: 0, customers: 0, share: null, byCurrency: {} });
    const plan = plans.get(level.planId)!;
    plan.customers += level.customers;
    if (level.mrr !== 0) plan.byCurrency[level.currency] = level.mrr;
    (currencies.get(level.currency) ?? currencies.set(level.currency, []).get(level.currency)!).push(level);
  }
  let total = 0;
  for (const [currency, rows] of currencies) {
    const native = rows.reduce((s, r) => s + r.mrr, 0);
    const converted = native === 0 ? 0 : fx.convert(native, currency, date);
    total += converted;
    apportion(converted, rows.map((r) => Math.max(0, r.mrr))).forEach((amount, i) => (plans.get(rows[i]!.planId)!.mrr += amount));
  }
  const list = [...plans.values()].filter((p) => p.mrr !== 0 || p.customers !== 0).sort((a, b) => b.mrr - a.mrr || (a.planId < b.planId ? -1 : 1));
  for (const p of list) p.share = total === 0 ? null : p.mrr / total;
  return { date, currency: fx.reportingCurrency, mrr: total, plans: list };
}

export type CurrencyBreakdown = {
  date: Day;
  currency: string;
  mrr: number;
  currencies: { currency: string; native: number; mrr: number; customers: number; share: number | null; rate: string }[];
};

export function currencyBreakdown(levels: ReadonlyMap<string, number>, customers: ReadonlyMap<string, number>, date: Day, fx: Fx): CurrencyBreakdown {
  const rows = [...levels].filter(([, native]) => native !== 0).map(([currency, native]) => {
    const rate = fx.rateOn(currency, date);
    return { currency, native, mrr: fx.convert(native, currency, date), customers: customers.get(currency) ?? 0, share: null as number | null, rate: (Number(rate.n) / Number(rate.d)).toString() };
  });
  const total = rows.reduce((s, r) => s + r.mrr, 0);
  for (const r of rows) r.share = total === 0 ? null : r.mrr / total;
  rows.sort((a, b) => b.mrr - a.mrr || (a.currency < b.currency ? -1 : 1));
  return { date, currency: fx.reportingCurrency, mrr: total, currencies: rows };
}
