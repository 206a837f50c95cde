// The demo's trials (14 days, src/demo/signup.ts TRIAL_DAYS) through the real pipeline at the
// pinned DEMO_NOW: every trial is stored with its real 14-day end, and the summary's activeTrials,
// the customers list with the Trialing filter, the active_trials series and the trials table agree
// — now, a day later and a week later (trials ending on their own in between).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { DEMO_NOW } from '../helpers/demo-server.js';
import { ensureDemoWorkspace, storeDemoEvents } from '../../src/ingest/load-demo.js';
import { addDays, daysBetween } from '../../src/core/dates.js';
import { TRIAL_DAYS } from '../../src/demo/signup.js';
import type { Workspace } from '../../src/store/workspaces-repo.js';

describe.each(BACKENDS)('the demo: active trials agree on every screen (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let workspace: Workspace;
  let headers: Record<string, string>;
  let now = DEMO_NOW;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => now });
    const demo = await ensureDemoWorkspace(db.store.db, t.ctx.box);
    workspace = demo.workspace;
    headers = (await apiKeyCaller(t, workspace.id, 'viewer')).headers;
    await storeDemoEvents(db.store, demo, { customers: 300, endAt: Math.floor(DEMO_NOW.getTime() / 1000) });
    await t.worker.drain();
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const get = async (path: string) => {
    const response = await t.app.inject({ url: `${path}&workspace=${workspace.id}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  async function trialingListCount(): Promise<number> {
    let count = 0;
    let cursor: string | null = null;
    do {
      const page: { data: unknown[]; nextCursor: string | null } = await get(`/v1/customers?status=trialing&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      count += page.data.length;
      cursor = page.nextCursor;
    } while (cursor);
    return count;
  }

  it(`stores every demo trial with its real ${TRIAL_DAYS}-day end`, async () => {
    const trials = await db.store.db.selectFrom('trials').select(['started_day', 'trial_end_day']).where('workspace_id', '=', workspace.id).execute();
    expect(trials.length).toBeGreaterThan(30);
    const lengths = new Set(trials.map((r) => (r.trial_end_day === null ? null : daysBetween(r.started_day, r.trial_end_day))));
    expect([...lengths]).toEqual([TRIAL_DAYS]);
  });

  it.each([0, 1, 7])('summary = customers list (Trialing) = series = trials table, %i days after DEMO_NOW', async (days) => {
    now = new Date(DEMO_NOW.getTime() + days * 86_400_000);
    const day = now.toISOString().slice(0, 10);
    const from = addDays(day, -20);
    const summary = await get('/v1/metrics/summary?');
    const series = await get(`/v1/metrics/series?metric=active_trials&granularity=day&from=${from}&to=${day}`);
    const table = await get(`/v1/metrics/trials?granularity=month&from=${from}&to=${day}`);
    const list = await trialingListCount();
    const independent = await db.store.db
      .selectFrom('trials')
      .select((eb) => eb.fn.count<number>('customer_id').distinct().as('n'))
      .where('workspace_id', '=', workspace.id)
      .where('started_day', '<=', day)
      .where('trial_end_day', '>', day)
      .where((eb) => eb.or([eb('converted_day', 'is', null), eb('converted_day', '>', day)]))
      .where((eb) => eb.or([eb('ended_day', 'is', null), eb('ended_day', '>', day)]))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('paying_spells as p').select('p.customer_id')
        .whereRef('p.workspace_id', '=', 'trials.workspace_id').whereRef('p.customer_id', '=', 'trials.customer_id')
        .where('p.start_day', '<=', day).where((w) => w.or([w('p.end_day', 'is', null), w('p.end_day', '>', day)])))))
      .executeTakeFirstOrThrow();
    const figures = { summary: summary.activeTrials, list, series: series.points.at(-1).value, trials: table.periods.at(-1).activeAtEnd };
    expect(figures).toEqual({ summary: Number(independent.n), list: Number(independent.n), series: Number(independent.n), trials: Number(independent.n) });
    if (days === 0) expect(summary.activeTrials).toBeGreaterThan(0);
  });
});
