// The demo's product signals on a small demo loaded through the real pipeline: they exist for the
// linked accounts, nothing is dated after the demo's end, a second load adds nothing, and they
// tell the story the churn model needs — future churners' usage falls in the weeks before the
// churn and their tickets rise, against customers who stay (deterministic seed, so a fixed
// outcome; the margins are wide) — with some accounts unlinked and some customers above 80% of
// a limit.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { ensureDemoWorkspace, storeDemoEvents } from '../../src/ingest/load-demo.js';
import { topUpDemoHistory, topUpDemoSignals } from '../../src/ingest/demo-topup.js';
import { createDemoSignalPulse, DEMO_SIGNAL_KEY_NAME } from '../../src/jobs/demo-signal-pulse.js';
import { rollUpOnce } from '../../src/ingest/segment/rollup.js';
import { loadDemoSignals } from '../../src/ingest/load-demo-signals.js';
import { SIGNAL_WINDOW_DAYS } from '../../src/demo/signals/generate.js';
import type { Workspace } from '../../src/store/workspaces-repo.js';

const END_AT = Date.parse('2025-06-01T10:30:00Z') / 1000;
const END_DAY = '2025-06-01';

describe.each(BACKENDS)('the demo signals (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let workspace: Workspace;
  let sourceId: string;
  let written = 0;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => new Date(END_AT * 1000) });
    const demo = await ensureDemoWorkspace(db.store.db, t.ctx.box);
    workspace = demo.workspace;
    sourceId = demo.source.id;
    await storeDemoEvents(db.store, demo, { customers: 400, endAt: END_AT });
    await t.worker.drain();
    written = await loadDemoSignals(db.store, workspace, { endAt: END_AT });
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db.store.db)).rows[0]!;

  it('writes accounts, users, roll-ups, tickets, NPS answers and plan limits', async () => {
    expect(written).toBeGreaterThan(10_000);
    const counts = await one(sql<Record<string, number>>`select
      (select count(*)::int from cs_accounts where workspace_id = ${workspace.id}) as accounts,
      (select count(*)::int from cs_users where workspace_id = ${workspace.id}) as users,
      (select count(*)::int from usage_daily where workspace_id = ${workspace.id}) as usage,
      (select count(*)::int from user_activity_daily where workspace_id = ${workspace.id}) as activity,
      (select count(*)::int from support_tickets where workspace_id = ${workspace.id} and source = 'demo') as tickets,
      (select count(*)::int from survey_responses where workspace_id = ${workspace.id} and source = 'demo') as surveys,
      (select count(*)::int from plan_limits where workspace_id = ${workspace.id}) as limits`);
    expect(counts.accounts).toBe(400);
    expect(counts.users).toBeGreaterThan(counts.accounts!);
    expect(counts.usage! + counts.activity! + counts.tickets! + counts.surveys! + counts.limits! + counts.accounts! + counts.users!).toBeLessThanOrEqual(written);
    for (const name of ['usage', 'activity', 'tickets', 'surveys']) expect(counts[name], name).toBeGreaterThan(20);
    expect(counts.limits).toBeGreaterThanOrEqual(5);
  });

  it('gives every linked account of a paying customer usage, from the billing customer it names', async () => {
    const row = await one(sql<{ paying: number; with_usage: number; dangling: number }>`
      select count(*)::int as paying,
        count(*) filter (where exists (select 1 from usage_daily u where u.workspace_id = a.workspace_id and u.account_id = a.account_id and u.day > ${END_DAY}::date - 30))::int as with_usage,
        (select count(*)::int from cs_accounts x where x.workspace_id = ${workspace.id} and x.customer_id is not null
          and not exists (select 1 from customers c where c.workspace_id = x.workspace_id and c.customer_id = x.customer_id)) as dangling
      from cs_accounts a join customer_summaries s on s.workspace_id = a.workspace_id and s.customer_id = a.customer_id
      where a.workspace_id = ${workspace.id} and s.status = 'active'`);
    expect(row.paying).toBeGreaterThan(50);
    expect(row.with_usage / row.paying).toBeGreaterThan(0.9);
    expect(row.dangling).toBe(0);
  });

  it('dates nothing after the end, and nothing of a churned customer after its churn', async () => {
    const row = await one(sql<Record<string, string | number | null>>`select
      (select max(day)::text from usage_daily where workspace_id = ${workspace.id}) as usage_day,
      (select min(day)::text from usage_daily where workspace_id = ${workspace.id}) as first_day,
      (select max(day)::text from user_activity_daily where workspace_id = ${workspace.id}) as activity_day,
      (select count(*)::int from support_tickets where workspace_id = ${workspace.id} and greatest(opened_at, first_response_at, closed_at) > to_timestamp(${END_AT})) as late_tickets,
      (select count(*)::int from survey_responses where workspace_id = ${workspace.id} and responded_at > to_timestamp(${END_AT})) as late_surveys,
      (select count(*)::int from cs_accounts where workspace_id = ${workspace.id} and (last_seen_at > to_timestamp(${END_AT}) or first_seen_at > to_timestamp(${END_AT}))) as late_accounts,
      (select count(*)::int from usage_daily u join cs_accounts a on a.workspace_id = u.workspace_id and a.account_id = u.account_id
        join customer_summaries s on s.workspace_id = a.workspace_id and s.customer_id = a.customer_id
        where u.workspace_id = ${workspace.id} and s.status = 'churned'
          and u.day >= (select max(end_day) from paying_spells p where p.workspace_id = s.workspace_id and p.customer_id = s.customer_id)) as after_churn`);
    expect(row.usage_day! <= END_DAY && row.activity_day! <= END_DAY).toBe(true);
    expect(row.first_day! >= new Date((END_AT - SIGNAL_WINDOW_DAYS * 86_400) * 1000).toISOString().slice(0, 10)).toBe(true);
    expect([row.late_tickets, row.late_surveys, row.late_accounts, row.after_churn]).toEqual([0, 0, 0, 0]);
  });

  it('adds nothing on a second load', async () => {
    const before = await one(sql<{ n: number }>`select count(*)::int as n from usage_daily where workspace_id = ${workspace.id}`);
    expect(await loadDemoSignals(db.store, workspace, { endAt: END_AT })).toBe(0);
    expect(await loadDemoSignals(db.store, workspace, { endAt: END_AT + 86_400 })).toBe(0);
    expect((await one(sql<{ n: number }>`select count(*)::int as n from usage_daily where workspace_id = ${workspace.id}`)).n).toBe(before.n);
  });

  it("shows future churners' usage falling and tickets rising in the weeks before the churn, unlike customers who stay", async () => {
    // Per customer: track events a day in the 4 weeks before its churn (stayers: before the end)
    // against its own level before the decline can start (8 weeks before), and tickets in the 8 weeks.
    const rows = await sql<{ group: string; n: number; ratio: number; tickets: number }>`
      with churners as (
        select p.customer_id, max(p.end_day) as churn from paying_spells p
        where p.workspace_id = ${workspace.id}
        group by p.customer_id
        having bool_and(p.end_day is not null) and max(p.end_day) >= ${END_DAY}::date - ${SIGNAL_WINDOW_DAYS}::int + 70
      ), stayers as (
        select customer_id, ${END_DAY}::date + 1 as churn from customer_summaries
        where workspace_id = ${workspace.id} and status = 'active' and not cancel_scheduled and signup_day < ${END_DAY}::date - ${SIGNAL_WINDOW_DAYS}::int
      ), people as (
        select customer_id, churn, 'churner' as grp from churners union all select customer_id, churn, 'stayer' from stayers
      ), per as (
        select p.grp, p.customer_id,
          (select coalesce(sum(u.events), 0) from usage_daily u join cs_accounts a on a.workspace_id = u.workspace_id and a.account_id = u.account_id
            where a.workspace_id = ${workspace.id} and a.customer_id = p.customer_id and u.event <> '$page' and u.day >= p.churn - 28 and u.day < p.churn) / 28.0 as late,
          (select coalesce(sum(u.events), 0) from usage_daily u join cs_accounts a on a.workspace_id = u.workspace_id and a.account_id = u.account_id
            where a.workspace_id = ${workspace.id} and a.customer_id = p.customer_id and u.event <> '$page' and u.day < p.churn - 56)
            / (p.churn - 56 - (${END_DAY}::date - ${SIGNAL_WINDOW_DAYS}::int + 1)) as early,
          (select count(*) from support_tickets t where t.workspace_id = ${workspace.id} and t.customer_id = p.customer_id
            and t.opened_at >= (p.churn - 56)::timestamp and t.opened_at < p.churn::timestamp) as tickets
        from people p
      )
      select grp as group, count(*)::int as n, avg(late / early)::float8 as ratio, avg(tickets)::float8 as tickets
      from per where early > 0 and grp is not null group by grp order by grp`.execute(db.store.db);
    const [churners, stayers] = rows.rows;
    expect(churners?.group).toBe('churner');
    expect(stayers?.group).toBe('stayer');
    expect(churners!.n).toBeGreaterThanOrEqual(5);
    expect(stayers!.n).toBeGreaterThan(50);
    // Stayers hold their level; churners fall well below theirs.
    expect(stayers!.ratio).toBeGreaterThan(0.85);
    expect(churners!.ratio).toBeLessThan(0.75 * stayers!.ratio);
    expect(churners!.tickets).toBeGreaterThan(1.3 * stayers!.tickets);
  });

  it('leaves some accounts unlinked and links some by e-mail domain', async () => {
    const row = await one(sql<{ unlinked: number; by_domain: number; by_id: number }>`select
      count(*) filter (where customer_id is null and link_rule is null)::int as unlinked,
      count(*) filter (where link_rule = 'email_domain' and account_id <> customer_id)::int as by_domain,
      count(*) filter (where link_rule = 'customer_id' and account_id = customer_id)::int as by_id
      from cs_accounts where workspace_id = ${workspace.id}`);
    expect(row.unlinked).toBeGreaterThan(0);
    expect(row.unlinked).toBeLessThan(400 * 0.06);
    expect(row.by_domain).toBeGreaterThan(0);
    expect(row.by_id).toBeGreaterThan(300);
  });

  it('puts some paying customers above 80% of a plan limit, and not most of them', async () => {
    const row = await one(sql<{ paying: number; above: number; multi_user: number }>`
      with paying as (
        select s.customer_id, s.plan_id from customer_summaries s where s.workspace_id = ${workspace.id} and s.status in ('active', 'past_due')
      ), used as (
        select p.customer_id, l.metric, l.limit_value,
          case when l.metric = '$seats' then (select count(distinct d.user_id) from user_activity_daily d join cs_accounts a on a.workspace_id = d.workspace_id and a.account_id = d.account_id
              where a.workspace_id = ${workspace.id} and a.customer_id = p.customer_id and d.day > ${END_DAY}::date - 30)
            else (select coalesce(sum(u.quantity), 0) from usage_daily u join cs_accounts a on a.workspace_id = u.workspace_id and a.account_id = u.account_id
              where a.workspace_id = ${workspace.id} and a.customer_id = p.customer_id and u.event = l.metric and u.day > ${END_DAY}::date - 30) end as used
        from paying p join plan_limits l on l.workspace_id = ${workspace.id} and l.plan_id = p.plan_id
      )
      select (select count(*)::int from paying) as paying,
        count(distinct customer_id) filter (where metric <> '$seats' and used > 0.8 * limit_value)::int as above,
        count(distinct customer_id) filter (where metric = '$seats' and limit_value = 1 and used > 1)::int as multi_user
      from used`);
    expect(row.above).toBeGreaterThan(0);
    expect(row.above / row.paying).toBeLessThan(0.4);
    expect(row.multi_user).toBeGreaterThan(0);
  });

  it('keeps the overall NPS between +20 and +55, detractors included', async () => {
    const row = await one(sql<{ n: number; nps: number; detractors: number }>`select count(*)::int as n,
      (100.0 * (count(*) filter (where score >= 9) - count(*) filter (where score <= 6)) / count(*))::float8 as nps,
      count(*) filter (where score <= 6)::int as detractors
      from survey_responses where workspace_id = ${workspace.id} and kind = 'nps'`);
    expect(row.n).toBeGreaterThan(50);
    expect(row.nps).toBeGreaterThan(20);
    expect(row.nps).toBeLessThan(55);
    expect(row.detractors).toBeGreaterThan(0);
  });

  // Last: these move the demo on.
  it('posts live usage through the real tracking path with a key of its own, revoked on stop', async () => {
    const baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const pulse = createDemoSignalPulse({ store: db.store, logger: t.ctx.logger, now: () => new Date(END_AT * 1000), workspaceId: workspace.id, baseUrl: () => baseUrl, pulseSeconds: 0.05, seed: 7 });
    pulse.start();
    await pulse.upkept;
    for (let i = 0; i < 200 && pulse.stats().batches < 3; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    await pulse.stop();
    expect(pulse.stats().batches).toBeGreaterThanOrEqual(3);
    expect(pulse.stats().failed).toBe(0);
    const keys = await db.store.db.selectFrom('api_keys').select(['role', 'revoked_at']).where('workspace_id', '=', workspace.id).where('name', '=', DEMO_SIGNAL_KEY_NAME).execute();
    expect(keys).toHaveLength(1);
    expect(keys[0]!.role).toBe('ingest');
    expect(keys[0]!.revoked_at).not.toBeNull();
    // Stored as sent, by people of demo accounts, and counted by the roll-up under their accounts.
    const stored = await one(sql<{ n: number; strangers: number }>`select count(*)::int as n,
      count(*) filter (where not exists (select 1 from cs_users u where u.workspace_id = e.workspace_id and u.user_id = e.user_id and u.account_id = e.group_id))::int as strangers
      from signal_events e where e.workspace_id = ${workspace.id}`);
    // A batch in flight when the job stops may be stored without its answer being read.
    expect(stored.n).toBeGreaterThanOrEqual(pulse.stats().calls);
    expect(stored.n).toBeLessThanOrEqual(pulse.stats().calls + 6);
    expect(stored.strangers).toBe(0);
    while ((await rollUpOnce(db.store, { now: () => new Date(END_AT * 1000) })).claimed > 0);
    const counted = await one(sql<{ pending: number }>`select count(*)::int as pending from signal_events where workspace_id = ${workspace.id} and (rolled_up_at is null or drop_reason is not null)`);
    expect(counted.pending).toBe(0);
  });

  it('carries the signals on to a later day once the billing history is', async () => {
    const later = END_AT + 5 * 86_400;
    expect(await topUpDemoSignals(db.store, workspace.id, { now: new Date(later * 1000) })).toEqual({ status: 'skipped', reason: 'up-to-date' });
    const history = await topUpDemoHistory(db.store, { workspaceId: workspace.id, sourceId }, { now: new Date(later * 1000) });
    expect(history.status).toBe('stored');
    await t.worker.drain();
    const result = await topUpDemoSignals(db.store, workspace.id, { now: new Date(later * 1000) });
    expect(result).toMatchObject({ status: 'stored', from: '2025-06-02' });
    const row = await one(sql<{ last: string; new_days: number; late: number }>`select max(day)::text as last,
      count(distinct day) filter (where day > ${END_DAY}::date)::int as new_days,
      (select count(*)::int from support_tickets where workspace_id = ${workspace.id} and greatest(opened_at, first_response_at, closed_at) > to_timestamp(${later})) as late
      from usage_daily where workspace_id = ${workspace.id}`);
    expect(row.last <= '2025-06-06').toBe(true);
    expect(row.new_days).toBeGreaterThanOrEqual(4);
    expect(row.late).toBe(0);
    expect(await topUpDemoSignals(db.store, workspace.id, { now: new Date(later * 1000) })).toEqual({ status: 'skipped', reason: 'up-to-date' });
  });
});
