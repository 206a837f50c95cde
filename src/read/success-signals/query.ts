// The SQL behind CustomerSignals: one grouped query per kind of signal over every customer of a
// workspace (or a given list), never one per customer. Each is bounded by the day and the cut-off
// instant the caller passes (the end of the day, or the as-of instant when earlier): nothing
// dated after them counts. Windows are given as day strings the caller computed; date columns
// come back as YYYY-MM-DD strings (src/store/db.ts).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Day } from '../../core/dates.js';
import type { Database } from '../../store/schema.js';

export type Scope = { workspaceId: string; customerIds: readonly string[] | null };
/** The day read and its windows: [from30, day] is the last 30 days, [from60, from30) the 30 before. */
export type Window = { day: Day; cutoff: Date; from7: Day; from14: Day; from30: Day; from60: Day; from90: Day; day30Ago: Day };

const num = (v: string | number | null) => (v === null ? 0 : Number(v));
const iso = (t: Date) => t.toISOString();

function only(column: RawBuilder<unknown>, scope: Scope) {
  if (scope.customerIds === null) return sql``;
  if (scope.customerIds.length === 0) return sql`and false`;
  return sql`and ${column} in (${sql.join(scope.customerIds)})`;
}

/** For a batch of customers, limits a signal table to their linked accounts, so the lookup uses
 *  the (workspace_id, account_id, day, …) key instead of scanning the whole window's rows. */
function onlyAccounts(column: RawBuilder<unknown>, scope: Scope) {
  if (scope.customerIds === null) return sql``;
  if (scope.customerIds.length === 0) return sql`and false`;
  return sql`and ${column} in (select account_id from cs_accounts where workspace_id = ${scope.workspaceId} and customer_id in (${sql.join(scope.customerIds)}))`;
}

/** The customers that exist by the day: a subscription started or the customer record created. */
export async function customersAt(db: Kysely<Database>, scope: Scope, w: Window) {
  const rows = await sql<{ customer_id: string; plan_id: string | null; as_of_day: string }>`
    select customer_id, plan_id, as_of_day from customer_summaries
    where workspace_id = ${scope.workspaceId} and not deleted
      and (signup_day <= ${w.day} or customer_created_at <= ${iso(w.cutoff)}::timestamptz)
      ${only(sql`customer_id`, scope)}
    order by customer_id`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, summaryPlanId: r.plan_id, summaryDay: r.as_of_day }));
}

export async function reportingCurrency(db: Kysely<Database>, workspaceId: string): Promise<string> {
  const row = await db.selectFrom('workspaces').select('reporting_currency').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row?.reporting_currency ?? 'usd';
}

/** Each customer's native MRR per currency at the end of `day` (its latest ledger row). */
export async function mrrLevels(db: Kysely<Database>, scope: Scope, day: Day) {
  const rows = await sql<{ customer_id: string; currency: string; mrr: string | number }>`
    select distinct on (customer_id, currency) customer_id, currency, mrr from ledger_entries
    where workspace_id = ${scope.workspaceId} and day <= ${day} ${only(sql`customer_id`, scope)}
    order by customer_id, currency, day desc`.execute(db);
  return rows.rows.filter((r) => num(r.mrr) !== 0).map((r) => ({ customerId: r.customer_id, currency: r.currency, mrr: num(r.mrr) }));
}

/** Each customer's MRR per plan and currency at the end of `day` (the plan ledger), non-zero. */
export async function planLevels(db: Kysely<Database>, scope: Scope, day: Day) {
  const rows = await sql<{ customer_id: string; plan_id: string; currency: string; mrr: string | number }>`
    select distinct on (customer_id, plan_id, currency) customer_id, plan_id, currency, mrr from plan_ledger_entries
    where workspace_id = ${scope.workspaceId} and day <= ${day} ${only(sql`customer_id`, scope)}
    order by customer_id, plan_id, currency, day desc`.execute(db);
  return rows.rows.filter((r) => num(r.mrr) !== 0).map((r) => ({ customerId: r.customer_id, planId: r.plan_id, currency: r.currency, mrr: num(r.mrr) }));
}

