// The SQL of the product-accounts list: a workspace's accounts (Segment groups), linked or not,
// newest activity first, a page at a time (keyset on last seen and id), with the billing customer
// each is linked to, how many people it has and their e-mail addresses (the link rules read them).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { AccountLinkRule } from '../../store/schema-success.js';
import { likePattern } from '../../store/audit-repo.js';

export type AccountFilters = { linked?: boolean; q?: string };
export type AccountCursor = { at: string; id: string };

export type AccountRow = {
  accountId: string;
  name: string | null;
  traits: Record<string, unknown>;
  customerId: string | null;
  customerName: string | null;
  customerEmail: string | null;
  linkRule: AccountLinkRule | null;
  users: number;
  userEmails: string[];
  firstSeenAt: Date;
  lastSeenAt: Date;
};

function matching(db: Kysely<Database>, workspaceId: string, f: AccountFilters) {
  let query = db.selectFrom('cs_accounts as a').where('a.workspace_id', '=', workspaceId);
  if (f.linked === true) query = query.where('a.customer_id', 'is not', null);
  if (f.linked === false) query = query.where('a.customer_id', 'is', null);
  if (f.q) {
    const pattern = likePattern(f.q.toLowerCase());
    query = query.where((eb) => eb.or([eb(sql`lower(a.account_id)`, 'like', pattern), eb(sql`lower(coalesce(a.name, ''))`, 'like', pattern)]));
  }
  return query;
}

export async function countAccounts(db: Kysely<Database>, workspaceId: string, filters: AccountFilters): Promise<number> {
  const row = await matching(db, workspaceId, filters).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listAccounts(db: Kysely<Database>, workspaceId: string, options: { filters: AccountFilters; limit: number; cursor: AccountCursor | null; only?: string }): Promise<AccountRow[]> {
  let query = matching(db, workspaceId, options.filters)
    .leftJoin('customers as c', (join) => join.onRef('c.workspace_id', '=', 'a.workspace_id').onRef('c.customer_id', '=', 'a.customer_id'))
    .select([
      'a.account_id', 'a.name', 'a.traits', 'a.customer_id', 'a.link_rule', 'a.first_seen_at', 'a.last_seen_at', 'c.name as customer_name', 'c.email as customer_email',
      sql<number | string>`(select count(*) from cs_users u where u.workspace_id = a.workspace_id and u.account_id = a.account_id)`.as('users'),
      sql<string[] | null>`(select array_agg(distinct lower(u.email)) from cs_users u where u.workspace_id = a.workspace_id and u.account_id = a.account_id and u.email is not null)`.as('emails'),
    ])
    .orderBy('a.last_seen_at', 'desc')
    .orderBy('a.account_id', 'desc')
    .limit(options.limit);
  if (options.only !== undefined) query = query.where('a.account_id', '=', options.only);
  const cursor = options.cursor;
  if (cursor) query = query.where(sql<boolean>`(a.last_seen_at, a.account_id) < (${cursor.at}::timestamptz, ${cursor.id})`);
  const rows = await query.execute();
  return rows.map((r) => ({
    accountId: r.account_id, name: r.name, traits: r.traits, customerId: r.customer_id, customerName: r.customer_name, customerEmail: r.customer_email,
    linkRule: r.link_rule, users: Number(r.users), userEmails: r.emails ?? [], firstSeenAt: new Date(r.first_seen_at), lastSeenAt: new Date(r.last_seen_at),
  }));
}
