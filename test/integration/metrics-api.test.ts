// Every metrics endpoint against figures worked out by hand for the fixture business
// (test/helpers/revenue-fixture.ts), on PGlite and PostgreSQL, through app.inject with an API key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller, signedInMember } from '../helpers/auth.js';
import { FIXTURE_NOW, storeFixture } from '../helpers/revenue-fixture.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { createSource } from '../../src/store/sources-repo.js';

describe.each(BACKENDS)('metrics API on hand-computed figures (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let headers: Record<string, string>;
  const get = async (path: string) => {
    const response = await t.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    ws = await ensureWorkspace(db.store.db, { slug: 'fixture', name: 'Fixture' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_fixture' });
    await storeFixture(db.store, ws.id, source.id);
    await t.worker.drain();
    headers = (await apiKeyCaller(t, ws.id, 'viewer')).headers;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('summary: headline figures, today, growth, churn, trials', async () => {
    const s = await get('/v1/metrics/summary');
    // a $100 + c €40 at 1.20 + d $30 + f $20 = 100 + 48 + 30 + 20
    expect(s).toMatchObject({ currency: 'usd', mrr: 19_800, arr: 237_600, payingCustomers: 4, arpa: 4950, activeTrials: 1, target: null });
    // f signed up today; $100 (a) and $20 (f's retry) collected today.
    expect(s.today).toEqual({ day: '2024-04-15', signups: 1, churnedCustomers: 0, revenueCollected: 12_000 });
    // Like for like: the same day last month (15 March): a 100 + b 100 + c €40 at 1.10 = 244.00
    // (not the end of March, 148.00); 30 days ago (16 March) the same 244.00.
    expect(s.sameDayLastMonth).toEqual({ day: '2024-03-15', mrr: 24_400, arr: 292_800, payingCustomers: 3, arpa: 8133 });
    expect(s.growth.mom.value).toBeCloseTo((19_800 - 24_400) / 24_400, 12);
    expect(s.growth.last30Days.value).toBeCloseTo((19_800 - 24_400) / 24_400, 12);
    // b was one of the 3 paying customers 30 days ago and churned on 20 March.
    expect(s.churnRate.value).toBeCloseTo(1 / 3, 12);
    // Trials started in the 60 days to today whose real trial end has come: d (13 days, converted
    // on its end day, 14 April); e's trial runs until 24 April, so it is not counted yet.
    expect(s.trialConversion).toEqual({ from: '2024-02-16', to: '2024-04-15', started: 1, converted: 1, rate: { value: 1 }, averageDaysToConvert: 13 });
    expect(s.seq).toEqual(expect.any(Number));
  });

  it('summary: MRR target progress after an owner sets it', async () => {
    const owner = await signedInMember(t, [{ workspaceId: ws.id, role: 'owner' }]);
    const put = await t.app.inject({ method: 'PUT', url: `/v1/settings/mrr-target?workspace=${ws.id}`, headers: owner.headers, payload: { mrrTarget: 25_000 } });
    expect(put.statusCode, put.body).toBe(200);
    const viewerPut = await t.app.inject({ method: 'PUT', url: `/v1/settings/mrr-target?workspace=${ws.id}`, headers, payload: { mrrTarget: 1 } });
    expect(viewerPut.statusCode).toBe(403);
    const { target } = await get('/v1/metrics/summary');
    expect(target).toMatchObject({ mrrTarget: 25_000, progress: 0.792, reached: false, daysToTarget: { value: null } });
    // 52.00 to find in the 15 days left of April.
    expect(target.requiredDailyGrowth).toMatchObject({ daysLeft: 15, amount: 347 });
    expect(target.requiredDailyGrowth.rate).toBeCloseTo((25_000 / 19_800) ** (1 / 15) - 1, 12);
  });

  it('series: zero-filled, clipped to the range, with a comparison series', async () => {
    const s = await get('/v1/metrics/series?metric=mrr&granularity=month&from=2024-01-01&to=2024-04-15&compare=previous_year');
    expect(s.points.map((p: { period: string; value: number }) => [p.period, p.value])).toEqual([
      ['2024-01', 5000], ['2024-02', 20_000], ['2024-03', 14_800], ['2024-04', 19_800],
    ]);
    expect(s.points.at(-1)).toMatchObject({ start: '2024-04-01', end: '2024-04-15', compare: { period: '2023-04', start: '2023-04-01', end: '2023-04-15', value: 0 } });
    expect(s.compare).toEqual({ kind: 'previous_year', from: '2023-01-01', to: '2023-04-15' });
    const fx = await get('/v1/metrics/series?metric=fx&granularity=month&from=2024-03-01&to=2024-03-31');
    expect(fx.points[0].value).toBe(400); // €40 revalued from 1.10 to 1.20
    const churn = await get('/v1/metrics/series?metric=customer_churn_rate&granularity=month&from=2024-03-01&to=2024-04-30');
    expect(churn.points.map((p: { value: number | null }) => p.value)).toEqual([0.5, 0]);
    const trials = await get('/v1/metrics/series?metric=trials_started&granularity=month&from=2024-04-01&to=2024-04-30');
    expect(trials.points[0].value).toBe(2);
    const prev = await get('/v1/metrics/series?metric=new_customers&granularity=week&from=2024-04-08&to=2024-04-21&compare=previous_period');
    expect(prev.points.map((p: { period: string; value: number; compare: { period: string } }) => [p.period, p.value, p.compare.period])).toEqual([
      ['2024-W15', 1, '2024-W13'], ['2024-W16', 1, '2024-W14'],
    ]);
  });

  it('movements, churn, ltv and trials per period', async () => {
    const m = await get('/v1/metrics/movements?granularity=month&from=2024-01-01&to=2024-04-30');
    expect(m.periods.map((p: { movements: object }) => p.movements)).toEqual([
      { new: 5000, expansion: 0, contraction: 0, churn: 0, reactivation: 0, fx: 0 },
      { new: 10_000, expansion: 5000, contraction: 0, churn: 0, reactivation: 0, fx: 0 },
      { new: 4400, expansion: 0, contraction: 0, churn: -10_000, reactivation: 0, fx: 400 },
      { new: 5000, expansion: 0, contraction: 0, churn: 0, reactivation: 0, fx: 0 },
    ]);
    expect(m.periods[3]).toMatchObject({ mrrStart: 14_800, mrr: 19_800, customersStart: 2, customers: 4, newCustomers: 2 });
    const c = await get('/v1/metrics/churn?granularity=month&from=2024-03-01&to=2024-03-31');
    expect(c.periods[0]).toMatchObject({ customersStart: 2, churnedCustomers: 1, churnedCustomersFromStart: 1, mrrStart: 20_000, churnedMrr: 10_000, customerChurnRate: { value: 0.5 }, grossMrrChurnRate: { value: 0.5 }, grr: { value: 0.5 }, nrr: { value: 0.5 } });
    const ltv = await get('/v1/metrics/ltv?granularity=month&from=2024-03-01&to=2024-03-31&grossMargin=0.8');
    // ARPA 148.00 ÷ 2 = 74.00 × 0.8 ÷ 0.5 churn = 118.40
    expect(ltv.periods[0]).toMatchObject({ arpa: 7400, ltv: { value: 11_840 } });
    const trials = await get('/v1/metrics/trials?granularity=month&from=2024-04-01&to=2024-04-30');
    expect(trials.periods[0]).toMatchObject({ started: 2, converted: 1, startedAndConverted: 1, conversionRate: { value: 0.5 }, averageDaysToConvert: 13 });
  });

  it('by plan and by currency at a date, summing to MRR', async () => {
    const plans = await get('/v1/metrics/by-plan?date=2024-04-15');
    // Basic: a $100 + f $20 + c €40 (= $48); Pro: d $30.
    expect(plans).toMatchObject({ mrr: 19_800, plans: [
      { planId: 'prod_basic', planName: 'Basic', mrr: 16_800, customers: 3, byCurrency: { usd: 12_000, eur: 4000 } },
      { planId: 'prod_pro', planName: 'Pro', mrr: 3000, customers: 1, byCurrency: { usd: 3000 } },
    ] });
    const currencies = await get('/v1/metrics/by-currency?date=2024-04-15');
    expect(currencies).toMatchObject({ mrr: 19_800, currencies: [
      { currency: 'usd', native: 15_000, mrr: 15_000, customers: 3 },
      { currency: 'eur', native: 4000, mrr: 4800, customers: 1, rate: '1.2' },
    ] });
    const march = await get('/v1/metrics/by-plan?date=2024-03-10');
    expect(march.plans.map((p: { planId: string; mrr: number }) => [p.planId, p.mrr])).toEqual([['prod_basic', 14_400], ['prod_pro', 10_000]]);
  });

  it('cohorts (logo and revenue) and the forecast', async () => {
    const logo = await get('/v1/metrics/cohorts?kind=logo&maxAge=3');
    expect(logo.cohorts.map((c: { cohort: string; customers: number; retention: (number | null)[] }) => [c.cohort, c.customers, c.retention])).toEqual([
      ['2024-01', 1, [1, 1, 1, 1]],
      ['2024-02', 1, [1, 0, 0, null]],
      ['2024-03', 1, [1, 1, null, null]],
      ['2024-04', 2, [1, null, null, null]],
    ]);
    const revenue = await get('/v1/metrics/cohorts?kind=revenue&maxAge=3&from=2024-01&to=2024-01');
    expect(revenue.cohorts).toEqual([{ cohort: '2024-01', customers: 1, startMrr: 5000, retention: [1, 2, 2, 2], values: [5000, 10_000, 10_000, 10_000] }]);
    const forecast = await get('/v1/metrics/forecast?horizon=2&months=12');
    expect(forecast.history).toEqual([{ month: '2024-01', mrr: 5000 }, { month: '2024-02', mrr: 20_000 }, { month: '2024-03', mrr: 14_800 }]);
    expect(forecast.forecast.map((p: { month: string }) => p.month)).toEqual(['2024-04', '2024-05']);
  });

  it('payments health: success rate, declines, recovery', async () => {
    const h = await get('/v1/payments/health?from=2024-04-01&to=2024-04-15&granularity=month');
    expect(h).toMatchObject({
      succeeded: { count: 2, amount: 12_000 },
      failed: { count: 1, amount: 2000 },
      declines: [{ code: 'insufficient_funds', count: 1, amount: 2000 }],
      recovered: { count: 1, amount: 2000 },
      refunds: { count: 0, amount: 0 },
      disputes: { count: 0, amount: 0, lost: 0 },
    });
    expect(h.successRate.value).toBeCloseTo(2 / 3, 12);
    const viewerBilling = await t.app.inject({ url: `/v1/payments/health?workspace=${ws.id}`, headers: (await apiKeyCaller(t, ws.id, 'billing')).headers });
    expect(viewerBilling.statusCode).toBe(200);
  });

  it('validates parameters, naming the field', async () => {
    const cases: [string, string][] = [
      ['/v1/metrics/series?metric=mrr&from=2024-05-01&to=2024-04-01', 'from: must not be after to'],
      ['/v1/metrics/series?metric=mrr&granularity=fortnight', 'granularity:'],
      ['/v1/metrics/series?metric=mrr&from=2024-02-30', 'from: must be a calendar day'],
      ['/v1/metrics/series?metric=mrr&granularity=day&from=2000-01-01&to=2024-01-01', 'from: the range has more than'],
      ['/v1/metrics/cohorts?kind=ltv', 'kind:'],
      ['/v1/explain?metric=churn', 'from: is required for churn'],
      ['/v1/customers?status=happy', 'status: must be one or more of'],
      ['/v1/customers?cursor=bm9wZQ', 'cursor: not a cursor'],
    ];
    for (const [path, message] of cases) {
      const response = await t.app.inject({ url: `${path}&workspace=${ws.id}`, headers });
      expect(response.statusCode, path).toBe(400);
      expect(response.json().error.code).toBe('RVP_VALIDATION');
      expect(response.json().error.message, path).toContain(message);
    }
  });

  it('refuses callers without the permission, and other workspaces', async () => {
    const billing = (await apiKeyCaller(t, ws.id, 'billing')).headers;
    expect((await t.app.inject({ url: `/v1/metrics/summary?workspace=${ws.id}`, headers: billing })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/v1/metrics/summary?workspace=${ws.id}` })).statusCode).toBe(401);
    const other = await ensureWorkspace(db.store.db, { slug: 'other', name: 'Other' });
    expect((await t.app.inject({ url: `/v1/metrics/summary?workspace=${other.id}`, headers })).statusCode).toBe(404);
  });
});
