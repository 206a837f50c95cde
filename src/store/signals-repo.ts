// The tracking messages (signal_events: every message exactly once, as received) and the daily
// roll-ups folded from them (usage_daily, usage_daily_users, user_activity_daily). The roll-up
// queue is signal_events itself: rows not rolled up and not held. Large writes pass their rows as
// one JSON parameter (cheaper to parse than thousands of bound values), sorted by key so that two
// writers lock rows in the same order.
import { sql, type Kysely, type Transaction } from 'kysely';
import { scrubIncoming } from './erased-customers-repo.js';
import type { Database } from './schema.js';
import type { SignalType } from './schema-success.js';
import type { SignalDropReason } from './schema-tracking.js';

type Db = Kysely<Database> | Transaction<Database>;

export type SignalEventRow = {
  workspaceId: string;
  messageId: string;
  type: SignalType;
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  groupId: string | null;
  occurredAt: Date;
  receivedAt: Date;
  payload: Record<string, unknown>;
};

const json = (rows: unknown[]) => JSON.stringify(rows);

/** Stores the messages not seen before (by workspace and messageId); returns how many were new. */
export async function insertSignalEvents(db: Db, incoming: readonly SignalEventRow[]): Promise<number> {
  if (incoming.length === 0) return 0;
  // GDPR: a message naming a customer erased earlier is stored with their personal data scrubbed.
  const rows = await scrubIncoming(db, incoming, (r) => ({ payload: r.payload, sourceId: null }), (r, payload) => ({ ...r, payload: payload as Record<string, unknown> }));
  const data = rows.map((r) => ({
    workspace_id: r.workspaceId, message_id: r.messageId, type: r.type, event: r.event, user_id: r.userId, anonymous_id: r.anonymousId,
    group_id: r.groupId, occurred_at: r.occurredAt.toISOString(), received_at: r.receivedAt.toISOString(), payload: r.payload,
  }));
  const result = await sql`
    insert into signal_events (workspace_id, message_id, type, event, user_id, anonymous_id, group_id, occurred_at, received_at, payload)
    select workspace_id, message_id, type, event, user_id, anonymous_id, group_id, occurred_at, received_at, payload
    from jsonb_to_recordset(${json(data)}::jsonb) as x(workspace_id text, message_id text, type text, event text, user_id text,
      anonymous_id text, group_id text, occurred_at timestamptz, received_at timestamptz, payload jsonb)
    on conflict (workspace_id, message_id) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export type ClaimedSignal = Omit<SignalEventRow, 'receivedAt'>;

/** Up to `limit` messages waiting to be rolled up, oldest received first, locked for this
 *  transaction; rows another transaction holds are skipped (SKIP LOCKED), so two roll-ups never
 *  take the same message. */
export async function claimSignals(trx: Transaction<Database>, limit: number): Promise<ClaimedSignal[]> {
  const result = await sql<{ workspace_id: string; message_id: string; type: SignalType; event: string | null; user_id: string | null; anonymous_id: string | null; group_id: string | null; occurred_at: Date; payload: Record<string, unknown> }>`
    select workspace_id, message_id, type, event, user_id, anonymous_id, group_id, occurred_at, payload
    from signal_events
    where rolled_up_at is null and held_at is null
    order by received_at, workspace_id, message_id
    limit ${limit}
    for update skip locked`.execute(trx);
  return result.rows.map((r) => ({
    workspaceId: r.workspace_id, messageId: r.message_id, type: r.type, event: r.event, userId: r.user_id, anonymousId: r.anonymous_id,
    groupId: r.group_id, occurredAt: new Date(r.occurred_at), payload: r.payload,
  }));
}

export type SignalKey = { workspaceId: string; messageId: string };
export type SignalOutcome = SignalKey & ({ outcome: 'counted' } | { outcome: 'held' } | { outcome: 'dropped'; reason: SignalDropReason });

/** Marks each claimed message: counted or dropped (rolled up, never claimed again) or held. */
export async function markSignals(trx: Transaction<Database>, outcomes: readonly SignalOutcome[], at: Date): Promise<void> {
  if (outcomes.length === 0) return;
  const data = outcomes.map((o) => ({ workspace_id: o.workspaceId, message_id: o.messageId, held: o.outcome === 'held', reason: o.outcome === 'dropped' ? o.reason : null }));
  await sql`
    update signal_events s set
      rolled_up_at = case when x.held then null else ${at.toISOString()}::timestamptz end,
      held_at = case when x.held then ${at.toISOString()}::timestamptz else null end,
      drop_reason = x.reason
    from jsonb_to_recordset(${json(data)}::jsonb) as x(workspace_id text, message_id text, held boolean, reason text)
    where s.workspace_id = x.workspace_id and s.message_id = x.message_id`.execute(trx);
}

/** Puts the held messages of these users back in the queue (they now belong to an account). */
export async function releaseHeld(db: Db, users: ReadonlyArray<{ workspaceId: string; userId: string }>): Promise<number> {
  if (users.length === 0) return 0;
  const data = users.map((u) => ({ workspace_id: u.workspaceId, user_id: u.userId }));
  const result = await sql`
    update signal_events s set held_at = null
    from jsonb_to_recordset(${json(data)}::jsonb) as x(workspace_id text, user_id text)
    where s.workspace_id = x.workspace_id and s.user_id = x.user_id and s.rolled_up_at is null and s.held_at is not null`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The held messages' upkeep: releases those whose user has an account by now (a group call that
 *  raced with the hold), and drops those received before `heldSince` or beyond `cap` per
 *  workspace (the oldest first). */
export async function sweepHeld(db: Db, input: { now: Date; heldSince: Date; cap: number }): Promise<{ released: number; dropped: number }> {
  const released = await sql`
    update signal_events s set held_at = null
    from cs_users u
    where s.rolled_up_at is null and s.held_at is not null
      and u.workspace_id = s.workspace_id and u.user_id = s.user_id and u.account_id is not null`.execute(db);
  const old = await sql`
    update signal_events set rolled_up_at = ${input.now.toISOString()}::timestamptz, held_at = null, drop_reason = 'held_too_long'
    where rolled_up_at is null and held_at is not null and received_at < ${input.heldSince.toISOString()}::timestamptz`.execute(db);
  const over = await sql`
    update signal_events s set rolled_up_at = ${input.now.toISOString()}::timestamptz, held_at = null, drop_reason = 'held_over_cap'
    from (
      select workspace_id, message_id from (
        select workspace_id, message_id, row_number() over (partition by workspace_id order by received_at desc, message_id desc) as n
        from signal_events where rolled_up_at is null and held_at is not null
      ) ranked where n > ${input.cap}
    ) d
    where s.workspace_id = d.workspace_id and s.message_id = d.message_id`.execute(db);
  return { released: Number(released.numAffectedRows ?? 0), dropped: Number(old.numAffectedRows ?? 0) + Number(over.numAffectedRows ?? 0) };
}

export type UsageKey = { workspaceId: string; accountId: string; day: string; event: string };
export type UsageIncrement = UsageKey & { events: number; quantity: number };
export type UsageUser = UsageKey & { userId: string };
export type ActivityIncrement = { workspaceId: string; accountId: string; userId: string; day: string; events: number };

const usageKey = (k: UsageKey) => `${k.workspaceId}\u0001${k.accountId}\u0001${k.day}\u0001${k.event}`;
const byKey = <T>(key: (row: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * Adds a batch's usage: the (account, day, event, user) sets first — only the pairs not there
 * yet are new users of that event that day — then the counters, users raised by the new pairs.
 * Exact under replays and re-runs: a pair is inserted once, whatever the batch it came in.
 */
export async function addUsage(trx: Transaction<Database>, increments: readonly UsageIncrement[], users: readonly UsageUser[]): Promise<void> {
  const newUsers = new Map<string, number>();
  if (users.length > 0) {
    const data = [...users].sort(byKey((u: UsageUser) => `${usageKey(u)}\u0001${u.userId}`)).map((u) => ({ workspace_id: u.workspaceId, account_id: u.accountId, day: u.day, event: u.event, user_id: u.userId }));
    const inserted = await sql<{ workspace_id: string; account_id: string; day: string; event: string }>`
      insert into usage_daily_users (workspace_id, account_id, day, event, user_id)
      select workspace_id, account_id, day, event, user_id
      from jsonb_to_recordset(${json(data)}::jsonb) as x(workspace_id text, account_id text, day date, event text, user_id text)
      on conflict do nothing
      returning workspace_id, account_id, day::text as day, event`.execute(trx);
    for (const r of inserted.rows) {
      const key = usageKey({ workspaceId: r.workspace_id, accountId: r.account_id, day: r.day, event: r.event });
      newUsers.set(key, (newUsers.get(key) ?? 0) + 1);
    }
  }
  if (increments.length === 0) return;
  const data = [...increments].sort(byKey(usageKey)).map((i) => ({
    workspace_id: i.workspaceId, account_id: i.accountId, day: i.day, event: i.event, events: i.events, quantity: i.quantity, users: newUsers.get(usageKey(i)) ?? 0,
  }));
  await sql`
    insert into usage_daily (workspace_id, account_id, day, event, events, quantity, users)
    select workspace_id, account_id, day, event, events, quantity, users
    from jsonb_to_recordset(${json(data)}::jsonb) as x(workspace_id text, account_id text, day date, event text, events bigint, quantity double precision, users integer)
    on conflict (workspace_id, account_id, day, event) do update set
      events = usage_daily.events + excluded.events,
      quantity = usage_daily.quantity + excluded.quantity,
      users = usage_daily.users + excluded.users`.execute(trx);
}

/** Adds a batch's per-user activity (events per account, user and day). */
export async function addActivity(trx: Transaction<Database>, increments: readonly ActivityIncrement[]): Promise<void> {
  if (increments.length === 0) return;
  const data = [...increments]
    .sort(byKey((a: ActivityIncrement) => `${a.workspaceId}\u0001${a.accountId}\u0001${a.day}\u0001${a.userId}`))
    .map((a) => ({ workspace_id: a.workspaceId, account_id: a.accountId, user_id: a.userId, day: a.day, events: a.events }));
  await sql`
    insert into user_activity_daily (workspace_id, account_id, user_id, day, events)
    select workspace_id, account_id, user_id, day, events
    from jsonb_to_recordset(${json(data)}::jsonb) as x(workspace_id text, account_id text, user_id text, day date, events integer)
    on conflict (workspace_id, account_id, day, user_id) do update set events = user_activity_daily.events + excluded.events`.execute(trx);
}

/** How many messages wait for the roll-up (held ones apart), and since when the oldest. */
export async function signalBacklog(db: Db, workspaceId?: string): Promise<{ pending: number; held: number; oldestReceivedAt: Date | null }> {
  const row = await sql<{ pending: number | string; held: number | string; oldest: Date | null }>`
    select count(*) filter (where held_at is null) as pending, count(*) filter (where held_at is not null) as held,
      min(received_at) filter (where held_at is null) as oldest
    from signal_events where rolled_up_at is null ${workspaceId ? sql`and workspace_id = ${workspaceId}` : sql``}`.execute(db);
  const r = row.rows[0];
  return { pending: Number(r?.pending ?? 0), held: Number(r?.held ?? 0), oldestReceivedAt: r?.oldest ? new Date(r.oldest) : null };
}
