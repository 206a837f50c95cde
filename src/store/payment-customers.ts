// Payments whose provider does not name the payer on the payment itself (a PayPal sale names its
// subscription only): their invoice carries the subscription, and the customer is the one the
// subscription's snapshots belong to. Whichever arrives first — the sale or a snapshot of its
// subscription — the rows are completed when the other is stored, so the order of delivery does
// not matter. Rows that already have a customer are never touched.
import { sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { NormalizedRecords } from '../core/records.js';

/** What this needs of a stored batch (records-repo's SourcedRecords): its workspace and records. */
type Batch = readonly { workspaceId: string; records: NormalizedRecords }[];

function subscriptionIdsByWorkspace(batch: Batch) {
  const byWorkspace = new Map<string, { subscriptions: Set<string>; invoices: Set<string> }>();
  const of = (workspaceId: string) => byWorkspace.get(workspaceId) ?? byWorkspace.set(workspaceId, { subscriptions: new Set(), invoices: new Set() }).get(workspaceId)!;
  for (const input of batch) {
    const r = input.records;
    for (const s of r.subscriptions ?? []) of(input.workspaceId).subscriptions.add(s.snapshot.state.subscriptionId);
    for (const i of r.invoices ?? []) if (i.customerId === null && i.subscriptionId !== null) of(input.workspaceId).subscriptions.add(i.subscriptionId);
    for (const p of r.payments ?? []) if (p.customerId === null && p.invoiceId !== null) of(input.workspaceId).invoices.add(p.invoiceId);
  }
  return byWorkspace;
}

/** Fills the customer of customer-less invoices (and their payments) of the subscriptions this
 *  batch wrote snapshots or invoices for. */
export async function attachSubscriptionCustomers(trx: Transaction<Database>, batch: Batch): Promise<void> {
  for (const [workspaceId, ids] of subscriptionIdsByWorkspace(batch)) {
    const invoiceIds = new Set(ids.invoices);
    if (ids.subscriptions.size > 0) {
      const updated = await sql<{ invoice_id: string }>`
        update invoices i
        set customer_id = s.customer_id, record = jsonb_set(i.record, '{customerId}', to_jsonb(s.customer_id))
        from (select distinct on (subscription_id) subscription_id, customer_id from subscription_snapshots
              where workspace_id = ${workspaceId} and subscription_id in (${sql.join([...ids.subscriptions])})
              order by subscription_id) s
        where i.workspace_id = ${workspaceId} and i.customer_id is null and i.subscription_id = s.subscription_id
        returning i.invoice_id`.execute(trx);
      for (const row of updated.rows) invoiceIds.add(row.invoice_id);
    }
    if (invoiceIds.size === 0) continue;
    await sql`
      update payments p
      set customer_id = i.customer_id, record = jsonb_set(p.record, '{customerId}', to_jsonb(i.customer_id))
      from invoices i
      where p.workspace_id = ${workspaceId} and p.customer_id is null and p.invoice_id in (${sql.join([...invoiceIds])})
        and i.workspace_id = p.workspace_id and i.invoice_id = p.invoice_id and i.customer_id is not null`.execute(trx);
  }
}