/** The first day each customer paid, on or before `day`. */
export async function firstPaidDays(db: Kysely<Database>, scope: Scope, day: Day) {
  const rows = await sql<{ customer_id: string; first: string }>`
    select customer_id, min(start_day) as first from paying_spells
    where workspace_id = ${scope.workspaceId} and start_day <= ${day} ${only(sql`customer_id`, scope)}
    group by customer_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.customer_id, r.first]));
}

/** Trials active on `day` (started, and not yet ended, converted or past their end) and their end. */
export async function activeTrials(db: Kysely<Database>, scope: Scope, day: Day) {
  const rows = await sql<{ customer_id: string; trial_end_day: string | null }>`
    select customer_id, min(trial_end_day) as trial_end_day from trials
    where workspace_id = ${scope.workspaceId} and started_day <= ${day}
      and (trial_end_day is null or trial_end_day > ${day})
      and (converted_day is null or converted_day > ${day})
      and (ended_day is null or ended_day > ${day})
      ${only(sql`customer_id`, scope)}
    group by customer_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.customer_id, r.trial_end_day]));
}

/** Failed payment attempts over the last 30 days, and whether the latest attempt failed (a tie
 *  at the same instant reads as not failed). */
export async function paymentFacts(db: Kysely<Database>, scope: Scope, w: Window) {
  const rows = await sql<{ customer_id: string; failed30: number; last_failed: boolean }>`
    select customer_id,
      (count(*) filter (where status = 'failed' and created_at >= ${`${w.from30}T00:00:00Z`}::timestamptz))::int as failed30,
      coalesce(max(created_at) filter (where status = 'failed') > coalesce(max(created_at) filter (where status = 'succeeded'), '-infinity'::timestamptz), false) as last_failed
    from payments
    where workspace_id = ${scope.workspaceId} and customer_id is not null and status in ('succeeded', 'failed')
      and created_at <= ${iso(w.cutoff)}::timestamptz ${only(sql`customer_id`, scope)}
    group by customer_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.customer_id, { failed30: num(r.failed30), lastFailed: r.last_failed === true }]));
}

/** Customers with a live subscription carrying a discount in force at the cut-off (a one-off
 *  coupon applies to one invoice, so it does not count). The latest snapshot of each subscription
 *  is found on the primary key first and only those states are read: the materialised steps keep
 *  the planner from testing the discounts of every snapshot ever stored. */
export async function discountedCustomers(db: Kysely<Database>, scope: Scope, w: Window): Promise<Set<string>> {
  const at = Math.floor(w.cutoff.getTime() / 1000);
  const rows = await sql<{ customer_id: string }>`
    with latest as materialized (
      select distinct on (subscription_id) subscription_id, effective_at, event_id from subscription_snapshots
      where workspace_id = ${scope.workspaceId} and effective_at <= ${at} ${only(sql`customer_id`, scope)}
      order by subscription_id, effective_at desc, event_id desc),
    states as materialized (
      select s.customer_id, s.state from latest l
      join subscription_snapshots s on s.workspace_id = ${scope.workspaceId} and s.subscription_id = l.subscription_id
        and s.effective_at = l.effective_at and s.event_id = l.event_id)
    select distinct customer_id from states
    where state->>'status' in ('active', 'trialing', 'past_due', 'unpaid')
      and jsonb_typeof(state->'discounts') = 'array'
      and exists (select 1 from jsonb_array_elements(state->'discounts') d
        where d->>'duration' <> 'once' and coalesce((d->>'start')::bigint, 0) <= ${at}
          and (d->>'end' is null or (d->>'end')::bigint > ${at}))`.execute(db);
  return new Set(rows.rows.map((r) => r.customer_id));
}

/** Customers with a linked product account first seen by the cut-off (usage data exists). */
export async function linkedCustomers(db: Kysely<Database>, scope: Scope, w: Window): Promise<Set<string>> {
  const rows = await sql<{ customer_id: string }>`
    select distinct customer_id from cs_accounts
    where workspace_id = ${scope.workspaceId} and customer_id is not null and first_seen_at <= ${iso(w.cutoff)}::timestamptz
      ${only(sql`customer_id`, scope)}`.execute(db);
  return new Set(rows.rows.map((r) => r.customer_id));
}

export type UsageRow = {
  customerId: string; events30: number; eventsPrev30: number; events7: number; eventsPrev7: number;
  activeDays: number; features: string[]; lastDay: Day | null;
};

const track = sql`u.event not like '$%'`;

/** Per customer (the sum over its linked accounts): events over the last 60 days in windows,
 *  active days, the event names used and the latest active day in the window. Names starting
 *  with '$' are the roll-up's own ('$page' for page views): not features. */
export async function usageRows(db: Kysely<Database>, scope: Scope, w: Window): Promise<UsageRow[]> {
  const rows = await sql<{
    customer_id: string; events30: string | number; prev30: string | number; events7: string | number; prev7: string | number;
    active_days: number; features: string[] | null; last_day: string | null;
  }>`
    select a.customer_id,
      coalesce(sum(u.events) filter (where u.day >= ${w.from30} and ${track}), 0)::bigint as events30,
      coalesce(sum(u.events) filter (where u.day < ${w.from30} and ${track}), 0)::bigint as prev30,
      coalesce(sum(u.events) filter (where u.day >= ${w.from7} and ${track}), 0)::bigint as events7,
      coalesce(sum(u.events) filter (where u.day >= ${w.from14} and u.day < ${w.from7} and ${track}), 0)::bigint as prev7,
      (count(distinct u.day) filter (where u.day >= ${w.from30} and u.events > 0))::int as active_days,
      array_agg(distinct u.event) filter (where u.day >= ${w.from30} and u.events > 0 and ${track}) as features,
      max(u.day) filter (where u.events > 0) as last_day
    from usage_daily u
    join cs_accounts a on a.workspace_id = u.workspace_id and a.account_id = u.account_id
    where u.workspace_id = ${scope.workspaceId} and a.customer_id is not null
      and u.day >= ${w.from60} and u.day <= ${w.day} ${only(sql`a.customer_id`, scope)} ${onlyAccounts(sql`u.account_id`, scope)}
    group by a.customer_id`.execute(db);
  return rows.rows.map((r) => ({
    customerId: r.customer_id, events30: num(r.events30), eventsPrev30: num(r.prev30), events7: num(r.events7), eventsPrev7: num(r.prev7),
    activeDays: num(r.active_days), features: [...(r.features ?? [])].sort(), lastDay: r.last_day,
  }));
}

/** The latest day with events on or before `day`, for customers idle over the whole window: one
 *  backward probe of the primary key per linked account. */
export async function lastActiveDays(db: Kysely<Database>, workspaceId: string, customerIds: readonly string[], day: Day) {
  if (customerIds.length === 0) return new Map<string, Day>();
  const rows = await sql<{ customer_id: string; last_day: string }>`
    select a.customer_id, max(l.day) as last_day from cs_accounts a
    cross join lateral (
      select u.day from usage_daily u
      where u.workspace_id = a.workspace_id and u.account_id = a.account_id and u.day <= ${day} and u.events > 0
      order by u.day desc limit 1) l
    where a.workspace_id = ${workspaceId} and a.customer_id in (${sql.join(customerIds)})
    group by a.customer_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.customer_id, r.last_day]));
}

