// The SQL of the customers view: the filtered, sorted, keyset-paginated list of customer summaries,
// the summaries whose scheduled change has come, and one customer's invoices, payments and the
// provider events behind its ledger rows. Every query is scoped by workspace; the profile's stop at
// the as-of instant.
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { CustomerStatus } from '../../core/customer-state.js';
import type { Day } from '../../core/types.js';
import { likePattern } from '../../store/audit-repo.js';
import type { Database } from '../../store/schema.js';
import type { CustomerItem, CustomerSort } from './contract.js';

export type { CustomerSort } from './contract.js';
export type CustomerCursor = { k: string | number; id: string };

export type CustomerFilters = {
  q?: string;
  planId?: string;
  status?: readonly CustomerStatus[];
  currency?: string;
  country?: string;
  /** Inclusive bounds on MRR converted into the reporting currency (the sort key). */
  mrrMin?: number;
  mrrMax?: number;
  signupFrom?: Day;
  signupTo?: Day;
};

/** A row of the list: the contract's customer. */
export type CustomerListItem = CustomerItem;

const SORT_KEYS: Record<'mrr' | 'name' | 'signup', RawBuilder<string | number>> = {
  mrr: sql<number>`mrr_sort`,
  name: sql<string>`lower(coalesce(customer_summaries.name, ''))`,
  signup: sql<string>`coalesce(signup_day, date '0001-01-01')`,
};

/** The customers matching the filters (no order, no page): the list's rows and its count. */
function matching(db: Kysely<Database>, workspaceId: string, f: CustomerFilters, only?: string) {
  let query = db
    .selectFrom('customer_summaries')
    .leftJoin('products', (join) => join.onRef('products.workspace_id', '=', 'customer_summaries.workspace_id').onRef('products.product_id', '=', 'customer_summaries.plan_id'))
    .where('customer_summaries.workspace_id', '=', workspaceId);
  if (f.q) {
    const pattern = likePattern(f.q.toLowerCase());
    query = query.where((eb) => eb.or([
      eb(sql`lower(coalesce(customer_summaries.name, ''))`, 'like', pattern),
      eb(sql`lower(coalesce(email, ''))`, 'like', pattern),
      eb(sql`lower(customer_summaries.customer_id)`, 'like', pattern),
    ]));
  }
  if (only !== undefined) query = query.where('customer_summaries.customer_id', '=', only);
  if (f.planId) query = query.where('plan_id', '=', f.planId);
  if (f.status?.length) query = query.where('status', 'in', f.status);
  if (f.currency) query = query.where('currency', '=', f.currency);
  if (f.country) query = query.where(sql`upper(country)`, '=', f.country.toUpperCase());
  if (f.mrrMin !== undefined) query = query.where('mrr_sort', '>=', f.mrrMin);
  if (f.mrrMax !== undefined) query = query.where('mrr_sort', '<=', f.mrrMax);
  if (f.signupFrom) query = query.where('signup_day', '>=', f.signupFrom);
  if (f.signupTo) query = query.where('signup_day', '<=', f.signupTo);
  return query;
}

/** How many customers match the filters: the list's true length, whatever page is shown. */
export async function countCustomerSummaries(db: Kysely<Database>, workspaceId: string, filters: CustomerFilters): Promise<number> {
  const row = await matching(db, workspaceId, filters).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listCustomerSummaries(
  db: Kysely<Database>,
  workspaceId: string,
  options: { filters: CustomerFilters; sort: CustomerSort; limit: number; cursor?: CustomerCursor | null; only?: string },
): Promise<{ items: CustomerListItem[]; next: CustomerCursor | null }> {
  const field = options.sort.replace('-', '') as keyof typeof SORT_KEYS;
  const desc = options.sort.startsWith('-');
  const key = SORT_KEYS[field];
  // The plan's current product name (a product renamed since the summary was written).
  let query = matching(db, workspaceId, options.filters, options.only)
    .selectAll('customer_summaries')
    .select([key.as('sort_key'), 'products.name as product_name']);
  const cursor = options.cursor;
  if (cursor) {
    const after: Expression<SqlBool> = desc
      ? sql<SqlBool>`(${key}, customer_summaries.customer_id) < (${cursor.k}, ${cursor.id})`
      : sql<SqlBool>`(${key}, customer_summaries.customer_id) > (${cursor.k}, ${cursor.id})`;
    query = query.where(after);
  }
  const rows = await query
    .orderBy(key, desc ? 'desc' : 'asc')
    .orderBy('customer_summaries.customer_id', desc ? 'desc' : 'asc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const items = page.map((r) => ({
    id: r.customer_id,
    name: r.name,
    email: r.email,
    country: r.country,
    status: r.status,
    currency: r.currency,
    mrr: r.mrr,
    mrrByCurrency: r.mrr_by_currency,
    planId: r.plan_id,
    planName: r.product_name ?? r.plan_name,
    subscriptions: r.subscriptions,
    signupDay: r.signup_day,
    firstPaidDay: r.first_paid_day,
    cancelScheduled: r.cancel_scheduled,
    createdAt: r.customer_created_at ? new Date(r.customer_created_at).toISOString() : null,
    deleted: r.deleted,
  }));
  const sortKey = last?.sort_key;
  return {
    items,
    next: rows.length > options.limit && last ? { k: typeof sortKey === 'number' ? sortKey : String(sortKey), id: last.customer_id } : null,
  };
}

/** Customers whose summary has a scheduled change due by `day` (see customer_summaries). */
export async function dueSummaries(db: Kysely<Database>, workspaceId: string, day: Day, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('customer_summaries')
    .select('customer_id')
    .where('workspace_id', '=', workspaceId)
    .where('next_change_day', '<=', day)
    .limit(limit)
    .execute();
  return rows.map((r) => r.customer_id);
}

const LIST_LIMIT = 100;

/** The customer's latest invoices created by `at` (newest first, at most 100). */
export async function invoicesOf(db: Kysely<Database>, workspaceId: string, customerId: string, at: Date) {
  return db.selectFrom('invoices').select(['invoice_id', 'status', 'currency', 'total', 'amount_paid', 'subscription_id', 'created_at', 'record'])
    .where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).where('created_at', '<=', at)
    .orderBy('created_at', 'desc').limit(LIST_LIMIT).execute();
}

/** The customer's latest payments created by `at` (newest first, at most 100). */
export async function paymentsOf(db: Kysely<Database>, workspaceId: string, customerId: string, at: Date) {
  return db.selectFrom('payments').select(['payment_id', 'invoice_id', 'status', 'currency', 'amount', 'amount_refunded', 'failure_code', 'created_at', 'record'])
    .where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).where('created_at', '<=', at)
    .orderBy('created_at', 'desc').limit(LIST_LIMIT).execute();
}

/** The provider events with these ids, by (workspace, source, event id): the raw events' primary key, one probe per source. */
export async function eventsById(db: Kysely<Database>, workspaceId: string, eventIds: readonly string[]) {
  if (eventIds.length === 0) return [];
  return db.selectFrom('raw_events').select(['event_id', 'type', 'event_created'])
    .where('workspace_id', '=', workspaceId)
    .where('source_id', 'in', db.selectFrom('sources').select('source_id').where('workspace_id', '=', workspaceId))
    .where('event_id', 'in', eventIds).execute();
}
