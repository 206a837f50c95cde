// Plan limits: the settings API (list every plan, replace one plan's set, validation) and a
// customer's usage against its plan's limits summed over its linked accounts, each period's window
// ending on the as-of day — every expectation worked out by hand from the rows inserted here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerUsageResponse, planLimitsResponse } from '../../src/read/limits/contract.js';
import { loadLimitUses } from '../../src/store/plan-limits-repo.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember, type Caller } from '../helpers/auth.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FIXTURE_NOW, storeFixture } from '../helpers/revenue-fixture.js';

// [account, day, event, events, quantity]
const USAGE: [string, string, string, number, number][] = [
  ['acct_a1', '2024-03-31', 'api_call', 500, 500], // last month: in the 30 days, not the month
  ['acct_a1', '2024-04-01', 'api_call', 300, 300],
  ['acct_a2', '2024-04-10', 'api_call', 200, 200],
  ['acct_a1', '2024-04-16', 'api_call', 999, 999], // after the as-of day
  ['acct_c', '2024-04-05', 'api_call', 10_000, 10_000], // another customer's account
  ['acct_a1', '2024-04-14', 'exports', 7, 7],
  ['acct_a1', '2024-04-15', 'exports', 4, 4],
  ['acct_a2', '2024-04-15', 'exports', 4, 4],
  ['acct_a1', '2024-03-16', 'storage_gb', 1, 100], // 31 days back: outside
  ['acct_a1', '2024-03-17', 'storage_gb', 1, 20],
  ['acct_a1', '2024-04-15', 'storage_gb', 1, 15],
];
// [account, user, day]
const ACTIVE: [string, string, string][] = [
  ['acct_a1', 'u1', '2024-04-01'], ['acct_a2', 'u2', '2024-04-10'], ['acct_a2', 'u1', '2024-04-12'],
  ['acct_a1', 'u3', '2024-03-16'], ['acct_a1', 'u4', '2024-04-16'], ['acct_c', 'u9', '2024-04-10'],
];

