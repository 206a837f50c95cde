// The SQL of one customer across sources: customer_identities (alias → canonical, migration 0019)
// and customer_identity_unlinks (migration 0020). Every query is scoped by workspace.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Contact, CustomerLink, LinkRule } from '../core/customer-identity.js';
import { chunks } from './batches.js';
import type { Database } from './schema.js';

const BATCH = 1000;

export type StoredLink = CustomerLink & { createdBy: string | null; createdAt: Date };

const toLink = (r: { customer_id: string; canonical_id: string; rule: LinkRule }): CustomerLink => ({ customerId: r.customer_id, canonicalId: r.canonical_id, rule: r.rule });

/** Every link of the workspace, with who made it and when (the list; a rebuild's groups). */
export async function listLinks(db: Kysely<Database>, workspaceId: string): Promise<StoredLink[]> {
  const rows = await db.selectFrom('customer_identities').selectAll().where('workspace_id', '=', workspaceId).orderBy('canonical_id').orderBy('customer_id').execute();
  return rows.map((r) => ({ ...toLink(r), createdBy: r.created_by, createdAt: r.created_at }));
}

export async function findLink(db: Kysely<Database>, workspaceId: string, customerId: string): Promise<StoredLink | null> {
  const r = await db.selectFrom('customer_identities').selectAll().where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).executeTakeFirst();
  return r ? { ...toLink(r), createdBy: r.created_by, createdAt: r.created_at } : null;
}

/** The links that decide these customers' groups: their own, and every link to their canonicals. */
export async function linksOfGroups(db: Kysely<Database>, workspaceId: string, customerIds: readonly string[]): Promise<CustomerLink[]> {
  if (customerIds.length === 0) return [];
  const out = new Map<string, CustomerLink>();
  for (const ids of chunks([...customerIds], BATCH)) {
    const rows = await sql<{ customer_id: string; canonical_id: string; rule: LinkRule }>`
      with mine as (
        select coalesce(i.canonical_id, c.id) as canonical_id
        from unnest(${sql.val(ids)}::text[]) as c(id)
        left join customer_identities i on i.workspace_id = ${workspaceId} and i.customer_id = c.id)
      select customer_id, canonical_id, rule from customer_identities
      where workspace_id = ${workspaceId} and canonical_id in (select canonical_id from mine)`.execute(db);
    for (const r of rows.rows) out.set(r.customer_id, toLink(r));
  }
  return [...out.values()];
}

/** The links whose alias or canonical is one of these customers. */
export async function linksTouching(db: Kysely<Database>, workspaceId: string, customerIds: readonly string[]): Promise<CustomerLink[]> {
  if (customerIds.length === 0) return [];
  const out = new Map<string, CustomerLink>();
  for (const ids of chunks([...customerIds], BATCH)) {
    const rows = await db.selectFrom('customer_identities').select(['customer_id', 'canonical_id', 'rule'])
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('customer_id', 'in', ids), eb('canonical_id', 'in', ids)]))
      .execute();
    for (const r of rows) out.set(r.customer_id, toLink(r));
  }
  return [...out.values()];
}

export async function upsertLink(trx: Transaction<Database>, workspaceId: string, link: CustomerLink, createdBy: string | null): Promise<void> {
  await trx.insertInto('customer_identities')
    .values({ workspace_id: workspaceId, customer_id: link.customerId, canonical_id: link.canonicalId, rule: link.rule, created_by: createdBy })
    .onConflict((oc) => oc.columns(['workspace_id', 'customer_id']).doUpdateSet({ canonical_id: link.canonicalId, rule: link.rule, created_by: createdBy, created_at: sql`now()` }))
    .execute();
}

/** Points every link to `from` at `to` instead (the aliases of a customer that became an alias). */
export async function repointLinks(trx: Transaction<Database>, workspaceId: string, from: string, to: string): Promise<void> {
  await trx.updateTable('customer_identities').set({ canonical_id: to }).where('workspace_id', '=', workspaceId).where('canonical_id', '=', from).execute();
}

export async function setCanonical(trx: Transaction<Database>, workspaceId: string, customerId: string, canonicalId: string): Promise<void> {
  await trx.updateTable('customer_identities').set({ canonical_id: canonicalId }).where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).execute();
}

