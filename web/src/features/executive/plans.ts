// Revenue by plan for the executive screen: the largest plans, the rest folded into "Other
// plans", each with its share of MRR. The rows sum to the workspace's MRR exactly. Pure. The
// response is GET /v1/metrics/by-plan's contract (src/read/breakdowns/contract.ts).
import type { ByPlanResponse } from '@read/breakdowns/contract.js';

export type ByPlan = ByPlanResponse;

export type PlanRow = { key: string; planId: string | null; name: string; mrr: number; customers: number; share: number };

export function planRows(data: ByPlan, max = 6): PlanRow[] {
  const sorted = [...data.plans].filter((p) => p.mrr !== 0 || p.customers !== 0).sort((a, b) => b.mrr - a.mrr);
  const share = (mrr: number) => (data.mrr === 0 ? 0 : mrr / data.mrr);
  const rows: PlanRow[] = sorted.slice(0, sorted.length > max ? max - 1 : max).map((p) => ({
    key: p.planId,
    planId: p.planId,
    name: p.planName,
    mrr: p.mrr,
    customers: p.customers,
    share: share(p.mrr),
  }));
  if (sorted.length > max) {
    const rest = sorted.slice(max - 1);
    const mrr = rest.reduce((s, p) => s + p.mrr, 0);
    rows.push({ key: 'other', planId: null, name: `Other plans (${rest.length})`, mrr, customers: rest.reduce((s, p) => s + p.customers, 0), share: share(mrr) });
  }
  return rows;
}