/** Distinct active users per customer in the last 30 days and in the 30 before (each account's
 *  users first, so the distinct count runs over a few rows per customer). */
export async function activeUsers(db: Kysely<Database>, scope: Scope, w: Window) {
  const rows = await sql<{ customer_id: string; users30: number; prev30: number }>`
    with seen as (
      select account_id, user_id, bool_or(day >= ${w.from30}) as recent, bool_or(day < ${w.from30}) as before
      from user_activity_daily
      where workspace_id = ${scope.workspaceId} and day >= ${w.from60} and day <= ${w.day} ${onlyAccounts(sql`account_id`, scope)}
      group by account_id, user_id)
    select a.customer_id,
      (count(distinct s.user_id) filter (where s.recent))::int as users30,
      (count(distinct s.user_id) filter (where s.before))::int as prev30
    from seen s
    join cs_accounts a on a.workspace_id = ${scope.workspaceId} and a.account_id = s.account_id
    where a.customer_id is not null ${only(sql`a.customer_id`, scope)}
    group by a.customer_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.customer_id, { users30: num(r.users30), prev30: num(r.prev30) }]));
}

/** Whether the workspace has any support ticket opened by the cut-off (a support feed). */
export async function hasSupportData(db: Kysely<Database>, workspaceId: string, w: Window): Promise<boolean> {
  const row = await db.selectFrom('support_tickets').select('ticket_id').where('workspace_id', '=', workspaceId)
    .where('opened_at', '<=', w.cutoff).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Per customer: tickets opened in the last 30 days, open (and urgent) at the cut-off, median
 *  hours to first response over the last 90 days, average satisfaction of the last 90 days. A
 *  closed ticket without a close time counts as closed (its close time is unknown). */
export async function supportRows(db: Kysely<Database>, scope: Scope, w: Window) {
  const cutoff = sql`${iso(w.cutoff)}::timestamptz`;
  const from30 = sql`${`${w.from30}T00:00:00Z`}::timestamptz`;
  const from90 = sql`${`${w.from90}T00:00:00Z`}::timestamptz`;
  const open = sql`(closed_at is null or closed_at > ${cutoff}) and not (status = 'closed' and closed_at is null)`;
  const rows = await sql<{ customer_id: string; opened30: number; open: number; open_urgent: number; median_hours: number | null; satisfaction: number | null }>`
    select customer_id,
      (count(*) filter (where opened_at >= ${from30}))::int as opened30,
      (count(*) filter (where ${open}))::int as open,
      (count(*) filter (where ${open} and priority in ('urgent', 'high')))::int as open_urgent,
      (percentile_cont(0.5) within group (order by extract(epoch from (first_response_at - opened_at)) / 3600.0)
        filter (where opened_at >= ${from90} and first_response_at is not null and first_response_at <= ${cutoff}))::float8 as median_hours,
      (avg(satisfaction) filter (where closed_at >= ${from90} and closed_at <= ${cutoff} and satisfaction is not null))::float8 as satisfaction
    from support_tickets
    where workspace_id = ${scope.workspaceId} and customer_id is not null and opened_at <= ${cutoff} ${only(sql`customer_id`, scope)}
    group by customer_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.customer_id, {
    opened30d: num(r.opened30), open: num(r.open), openUrgent: num(r.open_urgent),
    medianFirstResponseHours: r.median_hours === null ? null : Number(r.median_hours),
    satisfactionAvg: r.satisfaction === null ? null : Number(r.satisfaction),
  }]));
}