export async function deleteLinks(trx: Transaction<Database>, workspaceId: string, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await trx.deleteFrom('customer_identities').where('workspace_id', '=', workspaceId).where('customer_id', 'in', [...customerIds]).execute();
}

export async function recordUnlink(trx: Transaction<Database>, workspaceId: string, customerId: string, createdBy: string | null): Promise<void> {
  await trx.insertInto('customer_identity_unlinks').values({ workspace_id: workspaceId, customer_id: customerId, created_by: createdBy })
    .onConflict((oc) => oc.columns(['workspace_id', 'customer_id']).doUpdateSet({ created_by: createdBy, created_at: sql`now()` }))
    .execute();
}

/** Of these customers, the ones a person unlinked. */
export async function unlinkedAmong(db: Kysely<Database>, workspaceId: string, customerIds: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const ids of chunks([...customerIds], BATCH)) {
    const rows = await db.selectFrom('customer_identity_unlinks').select('customer_id').where('workspace_id', '=', workspaceId).where('customer_id', 'in', ids).execute();
    for (const r of rows) out.add(r.customer_id);
  }
  return out;
}

/** Which source each customer came from, and its e-mail (null: no customer record). */
export async function customerSources(db: Kysely<Database>, workspaceId: string, customerIds: readonly string[]): Promise<Map<string, { sourceId: string; email: string | null }>> {
  const out = new Map<string, { sourceId: string; email: string | null }>();
  for (const ids of chunks([...customerIds], BATCH)) {
    const rows = await db.selectFrom('customers').select(['customer_id', 'source_id', 'email']).where('workspace_id', '=', workspaceId).where('customer_id', 'in', ids).execute();
    for (const r of rows) out.set(r.customer_id, { sourceId: r.source_id, email: r.email });
  }
  return out;
}

/** The customers of these ids, and every customer of the workspace sharing an e-mail with one
 *  of them (trimmed, case-insensitive). */
export async function contactsSharingEmail(db: Kysely<Database>, workspaceId: string, customerIds: readonly string[]): Promise<Contact[]> {
  const out = new Map<string, Contact>();
  for (const ids of chunks([...customerIds], BATCH)) {
    const rows = await sql<{ customer_id: string; source_id: string; email: string | null; created_at: Date | string | null }>`
      with emails as (
        select distinct lower(btrim(email)) as email from customers
        where workspace_id = ${workspaceId} and customer_id = any(${sql.val(ids)}::text[]) and btrim(coalesce(email, '')) <> '')
      select customer_id, source_id, email, created_at from customers
      where workspace_id = ${workspaceId}
        and (customer_id = any(${sql.val(ids)}::text[]) or lower(btrim(email)) in (select email from emails))`.execute(db);
    for (const r of rows.rows) {
      const created = r.created_at === null ? null : Math.floor(new Date(r.created_at).getTime() / 1000);
      out.set(r.customer_id, { customerId: r.customer_id, sourceId: r.source_id, email: r.email, createdAt: created });
    }
  }
  return [...out.values()];
}

/** Customers that exist in the workspace: a customer record or a subscription snapshot. */
export async function existingCustomers(db: Kysely<Database>, workspaceId: string, customerIds: readonly string[]): Promise<Set<string>> {
  const ids = [...customerIds];
  if (ids.length === 0) return new Set();
  const rows = await sql<{ customer_id: string }>`
    select customer_id from customers where workspace_id = ${workspaceId} and customer_id = any(${sql.val(ids)}::text[])
    union
    select distinct customer_id from subscription_snapshots where workspace_id = ${workspaceId} and customer_id = any(${sql.val(ids)}::text[])`.execute(db);
  return new Set(rows.rows.map((r) => r.customer_id));
}

/** Serialises changes of a workspace's links (released at commit): e-mail matching in two ingest
 *  batches, or a person's mapping meanwhile, never interleave. */
export async function lockWorkspaceIdentities(trx: Transaction<Database>, workspaceId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`customer-identities/${workspaceId}`}, 0))`.execute(trx);
}

/** An alias has no summary of its own: the canonical's lists it once. */
export async function deleteSummaries(trx: Transaction<Database>, workspaceId: string, customerIds: readonly string[]): Promise<void> {
  for (const ids of chunks([...customerIds], BATCH)) {
    await trx.deleteFrom('customer_summaries').where('workspace_id', '=', workspaceId).where('customer_id', 'in', ids).execute();
  }
}
