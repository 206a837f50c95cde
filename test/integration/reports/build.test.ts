// The three built-in reports on the fixture business (build-seed.ts), every headline figure held
// against the API's own answer for the same instant, read independently through app.inject — the
// proof that the reports and the dashboard show the same numbers — and some against a hand
// computation besides. Also: a period to date, urgent alerts in severity order, the MRR target,
// customer-success figures and their missing-signal reasons, and another workspace's data never
// appearing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asOf } from '../../../src/read/clock.js';
import { reportDocument } from '../../../src/read/reports/contract.js';
import { buildReport } from '../../../src/reports/build.js';
import type { Workspace } from '../../../src/store/workspaces-repo.js';
import { findWorkspace } from '../../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { apiKeyCaller } from '../../helpers/auth.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { FIXTURE_NOW } from '../../helpers/revenue-fixture.js';
import { blockIds, kpiOf, seedReportWorkspaces, tableOf } from './build-seed.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(BACKENDS)('built-in reports read the API\'s figures (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let a: Workspace;
  let b: Workspace;
  const headers = new Map<string, Record<string, string>>();
  const get = async (path: string, ws: Workspace = a): Promise<Json> => {
    const response = await t.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: headers.get(ws.id)! });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const build = (ws: Workspace, key: string, period?: string) => buildReport({ db: db.store.db, workspace: ws, now: FIXTURE_NOW }, { key, asOf: asOf(FIXTURE_NOW), ...(period ? { period } : {}) });
  const series = async (metric: string, granularity: string, from: string, to: string) =>
    (await get(`/v1/metrics/series?metric=${metric}&granularity=${granularity}&from=${from}&to=${to}`)).points.map((p: Json) => p.value) as (number | null)[];

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    ({ a, b } = await seedReportWorkspaces(db.store, t));
    for (const ws of [a, b]) headers.set(ws.id, (await apiKeyCaller(t, ws.id, 'viewer')).headers);
    await db.store.db.updateTable('workspaces').set({ mrr_target: 25_000 }).where('workspace_id', '=', a.id).execute();
    a = (await findWorkspace(db.store.db, a.id))!;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('daily: the day\'s key metrics against the day before, as the summary and the daily series read them', async () => {
    const doc = await build(a, 'daily', '2024-04-14');
    expect(reportDocument.parse(doc)).toEqual(doc);
    expect(doc).toMatchObject({ key: 'daily', kind: 'daily', title: 'Daily summary — 14 Apr 2024', currency: 'usd', period: { key: '2024-04-14', from: '2024-04-14', to: '2024-04-14' } });
    const summary = await get('/v1/metrics/summary?asOf=2024-04-14T23:59:59.999Z');
    const before = await get('/v1/metrics/summary?asOf=2024-04-13T23:59:59.999Z');
    // By hand: a $100 + c €40 at 1.20 + d $30 (its trial converted on the 14th) = $178.00.
    expect(summary.mrr).toBe(17_800);
    expect(kpiOf(doc, 'MRR')).toMatchObject({ figure: { value: summary.mrr, currency: 'usd', unit: 'money' }, previous: before.mrr, comparedWith: 'vs 13 Apr 2024', lowerIsBetter: false });
    expect(kpiOf(doc, 'MRR').change).toBeCloseTo((17_800 - 14_800) / 14_800, 12);
    for (const metric of ['net_new_mrr', 'new', 'new_customers', 'churned_customers', 'revenue_collected', 'failed_payments'] as const) {
      const [previous, value] = await series(metric, 'day', '2024-04-13', '2024-04-14');
      const k = doc.sections[0]!.blocks[0]!.type === 'kpis' ? doc.sections[0]!.blocks[0]!.kpis.find((x) => x.figure.metric === metric)! : null;
      expect(k, metric).toMatchObject({ figure: { value }, previous });
    }
    // Churned MRR is shown as the amount lost; the series keeps the ledger's sign.
    const [, churn] = await series('churn', 'day', '2024-04-13', '2024-04-14');
    expect(kpiOf(doc, 'Churned MRR')).toMatchObject({ figure: { value: -churn! || 0 }, lowerIsBetter: true });
    // The 7-day trend: new MRR summed over 8–14 April is d's $30.00; MRR at the end is the day's.
    const trend = tableOf(doc, 'trends-revenue');
    expect(trend.rows.find((r) => r.metric === 'New MRR')).toMatchObject({ last7: (await series('new', 'day', '2024-04-08', '2024-04-14')).reduce((s, v) => s! + v!, 0), previous7: 0 });
    expect(trend.rows[0]).toMatchObject({ last7: 17_800 });
    const chart = doc.sections.flatMap((s) => s.blocks).find((x) => x.type === 'chart')!;
    expect(chart.type === 'chart' && chart.chart.series[0]!.values).toEqual(await series('mrr', 'day', '2024-03-16', '2024-04-14'));
    expect(new Set(blockIds(doc)).size).toBe(blockIds(doc).length);
  });

  it('daily: open alerts by severity (failed payments first), none opened after the as-of instant, none cleared', async () => {
    const doc = await build(a, 'daily');
    expect(doc.period.key).toBe('2024-04-14'); // the last complete day at 15 Apr 12:00
    const alerts = tableOf(doc, 'alerts');
    expect(alerts.rows.map((r) => [r.alert, r.customer])).toEqual([['r_pay', 'Frida Fisher'], ['r_health', 'Claude Chevalier'], ['r_limit', 'Alice Anderson']]);
    const open = await get(`/v1/alerts?status=open&asOf=${FIXTURE_NOW.toISOString()}`);
    expect(alerts.rows).toHaveLength(open.total);
    expect(doc.summary).toContain('3 open alerts need attention; the most urgent: r_pay (Frida Fisher).');
  });

  it('daily: progress to the month\'s MRR target, as the summary reads it at the end of the day', async () => {
    const doc = await build(a, 'daily', '2024-04-14');
    const summary = await get('/v1/metrics/summary?asOf=2024-04-14T23:59:59.999Z');
    expect(kpiOf(doc, 'MRR target, April 2024').figure.value).toBe(25_000);
    expect(kpiOf(doc, 'Progress to target').figure.value).toBeCloseTo(summary.target.progress, 12);
    expect(kpiOf(doc, 'Needed per day').figure.value).toBe(summary.target.requiredDailyGrowth.amount);
    expect(kpiOf(doc, 'Days left in the month').figure.value).toBe(16);
    expect(doc.summary.at(-1)).toMatch(/^MRR is 71\.2% of the \$250\.00 target: \$4\.50 a day is needed over the 16 days left of April 2024\.$/);
  });

  it('daily: today is reported to date, and a day after the as-of day is refused', async () => {
    const doc = await build(a, 'daily', '2024-04-15');
    expect(doc.period).toMatchObject({ key: '2024-04-15', to: '2024-04-15', label: '15 Apr 2024 (to date, as of 12:00 UTC)' });
    const summary = await get('/v1/metrics/summary');
    expect(kpiOf(doc, 'Revenue collected').figure.value).toBe(summary.today.revenueCollected);
    expect(kpiOf(doc, 'MRR').figure.value).toBe(summary.mrr);
    await expect(build(a, 'daily', '2024-04-16')).rejects.toThrow(/period "2024-04-16" is in the future/);
  });

  it('weekly: the ISO week\'s movements against the previous week, MRR by plan, the largest movers', async () => {
    const doc = await build(a, 'weekly');
    expect(doc.period).toEqual({ key: '2024-W15', label: 'Week 15, 8 Apr 2024 – 14 Apr 2024', from: '2024-04-08', to: '2024-04-14' });
    const movements = await get('/v1/metrics/movements?granularity=week&from=2024-04-01&to=2024-04-14');
    const [w14, w15] = movements.periods;
    expect(kpiOf(doc, 'MRR')).toMatchObject({ figure: { value: w15.mrr }, previous: w14.mrr, comparedWith: 'vs week 14' });
    expect(kpiOf(doc, 'New MRR')).toMatchObject({ figure: { value: w15.movements.new }, previous: w14.movements.new });
    expect(kpiOf(doc, 'Net new MRR')).toMatchObject({ figure: { value: w15.netNewMrr }, previous: w14.netNewMrr });
    expect(kpiOf(doc, 'New customers')).toMatchObject({ figure: { value: w15.newCustomers }, previous: w14.newCustomers });
    const table = tableOf(doc, 'movements');
    expect(table.rows.find((r) => r.movement === 'MRR at the end')).toMatchObject({ period: w15.mrr, previous: w14.mrr, difference: w15.mrr - w14.mrr });
    const plans = await get('/v1/metrics/by-plan?date=2024-04-14');
    expect(tableOf(doc, 'mrr-by-plan').rows.map((r) => [r.plan, r.mrr])).toEqual(plans.plans.map((p: Json) => [p.planName, p.mrr]));
    expect(tableOf(doc, 'mrr-by-plan').total).toMatchObject({ mrr: plans.mrr });
    const explained = await get('/v1/explain?metric=new&from=2024-04-08&to=2024-04-14');
    expect(tableOf(doc, 'largest-movers').rows.filter((r) => r.movement === 'New').map((r) => [r.customer, r.amount])).toEqual(explained.lines.map((l: Json) => [l.name ?? l.customerId, l.reporting]));
  });

  it('weekly: customer-success figures as the registry series read them, opportunities and risks', async () => {
    const doc = await build(a, 'weekly', '2024-W15');
    for (const metric of ['average_health', 'customers_at_risk', 'mrr_at_risk', 'nps', 'daily_active_users']) {
      const s = await get(`/v1/metrics/series?metric=${metric}&granularity=week&from=2024-04-08&to=2024-04-14&compare=previous_period`);
      const k = doc.sections.find((x) => x.id === 'success')!.blocks.flatMap((x) => (x.type === 'kpis' ? x.kpis : [])).find((x) => x.figure.metric === metric)!;
      expect(k.figure.value, metric).toBe(s.points[0].value);
      expect(k.previous, metric).toBe(s.points[0].compare.value);
    }
    // By hand: health 75 and 30 on the 14th average 52.5; Claude (risk 0.7, health 30) is at risk with €40 = $48.00; NPS (9, 4) = 0.
    expect(kpiOf(doc, 'Average health score').figure.value).toBe(52.5);
    expect(kpiOf(doc, 'MRR at risk')).toMatchObject({ figure: { value: 4800 }, lowerIsBetter: true });
    expect(kpiOf(doc, 'NPS').figure.value).toBe(0);
    expect(tableOf(doc, 'risks').rows).toEqual([expect.objectContaining({ customer: 'Claude Chevalier', mrr: 4800, health: 30, risk: 0.7, reason: 'usage down 60%' })]);
    const expansion = await get('/v1/success/expansion?asOf=2024-04-14T23:59:59.999Z');
    expect(tableOf(doc, 'opportunities').rows.map((r) => r.customer)).toEqual(expansion.data.map((o: Json) => o.name));
    expect(tableOf(doc, 'opportunities').rows[0]).toMatchObject({ customer: 'Alice Anderson', signal: 'More users than seats' });
  });

  it('weekly: a workspace without signals gets null figures with reasons and a note, never a failed report', async () => {
    const doc = await build(b, 'weekly', '2024-W15');
    const success = doc.sections.find((s) => s.id === 'success')!;
    expect(kpiOf(doc, 'Daily active users').figure).toMatchObject({ value: null, reason: 'no product usage received yet (no tracking feed)' });
    expect(kpiOf(doc, 'NPS').figure).toMatchObject({ value: null, reason: 'no NPS responses in the period' });
    expect(kpiOf(doc, 'Average health score').figure.value).toBeNull();
    expect(success.note).toMatch(/^Not available: .*NPS \(no NPS responses in the period\)/);
    expect(doc.sections.find((s) => s.id === 'risks')!.note).toMatch(/No health or risk scores/);
    expect(doc.sections.find((s) => s.id === 'opportunities')!.note).toBeTruthy();
  });

  it('board: MRR, growth, bridge, retention, ARPA, cohorts, top customers and forecast equal the API\'s', async () => {
    const doc = await build(a, 'board', '2024-03');
    expect(doc).toMatchObject({ title: 'Board pack — March 2024', period: { from: '2024-03-01', to: '2024-03-31' } });
    const months = await get('/v1/metrics/movements?granularity=month&from=2023-04-01&to=2024-03-31');
    const march = months.periods.at(-1);
    const feb = months.periods.at(-2);
    expect(kpiOf(doc, 'MRR')).toMatchObject({ figure: { value: march.mrr }, previous: feb.mrr, comparedWith: 'vs February 2024' });
    expect(march.mrr).toBe(14_800); // a $100 + c €40 at 1.20
    expect(kpiOf(doc, 'ARR').figure.value).toBe(march.mrr * 12);
    const [growth] = await series('mrr_growth', 'month', '2024-03-01', '2024-03-31');
    expect(kpiOf(doc, 'MRR growth').figure.value).toBeCloseTo(growth!, 12);
    const [arpa] = await series('arpa', 'month', '2024-03-01', '2024-03-31');
    expect(kpiOf(doc, 'ARPA').figure.value).toBe(arpa);
    const churn = await get('/v1/metrics/churn?granularity=month&from=2024-03-01&to=2024-03-31');
    expect(kpiOf(doc, 'Net revenue retention').figure.value).toBe(churn.periods[0].nrr.value);
    expect(kpiOf(doc, 'Gross revenue retention').figure.value).toBe(churn.periods[0].grr.value);
    expect(kpiOf(doc, 'Customer churn rate')).toMatchObject({ figure: { value: churn.periods[0].customerChurnRate.value }, lowerIsBetter: true });
    expect(kpiOf(doc, 'Gross MRR churn rate').figure.value).toBe(churn.periods[0].grossMrrChurnRate.value);
    const bridge = tableOf(doc, 'bridge-12-months');
    expect(bridge.rows.map((r) => [r.month, r.new, r.churn, r.fx, r.mrr])).toEqual(months.periods.map((p: Json) => [p.period, p.movements.new, p.movements.churn, p.movements.fx, p.mrr]));
    expect(bridge.total).toMatchObject({ mrrStart: 0, mrr: 14_800, new: 5000 + 10_000 + 4400, churn: -10_000 });
    expect(tableOf(doc, 'bridge-month').rows.map((r) => r.amount)).toEqual([march.mrrStart, ...['new', 'expansion', 'contraction', 'churn', 'reactivation', 'fx'].map((k) => march.movements[k]), march.mrr]);
    const cohorts = await get('/v1/metrics/cohorts?kind=logo&from=2023-04&to=2024-03&maxAge=12&asOf=2024-03-31T23:59:59.999Z');
    expect(tableOf(doc, 'cohorts-logo').rows.map((r) => [r.cohort, r.customers, r.m1])).toEqual(cohorts.cohorts.map((c: Json) => [c.cohort, c.customers, c.retention[1]]));
    const revenue = await get('/v1/metrics/cohorts?kind=revenue&from=2023-04&to=2024-03&maxAge=12&asOf=2024-03-31T23:59:59.999Z');
    expect(tableOf(doc, 'cohorts-revenue').rows.map((r) => r.startMrr)).toEqual(revenue.cohorts.map((c: Json) => c.startMrr));
    const mrrLines = await get('/v1/explain?metric=mrr&date=2024-03-31');
    expect(tableOf(doc, 'top-customers').rows.map((r) => [r.customer, r.mrr])).toEqual(mrrLines.lines.map((l: Json) => [l.name ?? l.customerId, l.reporting]));
    expect(kpiOf(doc, "Top-10 customers' share of MRR").figure.value).toBe(1);
    expect(kpiOf(doc, "Largest customer's share of MRR").figure.value).toBeCloseTo(10_000 / 14_800, 12);
    const forecast = await get('/v1/metrics/forecast?asOf=2024-04-01T00:00:00.000Z&horizon=6');
    expect(tableOf(doc, 'forecast').rows).toEqual(forecast.forecast.map((f: Json) => ({ month: f.month, mrr: f.mrr, low: f.low, high: f.high })));
    expect(doc.summary[0]).toBe('MRR fell 26.0% in March 2024 to $148.00, mostly from $100.00 of churn.');
    expect(doc.summary).toContain('Net revenue retention was 50.0% and gross revenue retention 50.0%; $100.00 of MRR churned as 1 customer left (customer churn rate 50.0%).');
    expect(new Set(blockIds(doc)).size).toBe(blockIds(doc).length);
  });

  it('keeps every workspace to its own figures', async () => {
    const [docB, boardB] = await Promise.all([build(b, 'daily', '2024-04-14'), build(b, 'board', '2024-03')]);
    const summaryB = await get('/v1/metrics/summary?asOf=2024-04-14T23:59:59.999Z', b);
    expect(kpiOf(docB, 'MRR').figure.value).toBe(summaryB.mrr);
    expect(summaryB.mrr).toBe(7000);
    expect(tableOf(docB, 'alerts').rows).toEqual([]);
    expect(tableOf(docB, 'alerts').note).toBe('No open alerts.');
    expect(tableOf(boardB, 'top-customers').rows.map((r) => r.customer)).toEqual(['Zoe Zimmer']);
    const text = JSON.stringify([docB, boardB]);
    for (const name of ['Alice', 'Claude', 'Frida', 'Alpha Analytics', 'r_pay']) expect(text).not.toContain(name);
  });
});
