// Revenue by plan for the executive screen: the largest plans, the rest folded into "Other
// plans", each with its share of MRR. The rows sum to the workspace's MRR exactly. Pure.
import * as z from 'zod/mini';

export const byPlanSchema = z.object({
  date: z.string(),
  currency: z.string(),
  mrr: z.int(),
  plans: z.array(z.object({ planId: z.nullable(z.string()), planName: z.nullable(z.string()), mrr: z.int(), customers: z.int(), share: z.nullable(z.number()) })),
});
export type ByPlan = z.infer<typeof byPlanSchema>;

export type PlanRow = { key: string; planId: string | null; name: string; mrr: number; customers: number; share: number };

export function planRows(data: ByPlan, max = 6): PlanRow[] {
  const sorted = [...data.plans].filter((p) => p.mrr !== 0 || p.customers !== 0).sort((a, b) => b.mrr - a.mrr);
  const share = (mrr: number) => (data.mrr === 0 ? 0 : mrr / data.mrr);
  const rows: PlanRow[] = sorted.slice(0, sorted.length > max ? max - 1 : max).map((p, i) => ({
    key: p.planId ?? `unnamed-${i}`,
    planId: p.planId,
    name: p.planName ?? p.planId ?? 'No plan',
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
