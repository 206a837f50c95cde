// The demo's product signals in the store (issue 13, demo): the billing facts they are derived
// from, read back after the Stripe events are ingested, and the bulk writes of the generated
// accounts, users, daily roll-ups, tickets, NPS answers and plan limits. Rows go as arrays
// (`unnest`), tens of thousands per statement, because the first start must stay fast. Days
// travel as day numbers (days since 1970-01-01) and instants as unix seconds.
import { sql, type Kysely, type Transaction } from 'kysely';
import { chunks } from './batches.js';
import type { Database } from './schema.js';

export type DemoSignalLoad = { seed: number; windowStart: string; loadedUntil: number };

export type DemoCustomerFacts = {
  customerId: string;
  name: string | null;
  email: string | null;
  createdAt: number | null;
  /** The product's `metadata.plan` of the latest subscription, and that subscription's facts. */
  planKey: string | null;
  quantity: number | null;
  status: string | null;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: number | null;
};
export type DemoSpellFacts = { customerId: string; start: string; end: string | null };
export type DemoTrialFacts = { customerId: string; start: string; end: string | null; converted: boolean };
export type DemoBillingFacts = {
  customers: DemoCustomerFacts[];
  payingSpells: DemoSpellFacts[];
  trials: DemoTrialFacts[];
  /** Product id by `metadata.plan` (the plans the limits are for). */
  planProducts: Map<string, string>;
};

export type DemoAccountRow = { accountId: string; name: string; traits: Record<string, unknown>; customerId: string | null; linkRule: 'customer_id' | 'email_domain' | null; firstSeenAt: number; lastSeenAt: number };
export type DemoUserRow = { userId: string; accountId: string; email: string; traits: Record<string, unknown>; firstSeenAt: number; lastSeenAt: number };
export type DemoUsageRow = { accountId: string; day: number; event: string; events: number; quantity: number; users: number; userIds: readonly string[] };
export type DemoActivityRow = { accountId: string; userId: string; day: number; events: number };
export type DemoTicketRow = { ticketId: string; customerId: string; accountId: string; email: string; subject: string; status: string; priority: string; openedAt: number; firstResponseAt: number | null; closedAt: number | null; satisfaction: number | null };
export type DemoSurveyRow = { responseId: string; customerId: string; accountId: string; email: string; score: number; comment: string | null; respondedAt: number };
export type DemoLimitRow = { planId: string; metric: string; limit: number; period: string };

export type DemoSignalWrite = {
  accounts: readonly DemoAccountRow[];
  users: readonly DemoUserRow[];
  usage: readonly DemoUsageRow[];
  /** The days whose users per event are written too (usage_daily_users): the ones live tracking may add to. */
  exactUsersFrom: number;
  activity: readonly DemoActivityRow[];
  tickets: readonly DemoTicketRow[];
  surveys: readonly DemoSurveyRow[];
  limits: readonly DemoLimitRow[];
  load: DemoSignalLoad;
};

export type DemoSignalCounts = Record<'accounts' | 'users' | 'usage' | 'usageUsers' | 'activity' | 'tickets' | 'surveys' | 'limits', number>;

const BATCH = 20_000;

export async function findDemoSignalLoad(db: Kysely<Database>, workspaceId: string): Promise<DemoSignalLoad | null> {
  const row = await db.selectFrom('demo_signal_loads').select(['seed', 'window_start', 'loaded_until']).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row ? { seed: row.seed, windowStart: row.window_start, loadedUntil: Math.floor(new Date(row.loaded_until).getTime() / 1000) } : null;
}

/** The latest provider event of the workspace (unix seconds): how far its billing story is known. */
export async function latestBillingEvent(db: Kysely<Database>, workspaceId: string): Promise<number | null> {
  const row = await db.selectFrom('raw_events').select((eb) => eb.fn.max('event_created').as('last')).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row?.last ? Math.floor(new Date(row.last).getTime() / 1000) : null;
}

