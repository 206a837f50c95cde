// /v1/segments: the built-in segments while a workspace has none, the grid's figures worked out
// by hand (count, ARPU, churn rate, LTV, average risk, health mix), each segment's count equal to
// GET /v1/customers `total` with the same filters, CRUD with the customers list's validation, and
// tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember, type Caller } from '../helpers/auth.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { addAccount, addCustomers, addHealth, addRisk } from './success-fixture.js';

const TODAY = '2026-06-30';
const NOW = new Date(`${TODAY}T12:00:00Z`);

type Row = { id: string; name: string; builtIn: boolean; action: string; filters: Record<string, unknown>; figures: Record<string, unknown> & { customers: number } };

/** JSON filters as the customers list's query string (lists comma-separated). */
const asQuery = (filters: Record<string, unknown>) => Object.entries(filters).map(([k, v]) => `${k}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v))}`).join('&');

describe.each(BACKENDS)('segments (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let a: Workspace;
  let b: Workspace;
  let owner: Caller;
  let viewer: Caller;

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, caller: Caller, payload?: object, ws: Workspace = a) =>
    t.app.inject({ method, url: `${url}${url.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: caller.headers, ...(payload ? { payload } : {}) });
  const grid = async (ws: Workspace = a) => {
    const res = await call('GET', '/v1/segments', viewer, undefined, ws);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { builtIn: boolean; data: Row[] };
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW });
    a = await ensureWorkspace(db.store.db, { slug: 'seg-a', name: 'A' });
    b = await ensureWorkspace(db.store.db, { slug: 'seg-b', name: 'B' });
    owner = await signedInMember(t, [{ workspaceId: a.id, role: 'owner' }, { workspaceId: b.id, role: 'owner' }]);
    viewer = await signedInMember(t, [{ workspaceId: a.id, role: 'viewer' }, { workspaceId: b.id, role: 'viewer' }]);
    const d = db.store.db;
    await addCustomers(d, a.id, [
      { id: 's1', planId: 'pro', mrr: 50_000 },
      { id: 's2', planId: 'pro', mrr: 40_000 },
      { id: 's3', planId: 'basic', mrr: 10_000 },
      { id: 's4', planId: 'basic', mrr: 8_000 },
      { id: 's5', planId: 'basic', status: 'churned', ledger: [['2026-01-01', 9_000], ['2026-03-01', 0]] },
      { id: 's6', status: 'trialing' },
      { id: 's7', status: 'trialing' },
    ], TODAY);
    await addHealth(d, a.id, [{ customerId: 's1', day: TODAY, score: 85 }, { customerId: 's2', day: TODAY, score: 75 }, { customerId: 's3', day: TODAY, score: 50 }, { customerId: 's4', day: TODAY, score: 30 }]);
    await addRisk(d, a.id, [{ customerId: 's1', day: TODAY, probability: 0.1 }, { customerId: 's2', day: TODAY, probability: 0.3 }, { customerId: 's3', day: TODAY, probability: 0.45 }, { customerId: 's4', day: TODAY, probability: 0.6 }]);
    await addAccount(d, a.id, 'acc1', 's1', [{ user: 'u1', day: '2026-06-20' }, { user: 'u2', day: '2026-06-21' }]);
    await addCustomers(d, b.id, [{ id: 's1', planId: 'pro', mrr: 5_000 }], TODAY);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('reads the built-in segments while the workspace has none, with their figures', async () => {
    const g = await grid();
    expect(g.builtIn).toBe(true);
    expect(g.data.map((s) => [s.name, s.action, s.figures.customers])).toEqual([
      ['High-value power users', 'Upsell to a higher plan', 1], ['Growing teams', 'Offer team features', 1], ['Price-sensitive', 'Retention campaign', 2], ['Trial users', 'Conversion campaign', 2],
    ]);
    const [high, , price, trials] = g.data;
    expect(high!.figures).toMatchObject({ payingCustomers: 1, mrr: 50_000, arpu: 50_000, ltv: null, ltvNote: 'no churn in the last 6 months: LTV is unbounded', averageRisk: 0.1, riskLevel: 'low', health: { high_risk: 0, medium: 0, healthy: 1, unscored: 0 } });
    // Basic is the entry plan (average MRR 9,000 against 45,000); s3 and s4 have risk ≥ 0.4.
    expect(price!.figures).toMatchObject({ customers: 2, payingCustomers: 2, mrr: 18_000, arpu: 9_000, riskLevel: 'high', health: { high_risk: 1, medium: 1, healthy: 0, unscored: 0 } });
    expect(price!.figures.averageRisk).toBeCloseTo(0.525, 10);
    expect(trials!.figures).toMatchObject({ customers: 2, payingCustomers: 0, arpu: null, ltv: null, ltvNote: 'no paying customers now', averageRisk: null, riskLevel: null });
  });

  it("each segment's count is the customers list's total with the same filters", async () => {
    for (const s of (await grid()).data) {
      const list = await call('GET', `/v1/customers?${asQuery(s.filters)}`, viewer);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().total, s.name).toBe(s.figures.customers);
    }
  });

  it('creates, changes and deletes segments; its own replace the built-in ones; LTV from its churn', async () => {
    const created = await call('POST', '/v1/segments', owner, { name: ' Basic customers ', filters: { plan: 'basic' }, action: 'Check in' });
    expect(created.statusCode, created.body).toBe(201);
    const { segment } = created.json();
    expect(segment).toMatchObject({ name: 'Basic customers', filters: { plan: 'basic' }, action: 'Check in', builtIn: false, position: 0 });
    expect(segment.id).toMatch(/^seg_/);

    const g = await grid();
    expect(g.builtIn).toBe(false);
    expect(g.data).toHaveLength(1);
    // s3, s4 pay 9,000 on average; s5 paid Jan 1 – Feb 28 (59 days) and churned on Mar 1.
    const customerMonths = ((181 * 2 + 59) * 6) / 182;
    expect(g.data[0]!.figures).toMatchObject({ customers: 3, payingCustomers: 2, mrr: 18_000, arpu: 9_000, ltv: Math.round(9_000 * customerMonths), health: { high_risk: 1, medium: 1, healthy: 0, unscored: 1 } });
    expect(g.data[0]!.figures.churnRate).toBeCloseTo(1 / customerMonths, 10);

    expect((await call('POST', '/v1/segments', owner, { name: 'BASIC CUSTOMERS', filters: {} })).json().error.code).toBe('RVP_SEGMENT_EXISTS');
    const changed = await call('PUT', `/v1/segments/${segment.id}`, owner, { filters: { health: ['high_risk'], riskMin: 0.5 }, action: 'Call them' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().segment).toMatchObject({ name: 'Basic customers', filters: { health: ['high_risk'], riskMin: 0.5 }, action: 'Call them' });
    expect((await grid()).data[0]!.figures.customers).toBe(1);

    expect((await call('PUT', '/v1/segments/builtin-trial-users', owner, { name: 'x' })).json().error.code).toBe('RVP_SEGMENT_NOT_FOUND');
    // Another workspace sees neither the segment nor can change it.
    expect((await grid(b)).builtIn).toBe(true);
    expect((await call('PUT', `/v1/segments/${segment.id}`, owner, { name: 'theirs' }, b)).json().error.code).toBe('RVP_SEGMENT_NOT_FOUND');
    expect((await call('DELETE', `/v1/segments/${segment.id}`, owner)).statusCode).toBe(204);
    expect((await call('DELETE', `/v1/segments/${segment.id}`, owner)).json().error.code).toBe('RVP_SEGMENT_NOT_FOUND');
    expect((await grid()).builtIn).toBe(true);
  });

  it('validates filters exactly as the customers list does, naming the field', async () => {
    for (const [filters, field] of [[{ health: ['sick'] }, 'health'], [{ healthMin: 90, healthMax: 10 }, 'healthMin'], [{ unknown: 1 }, 'unknown'], [{ riskMin: 3 }, 'riskMin']] as const) {
      const res = await call('POST', '/v1/segments', owner, { name: `bad ${field}`, filters });
      expect(res.statusCode, JSON.stringify(filters)).toBe(400);
      expect(res.json().error.message, JSON.stringify(filters)).toContain(field);
    }
    expect((await call('POST', '/v1/segments', viewer, { name: 'viewer', filters: {} })).statusCode).toBe(403);
  });
});