describe.each(BACKENDS)('plan limits and usage against them (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let admin: Caller;
  let viewer: Caller;

  const call = (method: 'GET' | 'PUT', url: string, caller: Caller, payload?: object) =>
    t.app.inject({ method, url: `${url}${url.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: caller.headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    ws = await ensureWorkspace(db.store.db, { slug: 'limits', name: 'Limits' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_fixture' });
    await storeFixture(db.store, ws.id, source.id);
    await t.worker.drain();
    const seen = { first_seen_at: FIXTURE_NOW, last_seen_at: FIXTURE_NOW, link_rule: 'manual' as const };
    await db.store.db.insertInto('cs_accounts').values([
      { workspace_id: ws.id, account_id: 'acct_a1', customer_id: 'cus_a', ...seen },
      { workspace_id: ws.id, account_id: 'acct_a2', customer_id: 'cus_a', ...seen },
      { workspace_id: ws.id, account_id: 'acct_c', customer_id: 'cus_c', ...seen },
    ]).execute();
    await db.store.db.insertInto('usage_daily').values(USAGE.map(([account_id, day, event, events, quantity]) => ({ workspace_id: ws.id, account_id, day, event, events, quantity, users: 1 }))).execute();
    await db.store.db.insertInto('user_activity_daily').values(ACTIVE.map(([account_id, user_id, day]) => ({ workspace_id: ws.id, account_id, user_id, day, events: 1 }))).execute();
    admin = await signedInMember(t, [{ workspaceId: ws.id, role: 'admin' }]);
    viewer = await signedInMember(t, [{ workspaceId: ws.id, role: 'viewer' }]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('lists every plan, replaces one plan\'s set and refuses bad sets naming the field', async () => {
    const before = planLimitsResponse.parse((await call('GET', '/v1/settings/plan-limits', viewer)).json());
    expect(before.plans.map((p) => p.planId)).toEqual(['prod_basic', 'prod_pro']);
    expect(before.plans.every((p) => p.limits.length === 0 && typeof p.planName === 'string')).toBe(true);
    expect(before.knownMetrics[0]).toBe('$seats');
    expect(before.knownMetrics).toEqual(expect.arrayContaining(['api_call', 'exports', 'storage_gb']));

    const limits = [
      { metric: 'api_call', limit: 1000, period: 'month' },
      { metric: 'exports', limit: 10, period: 'day' },
      { metric: 'storage_gb', limit: 50, period: 'rolling_30_days' },
      { metric: '$seats', limit: 3 },
    ];
    const put = await call('PUT', '/v1/settings/plan-limits', admin, { planId: 'prod_basic', limits });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().limits).toEqual(expect.arrayContaining([{ metric: '$seats', limit: 3, period: 'month' }, { metric: 'exports', limit: 10, period: 'day' }]));
    expect((await call('PUT', '/v1/settings/plan-limits', viewer, { planId: 'prod_basic', limits })).statusCode).toBe(403);

    const unknown = await call('PUT', '/v1/settings/plan-limits', admin, { planId: 'prod_nope', limits });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('RVP_PLAN_NOT_FOUND');
    const twice = await call('PUT', '/v1/settings/plan-limits', admin, { planId: 'prod_pro', limits: [{ metric: 'x', limit: 1 }, { metric: 'x', limit: 2 }] });
    expect(twice.json().error).toMatchObject({ code: 'RVP_VALIDATION', message: expect.stringMatching(/^limits\.1\.metric: x has two limits/) });
    const zero = await call('PUT', '/v1/settings/plan-limits', admin, { planId: 'prod_pro', limits: [{ metric: 'x', limit: 0 }] });
    expect(zero.json().error.message).toMatch(/^limits\.0\.limit/);
    const period = await call('PUT', '/v1/settings/plan-limits', admin, { planId: 'prod_pro', limits: [{ metric: 'x', limit: 1, period: 'week' }] });
    expect(period.json().error.message).toMatch(/^limits\.0\.period/);

    // Replacing with a set of one, then with none.
    await call('PUT', '/v1/settings/plan-limits', admin, { planId: 'prod_pro', limits: [{ metric: 'api_call', limit: 5 }] });
    await call('PUT', '/v1/settings/plan-limits', admin, { planId: 'prod_pro', limits: [] });
    const after = planLimitsResponse.parse((await call('GET', '/v1/settings/plan-limits', viewer)).json());
    expect(after.plans.find((p) => p.planId === 'prod_pro')!.limits).toEqual([]);
    expect(after.plans.find((p) => p.planId === 'prod_basic')!.limits).toHaveLength(4);
  });

  it("sums the usage of the customer's linked accounts over each limit's window, as of the day", async () => {
    const r = await call('GET', '/v1/customers/cus_a/usage', viewer);
    expect(r.statusCode, r.body).toBe(200);
    const usage = customerUsageResponse.parse(r.json());
    expect(usage).toMatchObject({ customerId: 'cus_a', planId: 'prod_basic', accounts: ['acct_a1', 'acct_a2'], activeUsers30d: 2 });
    const byMetric = Object.fromEntries(usage.limits.map((l) => [l.metric, l]));
    // api_call, month to date: 300 + 200 (31 March is last month, 16 April is after the day).
    expect(byMetric.api_call).toEqual({ metric: 'api_call', period: 'month', from: '2024-04-01', to: '2024-04-15', used: 500, limit: 1000, ratio: 0.5 });
    // exports, the day itself: 4 + 4 over both accounts.
    expect(byMetric.exports).toMatchObject({ from: '2024-04-15', to: '2024-04-15', used: 8, ratio: 0.8 });
    // storage, the last 30 days (17 March – 15 April): 20 + 15.
    expect(byMetric.storage_gb).toMatchObject({ from: '2024-03-17', used: 35, ratio: 0.7 });
    // seats: u1 (in both accounts, once) and u2; u3 is 31 days back, u4 after the day.
    expect(byMetric.$seats).toMatchObject({ from: '2024-03-17', used: 2, limit: 3, ratio: 2 / 3 });
    expect(usage.topEvents).toEqual([
      { event: 'api_call', events: 1000, quantity: 1000, activeDays: 3 },
      { event: 'exports', events: 15, quantity: 15, activeDays: 2 },
      { event: 'storage_gb', events: 2, quantity: 35, activeDays: 2 },
    ]);

    const earlier = customerUsageResponse.parse((await call('GET', `/v1/customers/cus_a/usage?asOf=${encodeURIComponent('2024-04-09T23:00:00Z')}`, viewer)).json());
    expect(earlier.limits.find((l) => l.metric === 'api_call')).toMatchObject({ from: '2024-04-01', to: '2024-04-09', used: 300 });
    expect(earlier.limits.find((l) => l.metric === 'exports')!.used).toBe(0);
    expect((await call('GET', '/v1/customers/cus_nobody/usage', viewer)).json().error.code).toBe('RVP_CUSTOMER_NOT_FOUND');
  });

  it('loads limit uses for many customers at once (a plan without limits gets none)', async () => {
    const uses = await loadLimitUses(db.store.db, ws.id, '2024-04-15', [
      { customerId: 'cus_a', planId: 'prod_basic' }, { customerId: 'cus_c', planId: 'prod_basic' }, { customerId: 'cus_d', planId: 'prod_pro' }, { customerId: 'cus_x', planId: null },
    ]);
    expect(uses.get('cus_a')!.map((u) => [u.metric, u.used])).toEqual([['$seats', 2], ['api_call', 500], ['exports', 8], ['storage_gb', 35]]);
    // cus_c: 10,000 API calls on 5 April (ratio 10) and u9.
    expect(uses.get('cus_c')!.map((u) => [u.metric, u.used, u.ratio])).toEqual([['$seats', 1, 1 / 3], ['api_call', 10_000, 10], ['exports', 0, 0], ['storage_gb', 0, 0]]);
    expect(uses.get('cus_d')).toEqual([]);
    expect(uses.get('cus_x')).toEqual([]);
  });
});