/** Each customer's latest NPS answer by the cut-off. */
export async function latestNps(db: Kysely<Database>, scope: Scope, w: Window) {
  const rows = await sql<{ customer_id: string; score: number; day: string }>`
    select distinct on (customer_id) customer_id, score, to_char(responded_at at time zone 'UTC', 'YYYY-MM-DD') as day
    from survey_responses
    where workspace_id = ${scope.workspaceId} and kind = 'nps' and customer_id is not null
      and responded_at <= ${iso(w.cutoff)}::timestamptz ${only(sql`customer_id`, scope)}
    order by customer_id, responded_at desc, response_id desc`.execute(db);
  return new Map(rows.rows.map((r) => [r.customer_id, { latestScore: num(r.score), latestDay: r.day }]));
}

/** The workspace's most used track event names over the last 30 days (adoption's default key
 *  features), most used first. */
export async function topEvents(db: Kysely<Database>, workspaceId: string, w: Window, limit: number): Promise<string[]> {
  const rows = await sql<{ event: string }>`
    select u.event from usage_daily u
    where u.workspace_id = ${workspaceId} and u.day >= ${w.from30} and u.day <= ${w.day} and ${track}
    group by u.event order by sum(u.events) desc, u.event limit ${limit}`.execute(db);
  return rows.rows.map((r) => r.event);
}
