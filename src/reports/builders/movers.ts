// The customers behind a figure, from the explain read (src/read/explain: the lines that sum to
// the figure exactly): the largest movers of a week, the top customers by MRR. A customer billed
// in two currencies has a line per currency; here its lines are added into one.
import type { Day } from '../../core/types.js';
import { loadExplanation } from '../../read/explain/load.js';
import type { ExplainMetric } from '../../read/registry.js';
import type { BuildContext } from './context.js';

export type CustomerAmount = { customerId: string; name: string; amount: number };

export type Explained = { total: number; customers: CustomerAmount[] };

/** Every customer's share of `metric` (reporting currency), largest |amount| first. */
export async function explainByCustomer(ctx: BuildContext, metric: ExplainMetric, from: Day, to: Day): Promise<Explained> {
  const explanation = await loadExplanation(ctx.db, ctx.workspace.id, { metric, from, to, asOf: ctx.asOf, fx: ctx.fx });
  const byCustomer = new Map<string, CustomerAmount>();
  for (const line of explanation.lines) {
    const id = line.customerId ?? '(no customer)';
    const entry = byCustomer.get(id) ?? { customerId: id, name: line.name ?? id, amount: 0 };
    entry.amount += line.reporting;
    byCustomer.set(id, entry);
  }
  const customers = [...byCustomer.values()].filter((c) => c.amount !== 0).sort((a, b) => Math.abs(b.amount) - Math.abs(a.amount) || (a.customerId < b.customerId ? -1 : 1));
  return { total: explanation.total, customers };
}
