// Product accounts (Segment groups) and the people in them (Segment users), and the billing
// customers an account can be linked to: by id, by an external id in the customer's Stripe
// metadata, or by the domain of its e-mail. Every query is scoped by workspace.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { AccountLinkRule } from './schema-success.js';

type Db = Kysely<Database> | Transaction<Database>;
const json = (rows: unknown[]) => JSON.stringify(rows);

export type AccountUpsert = { workspaceId: string; accountId: string; name: string | null; traits: Record<string, unknown>; firstSeenAt: Date; lastSeenAt: Date };
export type UserUpsert = { workspaceId: string; userId: string; accountId: string | null; email: string | null; traits: Record<string, unknown>; firstSeenAt: Date; lastSeenAt: Date };

const sortBy = <T>(key: (row: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** Creates accounts or brings them up to date: the new traits over the old, the name when one
 *  is given, first and last seen widened. */
export async function upsertAccounts(db: Db, rows: readonly AccountUpsert[]): Promise<void> {
  if (rows.length === 0) return;
  const data = [...rows].sort(sortBy((r: AccountUpsert) => `${r.workspaceId}\u0001${r.accountId}`)).map((r) => ({
    workspace_id: r.workspaceId, account_id: r.accountId, name: r.name, traits: r.traits, first_seen_at: r.firstSeenAt.toISOString(), last_seen_at: r.lastSeenAt.toISOString(),
  }));
  await sql`
    insert into cs_accounts (workspace_id, account_id, name, traits, first_seen_at, last_seen_at)
    select workspace_id, account_id, name, coalesce(traits, '{}'::jsonb), first_seen_at, last_seen_at
    from jsonb_to_recordset(${json(data)}::jsonb) as x(workspace_id text, account_id text, name text, traits jsonb, first_seen_at timestamptz, last_seen_at timestamptz)
    on conflict (workspace_id, account_id) do update set
      name = coalesce(excluded.name, cs_accounts.name),
      traits = cs_accounts.traits || excluded.traits,
      first_seen_at = least(cs_accounts.first_seen_at, excluded.first_seen_at),
      last_seen_at = greatest(cs_accounts.last_seen_at, excluded.last_seen_at)`.execute(db);
}

/** Creates people or brings them up to date; a non-null accountId (a group call) moves them. */
export async function upsertUsers(db: Db, rows: readonly UserUpsert[]): Promise<void> {
  if (rows.length === 0) return;
  const data = [...rows].sort(sortBy((r: UserUpsert) => `${r.workspaceId}\u0001${r.userId}`)).map((r) => ({
    workspace_id: r.workspaceId, user_id: r.userId, account_id: r.accountId, email: r.email, traits: r.traits, first_seen_at: r.firstSeenAt.toISOString(), last_seen_at: r.lastSeenAt.toISOString(),
  }));
  await sql`
    insert into cs_users (workspace_id, user_id, account_id, email, traits, first_seen_at, last_seen_at)
    select workspace_id, user_id, account_id, email, coalesce(traits, '{}'::jsonb), first_seen_at, last_seen_at
    from jsonb_to_recordset(${json(data)}::jsonb) as x(workspace_id text, user_id text, account_id text, email text, traits jsonb, first_seen_at timestamptz, last_seen_at timestamptz)
    on conflict (workspace_id, user_id) do update set
      account_id = coalesce(excluded.account_id, cs_users.account_id),
      email = coalesce(excluded.email, cs_users.email),
      traits = cs_users.traits || excluded.traits,
      first_seen_at = least(cs_users.first_seen_at, excluded.first_seen_at),
      last_seen_at = greatest(cs_users.last_seen_at, excluded.last_seen_at)`.execute(db);
}

/** The account each of these people belongs to (people with none, or unknown, are left out). */
export async function accountsOfUsers(db: Db, users: ReadonlyArray<{ workspaceId: string; userId: string }>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (users.length === 0) return out;
  const data = users.map((u) => ({ workspace_id: u.workspaceId, user_id: u.userId }));
  const result = await sql<{ workspace_id: string; user_id: string; account_id: string }>`
    select u.workspace_id, u.user_id, u.account_id
    from cs_users u join jsonb_to_recordset(${json(data)}::jsonb) as x(workspace_id text, user_id text)
      on u.workspace_id = x.workspace_id and u.user_id = x.user_id
    where u.account_id is not null`.execute(db);
  for (const r of result.rows) out.set(userKey(r.workspace_id, r.user_id), r.account_id);
  return out;
}

export const userKey = (workspaceId: string, userId: string) => `${workspaceId}\u0001${userId}`;

// ── Linking ─────────────────────────────────────────────────────────────────────────────────

export type AccountForLinking = {
  accountId: string;
  traits: Record<string, unknown>;
  customerId: string | null;
  linkRule: AccountLinkRule | null;
  /** The e-mail addresses of the people grouped into it. */
  userEmails: string[];
};

/** Accounts of a workspace with what the rules read: the given ones, or every one not linked at
 *  all ('unlinked'). Accounts a person linked or unlinked are never returned. */
export async function accountsForLinking(db: Db, workspaceId: string, accountIds: readonly string[] | 'unlinked'): Promise<AccountForLinking[]> {
  if (accountIds !== 'unlinked' && accountIds.length === 0) return [];
  let query = db
    .selectFrom('cs_accounts as a')
    .where('a.workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('a.link_rule', 'is', null), eb('a.link_rule', '!=', 'manual')]))
    .select((eb) => [
      'a.account_id', 'a.traits', 'a.customer_id', 'a.link_rule',
      eb.fn.coalesce(
        sql<string[]>`(select array_agg(distinct lower(u.email)) from cs_users u where u.workspace_id = a.workspace_id and u.account_id = a.account_id and u.email is not null)`,
        sql<string[]>`array[]::text[]`,
      ).as('emails'),
    ]);
  query = accountIds === 'unlinked' ? query.where('a.customer_id', 'is', null) : query.where('a.account_id', 'in', accountIds);
  const rows = await query.execute();
  return rows.map((r) => ({ accountId: r.account_id, traits: r.traits, customerId: r.customer_id, linkRule: r.link_rule, userEmails: r.emails ?? [] }));
}

export type LinkableCustomer = { customerId: string; name: string | null; email: string | null; deleted: boolean };

const customerColumns = ['customer_id', 'name', 'email', 'deleted'] as const;
const toCustomer = (r: { customer_id: string; name: string | null; email: string | null; deleted: boolean }): LinkableCustomer => ({ customerId: r.customer_id, name: r.name, email: r.email, deleted: r.deleted });

/** Billing customers with these ids. */
export async function customersByIds(db: Db, workspaceId: string, ids: readonly string[]): Promise<LinkableCustomer[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('customers').where('workspace_id', '=', workspaceId).where('customer_id', 'in', [...new Set(ids)]).select(customerColumns).execute();
  return rows.map(toCustomer);
}

/** Billing customers whose Stripe metadata holds one of `values` under one of `keys`. */
export async function customersByMetadata(db: Db, workspaceId: string, keys: readonly string[], values: readonly string[]): Promise<Array<LinkableCustomer & { value: string }>> {
  if (values.length === 0 || keys.length === 0) return [];
  const result = await sql<{ customer_id: string; name: string | null; email: string | null; deleted: boolean; value: string }>`
    select c.customer_id, c.name, c.email, c.deleted, m.value
    from customers c cross join lateral jsonb_each_text(case when jsonb_typeof(c.record->'metadata') = 'object' then c.record->'metadata' else '{}'::jsonb end) as m(key, value)
    where c.workspace_id = ${workspaceId} and m.key in (${sql.join(keys)}) and m.value in (${sql.join([...new Set(values)])})`.execute(db);
  return result.rows.map((r) => ({ ...toCustomer(r), value: r.value }));
}

/** Billing customers whose e-mail address is at one of these domains (lower-case). */
export async function customersByEmailDomain(db: Db, workspaceId: string, domains: readonly string[]): Promise<Array<LinkableCustomer & { domain: string }>> {
  if (domains.length === 0) return [];
  const result = await sql<{ customer_id: string; name: string | null; email: string | null; deleted: boolean; domain: string }>`
    select customer_id, name, email, deleted, lower(split_part(email, '@', 2)) as domain
    from customers
    where workspace_id = ${workspaceId} and email like '%@%' and lower(split_part(email, '@', 2)) in (${sql.join([...new Set(domains)])})`.execute(db);
  return result.rows.map((r) => ({ ...toCustomer(r), domain: r.domain }));
}

/** Links (or, with customerId null, unlinks) an account; returns false when there is no such account. */
export async function setAccountLink(db: Db, workspaceId: string, accountId: string, link: { customerId: string | null; rule: AccountLinkRule | null }): Promise<boolean> {
  const result = await db
    .updateTable('cs_accounts')
    .set({ customer_id: link.customerId, link_rule: link.rule })
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  const linked = Number(result.numUpdatedRows) > 0;
  // Tickets and survey answers that named only this account were stored unmatched: they belong
  // to the customer from now on (an unlink leaves them where they are).
  if (linked && link.customerId) {
    for (const table of ['support_tickets', 'survey_responses'] as const) {
      await db.updateTable(table).set({ customer_id: link.customerId })
        .where('workspace_id', '=', workspaceId).where('account_id', '=', accountId).where('customer_id', 'is', null).execute();
    }
  }
  return linked;
}

/** Workspaces with accounts the rules have not linked (and no person unlinked). */
export async function workspacesWithUnlinkedAccounts(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('cs_accounts')
    .where('customer_id', 'is', null)
    .where((eb) => eb.or([eb('link_rule', 'is', null), eb('link_rule', '!=', 'manual')]))
    .select('workspace_id')
    .distinct()
    .execute();
  return rows.map((r) => r.workspace_id);
}

/** Whether the workspace has this billing customer. */
export async function customerExists(db: Db, workspaceId: string, customerId: string): Promise<boolean> {
  const row = await db.selectFrom('customers').where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).select('customer_id').executeTakeFirst();
  return row !== undefined;
}
