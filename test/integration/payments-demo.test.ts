// Payment health over the demo business (three currencies, daily demo rates): the failure
// reasons sum exactly to the failed card, and the periods to the range — the figures behind the
// Revenue screen's "Failed payments" card and its "Failures by reason" panel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { DEMO_NOW } from '../helpers/demo-server.js';
import { ensureDemoWorkspace, storeDemoEvents } from '../../src/ingest/load-demo.js';
import { demoFirstFxDay, topUpDemoFxRates } from '../../src/ingest/demo-topup.js';
import type { Workspace } from '../../src/store/workspaces-repo.js';

const TODAY = DEMO_NOW.toISOString().slice(0, 10);

describe.each(BACKENDS)('payment health over the demo (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let workspace: Workspace;
  let headers: Record<string, string>;
  const get = async (path: string) => {
    const response = await t.app.inject({ url: `${path}&workspace=${workspace.id}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => DEMO_NOW });
    const demo = await ensureDemoWorkspace(db.store.db, t.ctx.box);
    workspace = demo.workspace;
    headers = (await apiKeyCaller(t, workspace.id, 'viewer')).headers;
    await storeDemoEvents(db.store, demo, { customers: 120, endAt: Math.floor(DEMO_NOW.getTime() / 1000) });
    await topUpDemoFxRates(db.store, workspace.id, { firstDay: demoFirstFxDay(null, TODAY), today: TODAY });
    await t.worker.drain();
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it.each(['month', 'week'])('the reasons sum to the failed card and the %s periods to the range, exactly', async (granularity) => {
    const h = await get(`/v1/payments/health?from=2024-03-01&to=${TODAY}&granularity=${granularity}`);
    expect(h.failed.count).toBeGreaterThan(5);
    expect(new Set(h.declines.map((d: { code: string }) => d.code)).size).toBeGreaterThan(1);
    expect(h.declines.reduce((s: number, d: { amount: number }) => s + d.amount, 0)).toBe(h.failed.amount);
    expect(h.declines.reduce((s: number, d: { count: number }) => s + d.count, 0)).toBe(h.failed.count);
    for (const kind of ['succeeded', 'failed', 'refunds', 'recovered'] as const) {
      expect(h.series.reduce((s: number, p: Record<string, { amount: number }>) => s + p[kind]!.amount, 0), kind).toBe(h[kind].amount);
    }
  });

  it('in euros too: the same sums hold in another reporting currency', async () => {
    const h = await get(`/v1/payments/health?from=2024-03-01&to=${TODAY}&currency=eur`);
    expect(h.currency).toBe('eur');
    expect(h.declines.reduce((s: number, d: { amount: number }) => s + d.amount, 0)).toBe(h.failed.amount);
  });
});
