// The SQL of the usage view: a customer's plan (from its summary), the product accounts linked
// to it, and its most used events over a window (summed over those accounts).
import { sql, type Kysely } from 'kysely';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';

/** The customer's current plan, or undefined when the workspace has no such customer. */
export async function customerPlan(db: Kysely<Database>, workspaceId: string, customerId: string) {
  return db.selectFrom('customer_summaries')
    .leftJoin('products', (j) => j.onRef('products.workspace_id', '=', 'customer_summaries.workspace_id').onRef('products.product_id', '=', 'customer_summaries.plan_id'))
    .select(['customer_summaries.plan_id', sql<string | null>`coalesce(products.name, customer_summaries.plan_name)`.as('plan_name')])
    .where('customer_summaries.workspace_id', '=', workspaceId).where('customer_summaries.customer_id', '=', customerId)
    .executeTakeFirst();
}

export async function linkedAccounts(db: Kysely<Database>, workspaceId: string, customerId: string): Promise<string[]> {
  const rows = await db.selectFrom('cs_accounts').select('account_id').where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).orderBy('account_id').execute();
  return rows.map((r) => r.account_id);
}

/** The customer's events from `from` to `to` by how often they happened (at most `limit`). */
export async function topEvents(db: Kysely<Database>, workspaceId: string, customerId: string, from: Day, to: Day, limit: number) {
  const rows = await db.selectFrom('usage_daily as u')
    .innerJoin('cs_accounts as a', (j) => j.onRef('a.workspace_id', '=', 'u.workspace_id').onRef('a.account_id', '=', 'u.account_id'))
    .select([
      'u.event',
      sql<number | string>`sum(u.events)`.as('events'),
      sql<number | string>`sum(u.quantity)`.as('quantity'),
      sql<number | string>`count(distinct u.day)`.as('active_days'),
    ])
    .where('u.workspace_id', '=', workspaceId).where('a.customer_id', '=', customerId).where('u.day', '>=', from).where('u.day', '<=', to)
    .groupBy('u.event').orderBy(sql`sum(u.events)`, 'desc').orderBy('u.event').limit(limit).execute();
  return rows.map((r) => ({ event: r.event, events: Number(r.events), quantity: Number(r.quantity), activeDays: Number(r.active_days) }));
}
