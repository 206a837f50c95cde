// The book of paying customers on a day, as every customer-success figure reads it: each
// customer's MRR in the reporting currency (its ledger rows converted at that day's rate) and its
// plan (the plan carrying most of its MRR), with the plan's display name.
import type { Kysely } from 'kysely';
import type { FxTable } from '../../core/fx.js';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import { mrrOnDay, planMrrOnDay, planNames } from './query.js';

export type BookEntry = { customerId: string; name: string | null; mrr: number; planId: string | null; planName: string | null };

/** Paying customers (MRR above 0) at the end of `day`, by id. */
export async function loadBook(db: Kysely<Database>, workspaceId: string, day: Day, fx: FxTable | Promise<FxTable>): Promise<Map<string, BookEntry>> {
  const [mrr, plans, names, table] = await Promise.all([mrrOnDay(db, workspaceId, day), planMrrOnDay(db, workspaceId, day), planNames(db, workspaceId), fx]);
  const book = new Map<string, BookEntry>();
  for (const r of mrr) {
    const entry = book.get(r.customerId) ?? { customerId: r.customerId, name: r.name, mrr: 0, planId: null, planName: null };
    entry.mrr += table.convert(r.mrr, r.currency, day);
    book.set(r.customerId, entry);
  }
  const largest = new Map<string, { planId: string; mrr: number }>();
  for (const p of plans) {
    const converted = table.convert(p.mrr, p.currency, day);
    const best = largest.get(p.customerId);
    if (!best || converted > best.mrr || (converted === best.mrr && p.planId < best.planId)) largest.set(p.customerId, { planId: p.planId, mrr: converted });
  }
  for (const [customerId, plan] of largest) {
    const entry = book.get(customerId);
    if (entry) Object.assign(entry, { planId: plan.planId, planName: names.get(plan.planId) ?? plan.planId });
  }
  return book;
}
