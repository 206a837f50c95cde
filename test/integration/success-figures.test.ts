// The customer-success figures over hand-written rows, each expectation worked out by hand from
// them: the overview (distribution, at risk, trend, alerts, counts, notes), expansion, onboarding,
// NPS (exactly 9 and 6, latest per respondent, no responses, as-of), usage by plan and LTV by plan.
// Rows dated after the as-of instant never count; another workspace's rows never show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember, type Caller } from '../helpers/auth.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { addAccount, addAlert, addCustomers, addHealth, addLimits, addRisk, addSurveys, addUsage } from './success-fixture.js';

const TODAY = '2026-06-30';
const NOW = new Date(`${TODAY}T12:00:00Z`);

describe.each(BACKENDS)('customer-success figures (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let a: Workspace;
  let b: Workspace;
  let viewer: Caller;

  const get = async (path: string, ws: Workspace = a) => {
    const res = await t.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: viewer.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW });
    a = await ensureWorkspace(db.store.db, { slug: 'fig-a', name: 'A' });
    b = await ensureWorkspace(db.store.db, { slug: 'fig-b', name: 'B' });
    viewer = await signedInMember(t, [{ workspaceId: a.id, role: 'viewer' }, { workspaceId: b.id, role: 'viewer' }]);
    const d = db.store.db;
    await addCustomers(d, a.id, [
      { id: 'p1', name: 'Big', planId: 'pro', planName: 'Pro', mrr: 50_000 },
      { id: 'p2', name: 'Mid', planId: 'basic', planName: 'Basic', mrr: 10_000 },
      { id: 'p3', name: 'Small', planId: 'basic', planName: 'Basic', mrr: 8_000 },
      { id: 'p4', name: 'Quiet', planId: 'basic', planName: 'Basic', mrr: 9_000 },
      { id: 'p5', name: 'Gone', planId: 'basic', planName: 'Basic', status: 'churned', ledger: [['2026-01-01', 7_000], ['2026-04-10', 0]] },
      { id: 't1', name: 'Trial', status: 'trialing', signupDay: '2026-06-20' },
      { id: 'n2', name: 'Newest', status: 'trialing', signupDay: '2026-06-28' },
      { id: 'n3', name: 'Eager', status: 'trialing', signupDay: '2026-06-05' },
    ], TODAY);
    await addHealth(d, a.id, [
      { customerId: 'p1', day: '2026-06-29', score: 40 }, { customerId: 'p2', day: '2026-06-29', score: 70 },
      { customerId: 'p1', day: TODAY, score: 30 }, { customerId: 'p2', day: TODAY, score: 80 }, { customerId: 'p3', day: TODAY, score: 50, partial: true },
      { customerId: 'p3', day: '2026-07-01', score: 5 },
      { customerId: 'p5', day: '2026-03-15', score: 20 },
      { customerId: 'p5', day: '2026-06-29', score: 10 }, // churned in April: not in the trend's book
    ]);
    await addRisk(d, a.id, [
      { customerId: 'p1', day: TODAY, probability: 0.6, reasons: [{ feature: 'usage_trend_30d', label: 'usage down 40%', contribution: 1, value: -0.4 }] },
      { customerId: 'p2', day: TODAY, probability: 0.55 }, { customerId: 'p3', day: TODAY, probability: 0.2 },
      { customerId: 'p4', day: '2026-07-01', probability: 0.99 },
    ]);
    await addAlert(d, a.id, { ruleId: 'r1', kind: 'health_below', alertId: 'a1', customerId: 'p1', status: 'open', openedAt: '2026-06-29T08:00:00Z' });
    await addAlert(d, a.id, { ruleId: 'r1', kind: 'health_below', alertId: 'a4', customerId: 'p3', status: 'acknowledged', openedAt: '2026-06-20T08:00:00Z' });
    await addAlert(d, a.id, { ruleId: 'r2', kind: 'payment_failed', alertId: 'a2', customerId: 'p2', status: 'cleared', openedAt: '2026-06-20T08:00:00Z', clearedAt: '2026-06-30T06:00:00Z' });
    await addAlert(d, a.id, { ruleId: 'r2', kind: 'payment_failed', alertId: 'a3', customerId: 'p3', status: 'open', openedAt: '2026-06-30T18:00:00Z' });
    await addLimits(d, a.id, [
      { planId: 'basic', metric: '$seats', limit: 1 }, { planId: 'basic', metric: 'api_call', limit: 1000 },
      { planId: 'pro', metric: '$seats', limit: 10 }, { planId: 'pro', metric: 'api_call', limit: 100_000 },
    ]);
    await addAccount(d, a.id, 'acc_p1', 'p1', [{ user: 'z1', day: '2026-06-28', events: 10 }]);
    await addAccount(d, a.id, 'acc_p2', 'p2', [{ user: 'x1', day: '2026-06-25', events: 5 }, { user: 'x2', day: '2026-06-26', events: 5 }]);
    await addAccount(d, a.id, 'acc_p3', 'p3', [{ user: 'y1', day: '2026-06-20', events: 100 }]);
    await addAccount(d, a.id, 'acc_t1', 't1');
    await addAccount(d, a.id, 'acc_n3', 'n3');
    await addUsage(d, a.id, [
      { account: 'acc_p3', day: '2026-06-05', event: 'api_call', events: 5, quantity: 500 },
      { account: 'acc_p3', day: '2026-06-20', event: 'api_call', events: 4, quantity: 400 },
      { account: 'acc_p3', day: '2026-05-31', event: 'api_call', events: 3, quantity: 300 },
      { account: 'acc_p1', day: '2026-06-28', event: 'report_run', events: 50 },
      { account: 'acc_p2', day: '2026-06-25', event: '$page', events: 20 },
      { account: 'acc_t1', day: '2026-06-20', event: 'Account Created', events: 1 },
      { account: 'acc_t1', day: '2026-06-21', event: 'Integration Connected', events: 1 },
      { account: 'acc_n3', day: '2026-06-05', event: 'Account Created', events: 1 },
      { account: 'acc_n3', day: '2026-06-06', event: 'Integration Connected', events: 1 },
      { account: 'acc_n3', day: '2026-06-08', event: 'Invite Sent', events: 1 },
      { account: 'acc_n3', day: '2026-06-10', event: 'Report Created', events: 1 },
    ]);
    await addSurveys(d, a.id, [
      { id: 's1', customerId: 'p1', score: 3, at: '2026-06-02T10:00:00Z' },
      { id: 's2', customerId: 'p1', score: 9, at: '2026-06-10T10:00:00Z' },
      { id: 's3', customerId: 'p2', score: 6, at: '2026-06-15T10:00:00Z' },
      { id: 's4', customerId: 'p3', score: 7, at: '2026-05-20T10:00:00Z' },
      { id: 's5', customerId: 'p4', score: 10, at: '2026-05-05T10:00:00Z' },
      { id: 's6', customerId: null, email: 'Anon@Example.com', score: 0, at: '2026-06-20T10:00:00Z' },
      { id: 's7', customerId: 'p2', score: 10, at: '2026-06-30T18:00:00Z' },
      { id: 's8', customerId: 'p2', score: 2, at: '2026-06-16T10:00:00Z', kind: 'csat' },
    ]);
    // Workspace B: its own customer, scores, alert and responses.
    await addCustomers(d, b.id, [{ id: 'p1', planId: 'pro', mrr: 1_000 }], TODAY);
    await addHealth(d, b.id, [{ customerId: 'p1', day: TODAY, score: 10 }]);
    await addAlert(d, b.id, { ruleId: 'r1', kind: 'usage_drop', alertId: 'b1', customerId: 'p1', status: 'open', openedAt: '2026-06-29T08:00:00Z' });
    await addSurveys(d, b.id, [{ id: 's1', customerId: 'p1', score: 0, at: '2026-06-10T10:00:00Z' }]);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('overview: distribution, at risk by MRR, trend, open alerts and counts, as of now', async () => {
    const o = await get('/v1/success/overview');
    expect(o.currency).toBe('usd');
    expect(o.distribution.bands).toEqual([
      { band: 'high_risk', customers: 1, mrr: 50_000 }, { band: 'medium', customers: 1, mrr: 8_000 }, { band: 'healthy', customers: 1, mrr: 10_000 },
    ]);
    expect(o.distribution.unscored).toEqual({ customers: 1, mrr: 9_000 });
    expect(o.distribution.histogram.map((h: { customers: number }) => h.customers)).toEqual([0, 0, 0, 1, 0, 1, 0, 0, 1, 0]);
    expect(o.distribution.histogram[9]).toEqual({ from: 90, to: 100, customers: 0 });
    expect(o.distribution.averageScore).toBeCloseTo((30 + 80 + 50) / 3, 10);
    expect(o.distribution.partial).toBe(1);
    expect(o.atRisk.customers).toBe(2);
    expect(o.atRisk.mrr).toBe(60_000);
    expect(o.atRisk.top.map((c: { id: string }) => c.id)).toEqual(['p1', 'p2']);
    expect(o.atRisk.top[0]).toEqual({ id: 'p1', name: 'Big', planId: 'pro', planName: 'Pro', mrr: 50_000, health: { score: 30, band: 'high_risk', partial: false }, risk: 0.6, topReason: 'usage down 40%' });
    expect(o.trend).toEqual([
      { day: '2026-06-29', averageScore: 55, scored: 2, high_risk: 0, medium: 2, healthy: 0 },
      { day: TODAY, averageScore: expect.closeTo((30 + 80 + 50) / 3, 10), scored: 3, high_risk: 1, medium: 1, healthy: 1 },
    ]);
    expect(o.alerts).toEqual({ open: 2, byKind: [{ kind: 'health_below', open: 2 }] });
    expect(o.expansion).toEqual({ opportunities: 3, customers: 2 });
    expect(o.onboarding).toEqual({ customers: 3, completed: 1, stuck: 1 });
    expect(o.notes).toEqual([]);
  });

  it('overview as of an earlier instant reads that day: the cleared alert open again, yesterday\'s scores', async () => {
    const o = await get('/v1/success/overview?asOf=2026-06-29T23:00:00Z');
    expect(o.day).toBe('2026-06-29');
    expect(o.distribution.bands).toEqual([
      { band: 'high_risk', customers: 0, mrr: 0 }, { band: 'medium', customers: 2, mrr: 60_000 }, { band: 'healthy', customers: 0, mrr: 0 },
    ]);
    expect(o.atRisk.customers).toBe(0);
    expect(o.trend.map((p: { day: string }) => p.day)).toEqual(['2026-06-29']);
    expect(o.alerts).toEqual({ open: 3, byKind: [{ kind: 'health_below', open: 2 }, { kind: 'payment_failed', open: 1 }] });
  });

  it('overview of another workspace shows only its own rows; partial data comes with notes', async () => {
    const o = await get('/v1/success/overview', b);
    expect(o.distribution.bands[0]).toEqual({ band: 'high_risk', customers: 1, mrr: 1_000 });
    expect(o.alerts).toEqual({ open: 1, byKind: [{ kind: 'usage_drop', open: 1 }] });
    expect(o.notes.map((n: { figure: string; message: string }) => n.message)).toEqual(expect.arrayContaining([
      'No product usage received yet: health uses payment and support only.',
      'No churn-risk scores yet: customers at risk are those in the high-risk health band only.',
    ]));
  });

  it('expansion: a limit above 80%, two users on a single seat, a power user on the entry plan', async () => {
    const e = await get('/v1/success/expansion');
    expect(e.counts).toEqual({ limit_near: 1, multi_user_single_seat: 1, power_user_entry_plan: 1 });
    expect(e.customers).toBe(2);
    const pro = { planId: 'pro', planName: 'Pro' };
    expect(e.data).toEqual([
      { customerId: 'p2', name: 'Mid', planId: 'basic', planName: 'Basic', mrr: 10_000, kind: 'multi_user_single_seat', evidence: { kind: 'multi_user_single_seat', activeUsers: 2, seats: 1 }, suggestedPlan: pro },
      // api_call is counted over the month to date: May's 300 are left out (900 / 1000).
      { customerId: 'p3', name: 'Small', planId: 'basic', planName: 'Basic', mrr: 8_000, kind: 'limit_near', evidence: { kind: 'limit_near', metric: 'api_call', used: 900, limit: 1000, ratio: 0.9 }, suggestedPlan: pro },
      // 4 active users: the top 10% is the 1 with most events (100).
      { customerId: 'p3', name: 'Small', planId: 'basic', planName: 'Basic', mrr: 8_000, kind: 'power_user_entry_plan', evidence: { kind: 'power_user_entry_plan', powerUsers: 1, topUserEvents: 100, threshold: 100 }, suggestedPlan: pro },
    ]);
    // Before June 20 p3 had used 500 of 1000 and y1 was not active yet.
    const earlier = await get('/v1/success/expansion?asOf=2026-06-19T12:00:00Z');
    expect(earlier.counts).toEqual({ limit_near: 0, multi_user_single_seat: 0, power_user_entry_plan: 0 });
  });

  it('onboarding: milestones per new customer, completion rates, stuck after 7 days without progress', async () => {
    const o = await get('/v1/success/onboarding');
    expect(o.windowDays).toBe(30);
    expect(o.counts).toEqual({ customers: 3, completed: 1, stuck: 1 });
    expect(o.milestones.map((m: { key: string; reached: number; rate: number }) => [m.key, m.reached, m.rate])).toEqual([
      ['account_created', 2, 2 / 3], ['integration_connected', 2, 2 / 3], ['invite_sent', 1, 1 / 3], ['report_created', 1, 1 / 3],
    ]);
    expect(o.customers.map((c: { customerId: string; completed: number; stuck: boolean; lastProgressDay: string; linked: boolean }) => [c.customerId, c.completed, c.stuck, c.lastProgressDay, c.linked])).toEqual([
      ['n2', 0, false, '2026-06-28', false], ['t1', 2, true, '2026-06-21', true], ['n3', 4, false, '2026-06-10', true],
    ]);
    // On June 25, t1's last milestone (June 21) was 4 days old: not stuck yet.
    const earlier = await get('/v1/success/onboarding?asOf=2026-06-25T12:00:00Z');
    expect(earlier.counts).toEqual({ customers: 2, completed: 1, stuck: 0 });
  });

  it('NPS: latest response per respondent, 9 promotes and 6 detracts, per month and over the range; none before', async () => {
    const n = await get('/v1/success/nps?from=2026-05-01&to=2026-06-30&granularity=month');
    expect(n.periods.map((p: { period: string; responses: number; promoters: number; passives: number; detractors: number; nps: number }) => [p.period, p.responses, p.promoters, p.passives, p.detractors, p.nps])).toEqual([
      ['2026-05', 2, 1, 1, 0, 50],
      ['2026-06', 3, 1, 0, 2, expect.closeTo((100 * (1 - 2)) / 3, 10)],
    ]);
    expect(n.current).toEqual({ responses: 5, promoters: 2, passives: 1, detractors: 2, nps: 0 });
    expect(n.previous).toEqual({ from: '2026-03-01', to: '2026-04-30', responses: 0, promoters: 0, passives: 0, detractors: 0, nps: null, note: 'No NPS responses in this span' });
    // As of June 12: p1's 9 (June 10) is its latest; p2's 6 (June 15) has not happened.
    const early = await get('/v1/success/nps?from=2026-06-01&to=2026-06-30&granularity=month&asOf=2026-06-12T00:00:00Z');
    expect(early.to).toBe('2026-06-12');
    expect(early.current).toEqual({ responses: 1, promoters: 1, passives: 0, detractors: 0, nps: 100 });
    // The other workspace's single detractor.
    expect((await get('/v1/success/nps?from=2026-06-01&to=2026-06-30', b)).current.nps).toBe(-100);
  });

  it('usage: active users, total and average usage per plan; adoption per plan', async () => {
    const u = await get('/v1/success/usage?from=2026-06-01&to=2026-06-30&granularity=month');
    expect(u.periods).toHaveLength(1);
    const [june] = u.periods;
    expect(june).toMatchObject({ period: '2026-06', activeUsers: 4, totalUsage: 956, averageDailyActiveUsers: 4 / 30 });
    expect(june.plans).toEqual([
      { planId: 'basic', planName: 'Basic', activeUsers: 3, averageDailyActiveUsers: 3 / 30, activeAccounts: 2, totalUsage: 900, averageUsagePerUser: 300 },
      { planId: 'pro', planName: 'Pro', activeUsers: 1, averageDailyActiveUsers: 1 / 30, activeAccounts: 1, totalUsage: 50, averageUsagePerUser: 50 },
      { planId: null, planName: null, activeUsers: 0, averageDailyActiveUsers: 0, activeAccounts: 0, totalUsage: 6, averageUsagePerUser: null },
    ]);
    expect(u.adoption.find((p: { planId: string | null }) => p.planId === 'basic')).toEqual({ planId: 'basic', planName: 'Basic', activeAccounts: 2, features: [{ event: 'api_call', accounts: 1, share: 0.5 }] });
    expect(u.adoption.find((p: { planId: string | null }) => p.planId === 'pro').features).toEqual([{ event: 'report_run', accounts: 1, share: 1 }]);
    const weekly = await get('/v1/success/usage?from=2026-06-01&to=2026-06-30&granularity=week');
    expect(weekly.periods.reduce((s: number, p: { totalUsage: number }) => s + p.totalUsage, 0)).toBe(956);
  });

  it('LTV by plan: ARPA / monthly churn rate over 6 months, null with a note without churn', async () => {
    const l = await get('/v1/metrics/ltv-by-plan');
    expect(l.window).toEqual({ from: '2025-12-31', to: TODAY, months: 6 });
    const windowDays = 182;
    // basic: p2, p3, p4 paid Jan 1 – Jun 30 (181 days each); p5 Jan 1 – Apr 9 (99 days), then churned.
    const customerMonths = ((3 * 181 + 99) * 6) / windowDays;
    const basic = l.plans.find((p: { planId: string }) => p.planId === 'basic');
    expect(basic).toMatchObject({ customers: 3, mrr: 27_000, arpa: 9_000, churned: 1 });
    expect(basic.customerMonths).toBeCloseTo(customerMonths, 10);
    expect(basic.churnRate).toBeCloseTo(1 / customerMonths, 10);
    expect(basic.ltv).toBe(Math.round(9_000 * customerMonths));
    expect(l.plans.find((p: { planId: string }) => p.planId === 'pro')).toMatchObject({ customers: 1, arpa: 50_000, churned: 0, ltv: null, note: 'no churn in the last 6 months: LTV is unbounded' });
  });

  it('serves the success metrics of the registry as series', async () => {
    const series = async (q: string) => (await get(`/v1/metrics/series?${q}`)).points.map((p: { value: number | null }) => p.value);
    const nps = await series('metric=nps&granularity=month&from=2026-05-01&to=2026-06-30');
    expect(nps[0]).toBe(50);
    expect(nps[1]).toBeCloseTo(-100 / 3, 10);
    const health = await get('/v1/metrics/series?metric=average_health&granularity=day&from=2026-06-28&to=2026-06-30');
    expect(health.unit).toBe('score');
    expect(health.points.map((p: { value: number | null }) => p.value)).toEqual([null, 55, expect.closeTo(160 / 3, 10)]);
    expect(health.points[0].reason).toBe('no health snapshot in the period');
    expect(await series('metric=customers_at_risk&granularity=day&from=2026-06-29&to=2026-06-30')).toEqual([0, 2]);
    expect(await series('metric=mrr_at_risk&granularity=day&from=2026-06-29&to=2026-06-30')).toEqual([0, 60_000]);
    expect(await series('metric=daily_active_users&granularity=day&from=2026-06-25&to=2026-06-28')).toEqual([1, 1, 0, 1]);
  });

  it('refuses bad ranges, naming the field', async () => {
    for (const [path, field] of [['/v1/success/nps?from=2026-07-01&to=2026-06-01', 'from'], ['/v1/success/usage?granularity=hour', 'granularity'], ['/v1/success/overview?asOf=yesterday', 'asOf']]) {
      const res = await t.app.inject({ url: `${path}&workspace=${a.id}`, headers: viewer.headers });
      expect(res.statusCode, path).toBe(400);
      expect(res.json().error.message, path).toContain(field);
    }
  });
});