/** True when events of the workspace still wait for the ingest worker. */
export async function billingIngestPending(db: Kysely<Database>, workspaceId: string): Promise<boolean> {
  const row = await db.selectFrom('raw_events').select('event_id').where('workspace_id', '=', workspaceId).where('processed_at', 'is', null).where('dead_at', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The people of demo accounts whose customer uses the product now (the live pulse's cast). */
export async function activeDemoPeople(db: Kysely<Database>, workspaceId: string): Promise<{ userId: string; accountId: string }[]> {
  const rows = await db.selectFrom('cs_users as u')
    .innerJoin('cs_accounts as a', (join) => join.onRef('a.workspace_id', '=', 'u.workspace_id').onRef('a.account_id', '=', 'u.account_id'))
    .innerJoin('customer_summaries as s', (join) => join.onRef('s.workspace_id', '=', 'a.workspace_id').onRef('s.customer_id', '=', 'a.customer_id'))
    .select(['u.user_id', 'u.account_id'])
    .where('u.workspace_id', '=', workspaceId)
    .where('s.status', 'in', ['active', 'trialing', 'past_due'])
    .orderBy('u.user_id')
    .execute();
  return rows.flatMap((r) => (r.account_id ? [{ userId: r.user_id, accountId: r.account_id }] : []));
}

export async function readDemoBillingFacts(db: Kysely<Database>, workspaceId: string): Promise<DemoBillingFacts> {
  const customers = await sql<{ customer_id: string; name: string | null; email: string | null; created_at: Date | string | null; plan_key: string | null; quantity: number | null; status: string | null; cape: boolean | null; cpe: number | string | null }>`
    select c.customer_id, c.name, c.email, c.created_at, p.record->'metadata'->>'plan' as plan_key,
      (s.state->'items'->0->>'quantity')::int as quantity, s.state->>'status' as status,
      (s.state->>'cancelAtPeriodEnd')::boolean as cape, (s.state->>'currentPeriodEnd')::bigint as cpe
    from customers c
    left join lateral (
      select state from subscription_snapshots ss
      where ss.workspace_id = c.workspace_id and ss.customer_id = c.customer_id
      order by ss.effective_at desc, ss.event_id desc limit 1
    ) s on true
    left join products p on p.workspace_id = c.workspace_id and p.product_id = s.state->'items'->0->>'productId'
    where c.workspace_id = ${workspaceId} and not c.deleted
    order by c.customer_id`.execute(db);
  const spells = await db.selectFrom('paying_spells').select(['customer_id', 'start_day', 'end_day']).where('workspace_id', '=', workspaceId).execute();
  const trials = await db.selectFrom('trials').select(['customer_id', 'started_day', 'converted_day', 'ended_day', 'trial_end_day']).where('workspace_id', '=', workspaceId).execute();
  const products = await sql<{ product_id: string; plan_key: string | null }>`
    select product_id, record->'metadata'->>'plan' as plan_key from products where workspace_id = ${workspaceId}`.execute(db);
  return {
    customers: customers.rows.map((r) => ({
      customerId: r.customer_id, name: r.name, email: r.email,
      createdAt: r.created_at ? Math.floor(new Date(r.created_at).getTime() / 1000) : null,
      planKey: r.plan_key, quantity: r.quantity, status: r.status, cancelAtPeriodEnd: r.cape ?? false,
      currentPeriodEnd: r.cpe === null ? null : Number(r.cpe),
    })),
    payingSpells: spells.map((r) => ({ customerId: r.customer_id, start: r.start_day, end: r.end_day })),
    trials: trials.map((r) => ({
      customerId: r.customer_id, start: r.started_day, converted: r.converted_day !== null,
      // A trial is used until it converts, ends, or (not ended yet) its due end.
      end: r.converted_day ?? r.ended_day ?? null,
    })),
    planProducts: new Map(products.rows.flatMap((r) => (r.plan_key ? [[r.plan_key, r.product_id] as const] : []))),
  };
}

/** No row of the workspace in `table` yet: a plain insert (no conflict arbitration) is safe and faster. */
async function empty(trx: Transaction<Database>, workspaceId: string, table: 'usage_daily' | 'user_activity_daily' | 'usage_daily_users'): Promise<boolean> {
  const row = await trx.selectFrom(table).select('workspace_id').where('workspace_id', '=', workspaceId).limit(1).executeTakeFirst();
  return row === undefined;
}

const onConflict = (fresh: boolean) => (fresh ? sql`` : sql`on conflict do nothing`);

async function writeAccounts(trx: Transaction<Database>, workspaceId: string, rows: readonly DemoAccountRow[]): Promise<number> {
  let n = 0;
  for (const b of chunks(rows, BATCH)) {
    const result = await sql`
      insert into cs_accounts (workspace_id, account_id, name, traits, customer_id, link_rule, first_seen_at, last_seen_at)
      select ${workspaceId}, a, nm, tr::jsonb, c, lr, to_timestamp(f), to_timestamp(l)
      from unnest(${b.map((r) => r.accountId)}::text[], ${b.map((r) => r.name)}::text[], ${b.map((r) => JSON.stringify(r.traits))}::text[],
        ${b.map((r) => r.customerId)}::text[], ${b.map((r) => r.linkRule)}::text[], ${b.map((r) => r.firstSeenAt)}::float8[], ${b.map((r) => r.lastSeenAt)}::float8[]) as t(a, nm, tr, c, lr, f, l)
      on conflict (workspace_id, account_id) do update set last_seen_at = greatest(cs_accounts.last_seen_at, excluded.last_seen_at)`.execute(trx);
    n += Number(result.numAffectedRows ?? 0);
  }
  return n;
}

async function writeUsers(trx: Transaction<Database>, workspaceId: string, rows: readonly DemoUserRow[]): Promise<number> {
  let n = 0;
  for (const b of chunks(rows, BATCH)) {
    const result = await sql`
      insert into cs_users (workspace_id, user_id, account_id, email, traits, first_seen_at, last_seen_at)
      select ${workspaceId}, u, a, e, tr::jsonb, to_timestamp(f), to_timestamp(l)
      from unnest(${b.map((r) => r.userId)}::text[], ${b.map((r) => r.accountId)}::text[], ${b.map((r) => r.email)}::text[],
        ${b.map((r) => JSON.stringify(r.traits))}::text[], ${b.map((r) => r.firstSeenAt)}::float8[], ${b.map((r) => r.lastSeenAt)}::float8[]) as t(u, a, e, tr, f, l)
      on conflict (workspace_id, user_id) do update set last_seen_at = greatest(cs_users.last_seen_at, excluded.last_seen_at)`.execute(trx);
    n += Number(result.numAffectedRows ?? 0);
  }
  return n;
}

/** In primary-key order, so the index grows at its right edge instead of splitting pages all over. */
function byKey<T extends { accountId: string; day: number }>(rows: readonly T[], rest: (row: T) => string): T[] {
  return [...rows].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.day - b.day || (rest(a) < rest(b) ? -1 : rest(a) > rest(b) ? 1 : 0)));
}

async function writeUsage(trx: Transaction<Database>, workspaceId: string, unsorted: readonly DemoUsageRow[], exactUsersFrom: number): Promise<[number, number]> {
  const rows = byKey(unsorted, (r) => r.event);
  let n = 0;
  let exact = 0;
  const fresh = await empty(trx, workspaceId, 'usage_daily');
  const freshUsers = await empty(trx, workspaceId, 'usage_daily_users');
  for (const b of chunks(rows, BATCH)) {
    const result = await sql`
      insert into usage_daily (workspace_id, account_id, day, event, events, quantity, users)
      select ${workspaceId}, a, date '1970-01-01' + d, e, n, q, u
      from unnest(${b.map((r) => r.accountId)}::text[], ${b.map((r) => r.day)}::int[], ${b.map((r) => r.event)}::text[],
        ${b.map((r) => r.events)}::int[], ${b.map((r) => r.quantity)}::float8[], ${b.map((r) => r.users)}::int[]) as t(a, d, e, n, q, u)
      ${onConflict(fresh)}`.execute(trx);
    n += Number(result.numAffectedRows ?? 0);
  }
  const who = rows.filter((r) => r.day >= exactUsersFrom).flatMap((r) => r.userIds.map((userId) => ({ r, userId })));
  for (const b of chunks(who, BATCH)) {
    const result = await sql`
      insert into usage_daily_users (workspace_id, account_id, day, event, user_id)
      select ${workspaceId}, a, date '1970-01-01' + d, e, u
      from unnest(${b.map((x) => x.r.accountId)}::text[], ${b.map((x) => x.r.day)}::int[], ${b.map((x) => x.r.event)}::text[], ${b.map((x) => x.userId)}::text[]) as t(a, d, e, u)
      ${onConflict(freshUsers)}`.execute(trx);
    exact += Number(result.numAffectedRows ?? 0);
  }
  return [n, exact];
}

async function writeActivity(trx: Transaction<Database>, workspaceId: string, unsorted: readonly DemoActivityRow[]): Promise<number> {
  // The key is (account, day, user).
  const rows = byKey(unsorted, (r) => r.userId);
  let n = 0;
  const fresh = await empty(trx, workspaceId, 'user_activity_daily');
  for (const b of chunks(rows, BATCH)) {
    const result = await sql`
      insert into user_activity_daily (workspace_id, account_id, user_id, day, events)
      select ${workspaceId}, a, u, date '1970-01-01' + d, n
      from unnest(${b.map((r) => r.accountId)}::text[], ${b.map((r) => r.userId)}::text[], ${b.map((r) => r.day)}::int[], ${b.map((r) => r.events)}::int[]) as t(a, u, d, n)
      ${onConflict(fresh)}`.execute(trx);
    n += Number(result.numAffectedRows ?? 0);
  }
  return n;
}

/** Tickets are upserted: drawn again with a later end, an open one moves on (demo tickets only). */
async function writeTickets(trx: Transaction<Database>, workspaceId: string, rows: readonly DemoTicketRow[]): Promise<number> {
  let n = 0;
  for (const b of chunks(rows, BATCH)) {
    const result = await sql`
      insert into support_tickets (workspace_id, ticket_id, customer_id, account_id, email, subject, status, priority, opened_at, first_response_at, closed_at, satisfaction, source)
      select ${workspaceId}, id, c, a, e, s, st, p, to_timestamp(o), to_timestamp(fr), to_timestamp(cl), sat, 'demo'
      from unnest(${b.map((r) => r.ticketId)}::text[], ${b.map((r) => r.customerId)}::text[], ${b.map((r) => r.accountId)}::text[], ${b.map((r) => r.email)}::text[],
        ${b.map((r) => r.subject)}::text[], ${b.map((r) => r.status)}::text[], ${b.map((r) => r.priority)}::text[], ${b.map((r) => r.openedAt)}::float8[],
        ${b.map((r) => r.firstResponseAt)}::float8[], ${b.map((r) => r.closedAt)}::float8[], ${b.map((r) => r.satisfaction)}::int[]) as t(id, c, a, e, s, st, p, o, fr, cl, sat)
      on conflict (workspace_id, ticket_id) do update set status = excluded.status, first_response_at = excluded.first_response_at,
        closed_at = excluded.closed_at, satisfaction = excluded.satisfaction, updated_at = now()
      where support_tickets.source = 'demo' and (support_tickets.status, support_tickets.first_response_at, support_tickets.closed_at)
        is distinct from (excluded.status, excluded.first_response_at, excluded.closed_at)`.execute(trx);
    n += Number(result.numAffectedRows ?? 0);
  }
  return n;
}

async function writeSurveys(trx: Transaction<Database>, workspaceId: string, rows: readonly DemoSurveyRow[]): Promise<number> {
  let n = 0;
  for (const b of chunks(rows, BATCH)) {
    const result = await sql`
      insert into survey_responses (workspace_id, response_id, kind, customer_id, account_id, email, score, comment, responded_at, source)
      select ${workspaceId}, id, 'nps', c, a, e, s, cm, to_timestamp(r), 'demo'
      from unnest(${b.map((r) => r.responseId)}::text[], ${b.map((r) => r.customerId)}::text[], ${b.map((r) => r.accountId)}::text[], ${b.map((r) => r.email)}::text[],
        ${b.map((r) => r.score)}::int[], ${b.map((r) => r.comment)}::text[], ${b.map((r) => r.respondedAt)}::float8[]) as t(id, c, a, e, s, cm, r)
      on conflict do nothing`.execute(trx);
    n += Number(result.numAffectedRows ?? 0);
  }
  return n;
}

/** Limits a person has set stay as they are. */
async function writeLimits(trx: Transaction<Database>, workspaceId: string, rows: readonly DemoLimitRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await trx.insertInto('plan_limits')
    .values(rows.map((r) => ({ workspace_id: workspaceId, plan_id: r.planId, metric: r.metric, limit_value: r.limit, period: r.period as 'day' | 'month' | 'rolling_30_days' })))
    .onConflict((oc) => oc.columns(['workspace_id', 'plan_id', 'metric']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Writes the generated signals and how far they reach, in one transaction; returns the rows written per table. */
export async function writeDemoSignals(db: Kysely<Database>, workspaceId: string, w: DemoSignalWrite): Promise<DemoSignalCounts> {
  return db.transaction().execute(async (trx) => {
    const accounts = await writeAccounts(trx, workspaceId, w.accounts);
    const users = await writeUsers(trx, workspaceId, w.users);
    const [usage, usageUsers] = await writeUsage(trx, workspaceId, w.usage, w.exactUsersFrom);
    const activity = await writeActivity(trx, workspaceId, w.activity);
    const tickets = await writeTickets(trx, workspaceId, w.tickets);
    const surveys = await writeSurveys(trx, workspaceId, w.surveys);
    const limits = await writeLimits(trx, workspaceId, w.limits);
    await trx.insertInto('demo_signal_loads')
      .values({ workspace_id: workspaceId, seed: w.load.seed, window_start: w.load.windowStart, loaded_until: new Date(w.load.loadedUntil * 1000) })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ loaded_until: new Date(w.load.loadedUntil * 1000), updated_at: new Date() }))
      .execute();
    return { accounts, users, usage, usageUsers, activity, tickets, surveys, limits };
  });
}
