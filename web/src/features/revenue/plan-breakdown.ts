// MRR by plan for the bar chart and its table: plans by MRR, the smallest folded into one
// "Other" bar so the chart stays legible; the bars always sum to the total.
import type { ByPlan } from './schemas.js';

export type PlanBar = { id: string; name: string; mrr: number; customers: number; share: number | null; planIds: string[] };

/** At most `maxBars` bars: the largest plans, then "Other (n plans)" for the rest. */
export function planBars(data: ByPlan, maxBars = 8): PlanBar[] {
  const plans = [...data.plans].filter((p) => p.mrr !== 0).sort((a, b) => b.mrr - a.mrr || a.planName.localeCompare(b.planName));
  const share = (mrr: number) => (data.mrr === 0 ? null : mrr / data.mrr);
  const bar = (p: ByPlan['plans'][number]): PlanBar => ({ id: p.planId, name: p.planName, mrr: p.mrr, customers: p.customers, share: share(p.mrr), planIds: [p.planId] });
  if (plans.length <= maxBars) return plans.map(bar);
  const kept = plans.slice(0, maxBars - 1).map(bar);
  const rest = plans.slice(maxBars - 1);
  const mrr = rest.reduce((s, p) => s + p.mrr, 0);
  kept.push({ id: 'other', name: `Other (${rest.length} plans)`, mrr, customers: rest.reduce((s, p) => s + p.customers, 0), share: share(mrr), planIds: rest.map((p) => p.planId) });
  return kept;
}
