import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { demoAlreadyLoaded, ensureDemoWorkspace, storeDemoEvents } from '../../src/ingest/load-demo.js';
import type { Workspace } from '../../src/store/workspaces-repo.js';

const END_AT = Date.parse('2025-06-01T00:00:00Z') / 1000;

describe.each(BACKENDS)('the demo data set through the real pipeline (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let workspace: Workspace;
  let stored = 0;
  let headers: Record<string, string>;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => new Date(END_AT * 1000) });
    const demo = await ensureDemoWorkspace(db.store.db, t.ctx.box);
    workspace = demo.workspace;
    headers = (await apiKeyCaller(t, workspace.id, 'viewer')).headers;
    expect(await demoAlreadyLoaded(db.store.db, workspace.id)).toBe(false);
    stored = await storeDemoEvents(db.store, demo, { customers: 150, endAt: END_AT });
    await t.worker.drain();
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('lives in its own workspace named Demo and loads only once', async () => {
    expect(workspace).toMatchObject({ name: 'Demo', isDemo: true, reportingCurrency: 'usd' });
    expect(await demoAlreadyLoaded(db.store.db, workspace.id)).toBe(true);
    const demo = await ensureDemoWorkspace(db.store.db, t.ctx.box);
    expect(demo.workspace.id).toBe(workspace.id);
    expect(await storeDemoEvents(db.store, demo, { customers: 150, endAt: END_AT })).toBe(0);
  });

  it('processes every event without an error or a malformed drop', async () => {
    const rows = await db.store.db
      .selectFrom('raw_events')
      .select(['drop_reason', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('last_error').as('errors')])
      .where('workspace_id', '=', workspace.id)
      .groupBy('drop_reason')
      .execute();
    const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
    expect(total).toBe(stored);
    expect(stored).toBeGreaterThan(3000);
    expect(rows.reduce((sum, r) => sum + Number(r.errors), 0)).toBe(0);
    expect(rows.map((r) => r.drop_reason).filter((r) => r === 'malformed' || r === 'mode_mismatch' || r === 'unsupported_type')).toEqual([]);
    const pending = await db.store.db.selectFrom('raw_events').select('event_id').where('processed_at', 'is', null).execute();
    expect(pending).toEqual([]);
  });

  it('counts as paying exactly the customers with a live paid subscription', async () => {
    // Independent of the ledger: read the latest snapshot of every subscription.
    const independent = await sql<{ n: number }>`
      with latest as (
        select distinct on (subscription_id) subscription_id, customer_id, state
        from subscription_snapshots where workspace_id = ${workspace.id} and effective_at <= ${END_AT}
        order by subscription_id, effective_at desc, event_id desc
      ), ever_active as (
        select distinct subscription_id from subscription_snapshots
        where workspace_id = ${workspace.id} and state->>'status' = 'active'
      )
      select count(distinct customer_id)::int as n from latest
      where state->>'status' = 'active'
         or (state->>'status' = 'past_due' and subscription_id in (select subscription_id from ever_active))`.execute(db.store.db);
    const summary = (await t.app.inject({ url: `/v1/metrics/summary?workspace=${workspace.id}`, headers })).json();
    expect(summary.payingCustomers).toBe(independent.rows[0]!.n);
    expect(summary.payingCustomers).toBeGreaterThan(20);
    expect(summary.mrr).toBeGreaterThan(summary.payingCustomers * 1000);
  });

  it('reconciles month by month: last MRR + movements = this MRR', async () => {
    const report = (await t.app.inject({ url: `/v1/metrics/monthly?workspace=${workspace.id}`, headers })).json() as {
      months: Array<{ month: string; mrr: number; customers: number; movements: Record<string, number> }>;
    };
    expect(report.months.length).toBe(24);
    let previous = 0;
    for (const m of report.months) {
      const sum = Object.values(m.movements).reduce((a, b) => a + b, 0);
      expect(previous + sum, m.month).toBe(m.mrr);
      previous = m.mrr;
    }
    const kinds = report.months.flatMap((m) => Object.entries(m.movements).filter(([, v]) => v !== 0).map(([k]) => k));
    for (const kind of ['new', 'expansion', 'contraction', 'churn']) expect(kinds).toContain(kind);
    expect(report.months.at(-1)!.mrr).toBe((await t.app.inject({ url: `/v1/metrics/summary?workspace=${workspace.id}`, headers })).json().mrr);
  });
});
