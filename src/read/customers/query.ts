// The SQL of the customers view: the filtered, sorted, keyset-paginated list of customer summaries
// (with each customer's latest health snapshot and churn-risk score on or before the as-of day,
// one lateral join each), the summaries whose scheduled change has come, and one customer's
// invoices, payments and the provider events behind its ledger rows. Every query is scoped by
// workspace; the profile's stop at the as-of instant. Search (`q`) is answered from trigram
// indexes (migration 0029) and sorted after, never by walking a sort key's index.
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { CustomerStatus } from '../../core/customer-state.js';
import { addDays } from '../../core/dates.js';
import type { Day } from '../../core/types.js';
import { likePattern } from '../../store/audit-repo.js';
import type { Database } from '../../store/schema.js';
import type { CustomerItem, CustomerSort, HealthBand, PRICING_KINDS, USERS_TRENDS } from './contract.js';

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
  /** Only customers whose MRR is in the top N% of the workspace's paying customers. */
  mrrTopPercent?: number;
  signupFrom?: Day;
  signupTo?: Day;
  /** The latest health snapshot's band is one of these. */
  health?: readonly HealthBand[];
  /** Inclusive bounds on the latest health score (customers never scored are left out). */
  healthMin?: number;
  healthMax?: number;
  /** Inclusive bounds on the latest churn probability (customers never scored are left out). */
  riskMin?: number;
  riskMax?: number;
  /** Any of: on a discount now; on the workspace's cheapest plan. */
  pricing?: readonly (typeof PRICING_KINDS)[number][];
  /** Distinct active users in the 30 days ending on the as-of day against the 30 before. */
  usersTrend?: (typeof USERS_TRENDS)[number];
};

/** A row of the list: the contract's customer. */
export type CustomerListItem = CustomerItem;

/** Scores never read lower than this: unscored customers sort after the worst (ascending) and
 *  last (descending) alike would need two keys; -1 puts them first ascending, last descending. */
const UNSCORED = -1;

const SORT_KEYS: Record<'mrr' | 'name' | 'signup' | 'health' | 'risk', RawBuilder<string | number>> = {
  mrr: sql<number>`mrr_sort`,
  name: sql<string>`lower(coalesce(customer_summaries.name, ''))`,
  signup: sql<string>`coalesce(signup_day, date '0001-01-01')`,
  health: sql<number>`coalesce(h.score, ${UNSCORED})`,
  risk: sql<number>`coalesce(r.probability, ${UNSCORED})`,
};

/** The same keys, the same values, but no index can give their order. A search (`q`) is read
 *  from its trigram indexes (migration 0029) and then sorted: walking a sort key's b-tree in
 *  order and testing each row against `q`, the planner's usual pick for a page with a LIMIT,
 *  reads every customer when few or none match. The count reads every match anyway, so sorting
 *  them costs at most as much again. */
const SEARCH_SORT_KEYS: typeof SORT_KEYS = {
  mrr: sql<number>`(mrr_sort + 0)`,
  name: sql<string>`(lower(coalesce(customer_summaries.name, '')) || '')`,
  signup: sql<string>`(coalesce(signup_day, date '0001-01-01') + 0)`,
  health: SORT_KEYS.health,
  risk: SORT_KEYS.risk,
};

/** The customer's plan is the workspace's cheapest: the plan whose paying customers' average
 *  MRR (reporting currency) is the lowest. */
const ENTRY_PLAN = (workspaceId: string) => sql<string>`(
  select plan_id from customer_summaries e
  where e.workspace_id = ${workspaceId} and e.plan_id is not null and e.mrr_sort > 0
  group by plan_id order by avg(e.mrr_sort), plan_id limit 1)`;

/** Distinct users active in [from, to] on the accounts linked to the row's customer. */
function activeUsers(workspaceId: string, from: Day, to: Day) {
  return sql<number>`(
    select count(distinct u.user_id) from user_activity_daily u
    join cs_accounts a on a.workspace_id = u.workspace_id and a.account_id = u.account_id
    where u.workspace_id = ${workspaceId} and a.customer_id = customer_summaries.customer_id
      and u.day between ${from}::date and ${to}::date)`;
}

/** The filters on the latest health and risk: only they need the lateral joins. */
function needsScores(f: CustomerFilters): boolean {
  return Boolean(f.health?.length) || f.healthMin !== undefined || f.healthMax !== undefined || f.riskMin !== undefined || f.riskMax !== undefined;
}

/** The customers matching the filters (no order, no page): the list's rows and its count. The
 *  latest health snapshot (h) and risk score (r) on or before `day` are joined laterally: one
 *  index probe per customer, in the same statement. */
