// Which customers' ledgers a batch of records can change: the owners of new subscription
// snapshots, and the owners of subscriptions that refer to a discount, coupon or tiered price
// whose definition just arrived. Customers whose own record changed are queued too: their
// summary (name, email, country: the customers list) is derived in the same recompute.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { SourcedRecords } from '../store/records-repo.js';

export async function affectedCustomers(
  db: Kysely<Database>,
  batch: readonly SourcedRecords[],
): Promise<Map<string, Set<string>>> {
  const byWorkspace = new Map<string, Set<string>>();
  const add = (workspaceId: string, customerId: string) =>
    (byWorkspace.get(workspaceId) ?? byWorkspace.set(workspaceId, new Set()).get(workspaceId)!).add(customerId);
  const referenced = new Map<string, { discounts: Set<string>; coupons: Set<string>; prices: Set<string> }>();

  for (const input of batch) {
    const r = input.records;
    for (const s of r.subscriptions ?? []) add(input.workspaceId, s.snapshot.state.customerId);
    for (const c of r.customers ?? []) add(input.workspaceId, c.id);
    if (!r.discounts?.length && !r.coupons?.length && !r.prices?.length) continue;
    const refs = referenced.get(input.workspaceId) ?? { discounts: new Set(), coupons: new Set(), prices: new Set() };
    referenced.set(input.workspaceId, refs);
    for (const d of r.discounts ?? []) refs.discounts.add(d.id);
    for (const c of r.coupons ?? []) refs.coupons.add(c.id);
    // Any price: a PayPal plan named only by id is per-unit, yet its subscriptions wait for it.
    for (const p of r.prices ?? []) refs.prices.add(p.id);
  }

  for (const [workspaceId, refs] of referenced) {
    if (refs.coupons.size > 0) {
      const rows = await db
        .selectFrom('discounts')
        .select('discount_id')
        .where('workspace_id', '=', workspaceId)
        .where(sql<string>`record->>'couponId'`, 'in', [...refs.coupons])
        .execute();
      for (const row of rows) refs.discounts.add(row.discount_id);
    }
    const ids = [...refs.discounts, ...refs.prices];
    if (ids.length === 0) continue;
    const owners = await sql<{ customer_id: string }>`
      select distinct customer_id from subscription_snapshots
      where workspace_id = ${workspaceId}
        and (unresolved_discount_ids ?| ${sql.val(ids)}::text[] or unresolved_tier_price_ids ?| ${sql.val(ids)}::text[])`.execute(db);
    for (const row of owners.rows) add(workspaceId, row.customer_id);
  }
  return byWorkspace;
}
