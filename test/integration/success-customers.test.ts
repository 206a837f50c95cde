// GET /v1/customers with customer success: each item carries the latest health snapshot and risk
// score on or before the as-of day (never one dated later, never another workspace's), and the
// list filters and sorts by them — health bands and bounds, risk bounds, the users trend, pricing
// (discounted, entry plan) and the top-MRR filter — with `total` right on every page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember, type Caller } from '../helpers/auth.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { addAccount, addCustomers, addHealth, addRisk } from './success-fixture.js';

const TODAY = '2026-06-30';
const NOW = new Date(`${TODAY}T12:00:00Z`);

type Item = { id: string; health: { score: number | null; band: string | null; partial: boolean; day: string } | null; risk: { probability: number; day: string } | null };

describe.each(BACKENDS)('customers list with health and risk (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let a: Workspace;
  let b: Workspace;
  let analyst: Caller;

  const list = async (params: string, ws: Workspace = a) => {
    const res = await t.app.inject({ url: `/v1/customers?workspace=${ws.id}&${params}`, headers: analyst.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { data: Item[]; total: number; nextCursor: string | null };
  };
  const ids = async (params: string) => (await list(params)).data.map((c) => c.id);

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW });
    a = await ensureWorkspace(db.store.db, { slug: 'cs-a', name: 'A' });
    b = await ensureWorkspace(db.store.db, { slug: 'cs-b', name: 'B' });
    analyst = await signedInMember(t, [{ workspaceId: a.id, role: 'analyst' }, { workspaceId: b.id, role: 'analyst' }]);
    const d = db.store.db;
    await addCustomers(d, a.id, [
      { id: 'c1', planId: 'pro', mrr: 50_000 },
      { id: 'c2', planId: 'basic', mrr: 10_000 },
      { id: 'c3', planId: 'basic', mrr: 8_000, status: 'past_due' },
      { id: 'c4', status: 'trialing' },
      { id: 'c5', status: 'churned', ledger: [['2026-01-01', 9_000], ['2026-05-01', 0]] },
      { id: 'c6', planId: 'pro', mrr: 30_000 },
    ], TODAY);
    await addHealth(d, a.id, [
      { customerId: 'c1', day: '2026-06-29', score: 60 }, { customerId: 'c1', day: TODAY, score: 85 },
      { customerId: 'c2', day: TODAY, score: 35 },
      { customerId: 'c3', day: TODAY, score: 55, partial: true },
      { customerId: 'c5', day: '2026-04-30', score: 20 },
      { customerId: 'c6', day: '2026-06-20', score: 72 }, { customerId: 'c6', day: '2026-07-01', score: 10 },
    ]);
    await addRisk(d, a.id, [
      { customerId: 'c1', day: TODAY, probability: 0.1 }, { customerId: 'c2', day: TODAY, probability: 0.7 },
      { customerId: 'c3', day: TODAY, probability: 0.45 }, { customerId: 'c6', day: '2026-07-01', probability: 0.9 },
    ]);
    // Active users: c1 rising (3 in the last 30 days, 1 before), c2 falling (1 against 2), c3 steady (1 and 1).
    await addAccount(d, a.id, 'acc1', 'c1', [{ user: 'u1', day: '2026-06-25' }, { user: 'u2', day: '2026-06-10' }, { user: 'u3', day: TODAY }, { user: 'u1', day: '2026-05-20' }]);
    await addAccount(d, a.id, 'acc2', 'c2', [{ user: 'v1', day: '2026-06-25' }, { user: 'v1', day: '2026-05-20' }, { user: 'v2', day: '2026-05-15' }]);
    await addAccount(d, a.id, 'acc3', 'c3', [{ user: 'w1', day: '2026-06-25' }, { user: 'w2', day: '2026-05-20' }]);
    await d.insertInto('discounts').values({
      workspace_id: a.id, discount_id: 'di_1', customer_id: 'c1', subscription_id: 'sub_1', deleted: false, version_at: 1,
      record: JSON.stringify({ id: 'di_1', couponId: 'co', customerId: 'c1', subscriptionId: 'sub_1', subscriptionItemId: null, invoiceId: null, start: Date.parse('2026-03-01') / 1000, end: null, deleted: false, state: { duration: 'forever' } }),
    }).execute();
    // Another workspace with a customer of the same id: its scores must never show in A.
    await addCustomers(d, b.id, [{ id: 'c4', planId: 'pro', mrr: 1_000 }], TODAY);
    await addHealth(d, b.id, [{ customerId: 'c4', day: TODAY, score: 99 }]);
    await addRisk(d, b.id, [{ customerId: 'c4', day: TODAY, probability: 0.99 }]);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('gives each customer its latest health and risk on or before the as-of day, null when never scored', async () => {
    const byId = new Map((await list('limit=50')).data.map((c) => [c.id, c]));
    expect(byId.get('c1')!.health).toEqual({ score: 85, band: 'healthy', partial: false, day: TODAY });
    expect(byId.get('c3')!.health).toEqual({ score: 55, band: 'medium', partial: true, day: TODAY });
    // The snapshot and score dated after today are not read.
    expect(byId.get('c6')!.health).toEqual({ score: 72, band: 'healthy', partial: false, day: '2026-06-20' });
    expect(byId.get('c6')!.risk).toBeNull();
    expect(byId.get('c2')!.risk).toEqual({ probability: 0.7, day: TODAY });
    // c4 of A was never scored; B's c4 is.
    expect(byId.get('c4')!.health).toBeNull();
    expect(byId.get('c4')!.risk).toBeNull();
    expect((await list('limit=50', b)).data[0]!.health?.score).toBe(99);
  });

  it.each([
    ['health=high_risk', ['c2', 'c5']],
    ['health=medium,healthy', ['c1', 'c3', 'c6']],
    ['healthMin=50&healthMax=80', ['c3', 'c6']],
    ['riskMin=0.45', ['c2', 'c3']],
    ['riskMax=0.45', ['c1', 'c3']],
    ['usersTrend=rising', ['c1']],
    ['usersTrend=falling', ['c2']],
    ['usersTrend=steady', ['c3']],
    ['pricing=entry_plan', ['c2', 'c3']],
    ['pricing=discounted', ['c1']],
    ['pricing=discounted,entry_plan', ['c1', 'c2', 'c3']],
    ['mrrTopPercent=20', ['c1']],
    ['mrrTopPercent=50', ['c1', 'c6']],
    ['health=healthy&riskMax=0.2', ['c1']],
  ])('%s', async (params, expected) => {
    const page = await list(`${params}&sort=name&limit=50`);
    expect(page.data.map((c) => c.id)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it('sorts by health and risk, the unscored first ascending and last descending, and pages by them with total unchanged', async () => {
    expect(await ids('sort=-health&limit=50')).toEqual(['c1', 'c6', 'c3', 'c2', 'c5', 'c4']);
    expect(await ids('sort=health&limit=50')).toEqual(['c4', 'c5', 'c2', 'c3', 'c6', 'c1']);
    expect((await ids('sort=-risk&limit=50')).slice(0, 3)).toEqual(['c2', 'c3', 'c1']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`sort=-health&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.total).toBe(6);
      seen.push(...page.data.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['c1', 'c6', 'c3', 'c2', 'c5', 'c4']);
  });

  it('refuses bad health and risk filters, naming the field', async () => {
    for (const [params, field] of [['health=sick', 'health'], ['healthMin=101', 'healthMin'], ['riskMin=2', 'riskMin'], ['healthMin=80&healthMax=20', 'healthMin'], ['usersTrend=up', 'usersTrend'], ['pricing=cheap', 'pricing'], ['mrrTopPercent=0', 'mrrTopPercent'], ['sort=healthy', 'sort']]) {
      const res = await t.app.inject({ url: `/v1/customers?workspace=${a.id}&${params}`, headers: analyst.headers });
      expect(res.statusCode, params).toBe(400);
      expect(res.json().error.message, params).toContain(field);
    }
  });

  it('writes health and risk as one cell each in the CSV', async () => {
    const res = await t.app.inject({ url: `/v1/customers?workspace=${a.id}&sort=name&format=csv&health=high_risk`, headers: analyst.headers });
    expect(res.statusCode).toBe(200);
    const [head, first] = res.body.trim().split('\n');
    const cells = Object.fromEntries(head!.split(',').map((h, i) => [h, first!.split(',')[i]]));
    expect(cells).toMatchObject({ id: 'c2', health: '35', risk: '0.7' });
  });
});