function matching(db: Kysely<Database>, workspaceId: string, f: CustomerFilters, day: Day, only?: string) {
  let query = withoutScores(db, workspaceId, f, day, only)
    .leftJoinLateral(
      (eb) => eb.selectFrom('health_snapshots').select(['score', 'band', 'partial', 'day'])
        .where('health_snapshots.workspace_id', '=', workspaceId)
        .whereRef('health_snapshots.customer_id', '=', 'customer_summaries.customer_id')
        .where('health_snapshots.day', '<=', day)
        .orderBy('health_snapshots.day', 'desc').limit(1).as('h'),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) => eb.selectFrom('risk_scores').select(['probability', 'day'])
        .where('risk_scores.workspace_id', '=', workspaceId)
        .whereRef('risk_scores.customer_id', '=', 'customer_summaries.customer_id')
        .where('risk_scores.day', '<=', day)
        .orderBy('risk_scores.day', 'desc').limit(1).as('r'),
      (join) => join.onTrue(),
    );
  if (f.health?.length) query = query.where('h.band', 'in', f.health);
  if (f.healthMin !== undefined) query = query.where('h.score', '>=', f.healthMin);
  if (f.healthMax !== undefined) query = query.where('h.score', '<=', f.healthMax);
  if (f.riskMin !== undefined) query = query.where('r.probability', '>=', f.riskMin);
  if (f.riskMax !== undefined) query = query.where('r.probability', '<=', f.riskMax);
  return query;
}

/** The customers matching every filter but those on health and risk. */
function withoutScores(db: Kysely<Database>, workspaceId: string, f: CustomerFilters, day: Day, only?: string) {
  let query = db
    .selectFrom('customer_summaries')
    .leftJoin('products', (join) => join.onRef('products.workspace_id', '=', 'customer_summaries.workspace_id').onRef('products.product_id', '=', 'customer_summaries.plan_id'))
    .where('customer_summaries.workspace_id', '=', workspaceId);
  if (f.q) {
    // Exactly the expressions of the trigram indexes (migration 0029): change them together.
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
  if (f.mrrTopPercent !== undefined) {
    // In the top N%: fewer than N% of the paying customers have a higher MRR (ties share a rank).
    const top = sql<string>`(select t.customer_id from (
      select p.customer_id, rank() over (order by p.mrr_sort desc) as r, count(*) over () as n
      from customer_summaries p where p.workspace_id = ${workspaceId} and p.mrr_sort > 0) t
      where (t.r - 1) * 100 < t.n * ${f.mrrTopPercent})`;
    query = query.where(sql<SqlBool>`customer_summaries.customer_id in ${top}`);
  }
  if (f.signupFrom) query = query.where('signup_day', '>=', f.signupFrom);
  if (f.signupTo) query = query.where('signup_day', '<=', f.signupTo);
  if (f.pricing?.length) {
    const nowSeconds = sql<number>`extract(epoch from (${day}::date + 1)::timestamp)`;
    const discounted = sql<SqlBool>`exists (
      select 1 from discounts d
      where d.workspace_id = ${workspaceId} and d.customer_id = customer_summaries.customer_id and not d.deleted
        and d.record->>'invoiceId' is null
        and coalesce(d.record->'state'->>'duration', 'forever') <> 'once'
        and (d.record->>'start')::bigint < ${nowSeconds}
        and coalesce((d.record->>'end')::bigint, (d.record->'state'->>'end')::bigint, ${nowSeconds} + 1) > ${nowSeconds})`;
    const entry = sql<SqlBool>`customer_summaries.plan_id = ${ENTRY_PLAN(workspaceId)}`;
    const parts = f.pricing.map((p) => (p === 'discounted' ? discounted : entry));
    query = query.where((eb) => eb.or(parts));
  }
  if (f.usersTrend) {
    const now = activeUsers(workspaceId, addDays(day, -29), day);
    const before = activeUsers(workspaceId, addDays(day, -59), addDays(day, -30));
    const trend = f.usersTrend === 'rising' ? sql<SqlBool>`${now} > ${before}` : f.usersTrend === 'falling' ? sql<SqlBool>`${now} < ${before}` : sql<SqlBool>`${now} = ${before} and ${now} > 0`;
    query = query.where(trend);
  }
  return query;
}

/** The statement counting the customers that match the filters (exported for EXPLAIN in tests). */
export function customerCountQuery(db: Kysely<Database>, workspaceId: string, filters: CustomerFilters, day: Day) {
  // Without a filter on them, counting needs no health or risk row.
  return (needsScores(filters) ? matching(db, workspaceId, filters, day) : withoutScores(db, workspaceId, filters, day)).select((eb) => eb.fn.countAll<string | number>().as('n'));
}

/** How many customers match the filters: the list's true length, whatever page is shown. */
export async function countCustomerSummaries(db: Kysely<Database>, workspaceId: string, filters: CustomerFilters, day: Day): Promise<number> {
  const row = await customerCountQuery(db, workspaceId, filters, day).executeTakeFirstOrThrow();
  return Number(row.n);
}

type ListOptions = { filters: CustomerFilters; sort: CustomerSort; limit: number; cursor?: CustomerCursor | null; only?: string; day: Day };

/** The statement reading one page of the list, one row more than the page to know whether
 *  another follows (exported for EXPLAIN in tests). */
export function customerListQuery(db: Kysely<Database>, workspaceId: string, options: ListOptions) {
  const field = options.sort.replace('-', '') as keyof typeof SORT_KEYS;
  const desc = options.sort.startsWith('-');
  const key = (options.filters.q ? SEARCH_SORT_KEYS : SORT_KEYS)[field];
  // The plan's current product name (a product renamed since the summary was written).
  let query = matching(db, workspaceId, options.filters, options.day, options.only)
    .selectAll('customer_summaries')
    .select([
      key.as('sort_key'), 'products.name as product_name',
      'h.score as health_score', 'h.band as health_band', 'h.partial as health_partial', 'h.day as health_day',
      'r.probability as risk_probability', 'r.day as risk_day',
    ]);
  const cursor = options.cursor;
  if (cursor) {
    const after: Expression<SqlBool> = desc
      ? sql<SqlBool>`(${key}, customer_summaries.customer_id) < (${cursor.k}, ${cursor.id})`
      : sql<SqlBool>`(${key}, customer_summaries.customer_id) > (${cursor.k}, ${cursor.id})`;
    query = query.where(after);
  }
  return query
    .orderBy(key, desc ? 'desc' : 'asc')
    .orderBy('customer_summaries.customer_id', desc ? 'desc' : 'asc')
    .limit(options.limit + 1);
}

export async function listCustomerSummaries(db: Kysely<Database>, workspaceId: string, options: ListOptions): Promise<{ items: CustomerListItem[]; next: CustomerCursor | null }> {
  const rows = await customerListQuery(db, workspaceId, options).execute();
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
    health: r.health_day === null || r.health_day === undefined ? null : { score: r.health_score ?? null, band: r.health_band ?? null, partial: r.health_partial ?? false, day: r.health_day },
    risk: r.risk_day === null || r.risk_day === undefined || r.risk_probability === null || r.risk_probability === undefined ? null : { probability: Number(r.risk_probability), day: r.risk_day },
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

/** The customer's latest invoices created by `at` (of every customer of its identity group) (newest first, at most 100). */
export async function invoicesOf(db: Kysely<Database>, workspaceId: string, customerIds: readonly string[], at: Date) {
  return db.selectFrom('invoices').select(['invoice_id', 'status', 'currency', 'total', 'amount_paid', 'subscription_id', 'created_at', 'record'])
    .where('workspace_id', '=', workspaceId).where('customer_id', 'in', [...customerIds]).where('created_at', '<=', at)
    .orderBy('created_at', 'desc').limit(LIST_LIMIT).execute();
}

/** The customer's latest payments created by `at` (of every customer of its identity group) (newest first, at most 100). */
export async function paymentsOf(db: Kysely<Database>, workspaceId: string, customerIds: readonly string[], at: Date) {
  return db.selectFrom('payments').select(['payment_id', 'invoice_id', 'status', 'currency', 'amount', 'amount_refunded', 'failure_code', 'created_at', 'record'])
    .where('workspace_id', '=', workspaceId).where('customer_id', 'in', [...customerIds]).where('created_at', '<=', at)
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

/** Every customer matching the filters with what a segment's figures need: MRR (reporting
 *  currency), the latest health band and churn probability on or before `day`. */
export async function matchingCustomerFacts(db: Kysely<Database>, workspaceId: string, filters: CustomerFilters, day: Day): Promise<{ customerId: string; mrr: number; band: HealthBand | null; risk: number | null }[]> {
  const rows = await matching(db, workspaceId, filters, day).select(['customer_summaries.customer_id', 'mrr_sort', 'h.band', 'r.probability']).execute();
  return rows.map((r) => ({ customerId: r.customer_id, mrr: Number(r.mrr_sort), band: r.band ?? null, risk: r.probability === null || r.probability === undefined ? null : Number(r.probability) }));
}
