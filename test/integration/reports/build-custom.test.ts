// Custom reports on the fixture business (build-seed.ts): the repository (ids, definitions checked
// in and out, names unique per workspace ignoring case), KPIs and the metrics table equal to the
// series API for each comparison, a segment's customers equal to the customers list's, a missing
// FX rate making headline money figures null with a reason, and the errors: unknown reports,
// another workspace's report, bad and future periods.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asOf } from '../../../src/read/clock.js';
import { customReportId, type CustomReportDefinition } from '../../../src/read/reports/contract.js';
import { buildReport, ReportNotFound } from '../../../src/reports/build.js';
import { ReportPeriodError } from '../../../src/reports/period.js';
import { CustomReportNameTaken, deleteCustomReport, getCustomReport, insertCustomReport, listCustomReports, newCustomReportId, updateCustomReport } from '../../../src/reports/custom-reports.js';
import { insertSegment } from '../../../src/store/segments-repo.js';
import type { Workspace } from '../../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { apiKeyCaller } from '../../helpers/auth.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { FIXTURE_NOW } from '../../helpers/revenue-fixture.js';
import { kpiOf, seedReportWorkspaces, tableOf } from './build-seed.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const definition: CustomReportDefinition = { metrics: ['mrr', 'new_customers', 'nrr', 'churn', 'daily_active_users'], granularity: 'month', periods: 3, compare: 'previous_period', segmentId: null };

describe.each(BACKENDS)('custom reports (%s)', (backend) => {
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
  const build = (ws: Workspace, key: string, options: { period?: string; currency?: string } = {}) =>
    buildReport({ db: db.store.db, workspace: ws, now: FIXTURE_NOW }, { key, asOf: asOf(FIXTURE_NOW), ...options });
  const save = (ws: Workspace, name: string, d: CustomReportDefinition) => insertCustomReport(db.store.db, { workspaceId: ws.id, id: newCustomReportId(), name, definition: d, createdBy: null, now: FIXTURE_NOW });

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    ({ a, b } = await seedReportWorkspaces(db.store, t));
    for (const ws of [a, b]) headers.set(ws.id, (await apiKeyCaller(t, ws.id, 'viewer')).headers);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('repository: ids the contract accepts, names unique per workspace in any case, updates and deletes scoped', async () => {
    const ids = new Set(Array.from({ length: 200 }, () => newCustomReportId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(customReportId.safeParse(id).success, id).toBe(true);
    const d = db.store.db;
    const made = await save(a, 'Revenue pulse', definition);
    expect(await getCustomReport(d, a.id, made.id)).toEqual({ ...made, definition, createdAt: FIXTURE_NOW.toISOString() });
    expect(await getCustomReport(d, b.id, made.id)).toBeNull();
    await expect(save(a, 'REVENUE PULSE', definition)).rejects.toBeInstanceOf(CustomReportNameTaken);
    await expect(save(b, 'revenue pulse', definition)).resolves.toMatchObject({ name: 'revenue pulse' });
    const other = await save(a, 'another', definition);
    expect((await listCustomReports(d, a.id)).map((r) => r.name)).toEqual(['another', 'Revenue pulse']);
    await expect(updateCustomReport(d, a.id, other.id, { name: 'revenue Pulse' }, FIXTURE_NOW)).rejects.toBeInstanceOf(CustomReportNameTaken);
    const later = new Date(FIXTURE_NOW.getTime() + 60_000);
    expect(await updateCustomReport(d, a.id, other.id, { definition: { ...definition, periods: 12 } }, later)).toMatchObject({ definition: { periods: 12 }, updatedAt: later.toISOString() });
    expect(await updateCustomReport(d, b.id, other.id, { name: 'x' }, later)).toBeNull();
    expect(await deleteCustomReport(d, b.id, other.id)).toBe(false);
    expect(await deleteCustomReport(d, a.id, other.id)).toBe(true);
    const bad = { ...definition, metrics: ['not_a_metric'] } as unknown as CustomReportDefinition;
    await expect(save(a, 'Bad', bad)).rejects.toThrow();
    await deleteCustomReport(d, a.id, made.id);
  });

  it('KPIs against the previous month and a table over three months, as the series API reads them', async () => {
    const report = await save(a, 'Quarter view', definition);
    const doc = await build(a, report.id);
    expect(doc).toMatchObject({ key: report.id, kind: 'custom', title: 'Quarter view — March 2024', period: { key: '2024-03' } });
    for (const metric of ['mrr', 'new_customers', 'nrr'] as const) {
      const s = await get(`/v1/metrics/series?metric=${metric}&granularity=month&from=2024-03-01&to=2024-03-31&compare=previous_period`);
      const k = doc.sections[0]!.blocks[0]!.type === 'kpis' ? doc.sections[0]!.blocks[0]!.kpis.find((x) => x.figure.metric === metric)! : null;
      expect(k, metric).toMatchObject({ figure: { value: s.points[0].value }, previous: s.points[0].compare.value, comparedWith: 'vs February 2024' });
    }
    expect(kpiOf(doc, 'Churned MRR')).toMatchObject({ figure: { value: 10_000 }, previous: 0, lowerIsBetter: true });
    expect(kpiOf(doc, 'Daily active users').figure).toMatchObject({ value: null, reason: 'no product usage received yet (no tracking feed)' });
    const table = tableOf(doc, 'metrics');
    const mrr = await get('/v1/metrics/series?metric=mrr&granularity=month&from=2024-01-01&to=2024-03-31');
    const churn = await get('/v1/metrics/series?metric=churn&granularity=month&from=2024-01-01&to=2024-03-31');
    expect(table.rows.map((r) => [r.period, r.mrr, r.churn])).toEqual(mrr.points.map((p: Json, i: number) => [p.period, p.value, churn.points[i].value]));
    const charts = doc.sections.flatMap((s) => s.blocks.flatMap((x) => (x.type === 'chart' ? [x.chart.id] : [])));
    expect(charts).toEqual(['chart-mrr', 'chart-new-customers', 'chart-churn']);
    expect(doc.summary[0]).toBe('MRR: $148.00 in March 2024, down 26.0% from $200.00 in February 2024.');
    expect(doc.summary).toContain('Net revenue retention: 50.0% in March 2024, down from 200.0% in February 2024.');
  });

  it('a year-earlier comparison, no comparison, and a week to date', async () => {
    const yearly = await save(a, 'Year on year', { ...definition, metrics: ['mrr'], compare: 'previous_year' });
    const doc = await build(a, yearly.id, { period: '2024-02' });
    expect(kpiOf(doc, 'MRR')).toMatchObject({ figure: { value: 20_000 }, previous: 0, change: null, comparedWith: 'vs February 2023' });
    const plain = await save(a, 'Plain', { ...definition, metrics: ['new_customers'], compare: null, granularity: 'week', periods: 2 });
    const week = await build(a, plain.id, { period: '2024-W16' });
    expect(week.period).toMatchObject({ key: '2024-W16', from: '2024-04-15', to: '2024-04-15', label: 'Week 16, 15 Apr 2024 – 21 Apr 2024 (to date, through 15 Apr 2024)' });
    const s = await get('/v1/metrics/series?metric=new_customers&granularity=week&from=2024-04-08&to=2024-04-21');
    expect(kpiOf(week, 'New customers')).toMatchObject({ figure: { value: s.points[1].value }, previous: null, comparedWith: null });
    expect(tableOf(week, 'metrics').rows.map((r) => r.new_customers)).toEqual(s.points.map((p: Json) => p.value));
  });

  it('a segment\'s customers are the customers list\'s, built-in or saved; a deleted segment is a note', async () => {
    const trial = await save(a, 'Trials', { ...definition, metrics: ['mrr'], segmentId: 'builtin-trial-users' });
    const doc = await build(a, trial.id);
    const list = await get('/v1/customers?status=trialing&sort=-mrr');
    const rows = tableOf(doc, 'segment-customers');
    expect(rows.rows.map((r) => r.customer)).toEqual(list.data.map((c: Json) => c.name ?? c.id));
    expect(rows.total).toMatchObject({ customer: `${list.total} ${list.total === 1 ? 'customer' : 'customers'}` });
    const own = await insertSegment(db.store.db, { id: 'seg_basic', workspaceId: a.id, name: 'Basic plan', filters: { plan: 'prod_basic' }, action: 'Offer Pro', position: 0, createdBy: null, now: FIXTURE_NOW });
    const basic = await save(a, 'Basic', { ...definition, metrics: ['mrr'], segmentId: own.id });
    const basicDoc = await build(a, basic.id);
    const basicList = await get('/v1/customers?plan=prod_basic&sort=-mrr');
    const table = tableOf(basicDoc, 'segment-customers');
    expect(table.rows.map((r) => r.customer).sort()).toEqual(basicList.data.map((c: Json) => c.name).sort());
    // By hand: Alice $100, Frida $20, Claude €40 at 1.20 = $48.
    expect(table.rows.map((r) => [r.customer, r.mrr])).toEqual([['Alice Anderson', 10_000], ['Claude Chevalier', 4800], ['Frida Fisher', 2000]]);
    expect(table.total).toMatchObject({ mrr: 16_800 });
    const gone = await save(a, 'Gone', { ...definition, metrics: ['mrr'], segmentId: 'seg_deleted' });
    expect((await build(a, gone.id)).sections.find((s) => s.id === 'segment')!.note).toMatch(/no longer exists/);
  });

  it('a currency no FX rate reaches: headline money figures null with the reason, said in the summary and beside the tables', async () => {
    const doc = await build(a, 'board', { period: '2024-03', currency: 'gbp' });
    expect(doc.currency).toBe('gbp');
    expect(kpiOf(doc, 'MRR').figure).toMatchObject({ value: null, currency: 'gbp', reason: 'no FX rate converts EUR, USD into GBP' });
    expect(kpiOf(doc, 'MRR')).toMatchObject({ previous: null, change: null });
    expect(kpiOf(doc, 'Customer churn rate').figure.value).toBe(0.5); // counts need no rate
    expect(doc.summary[0]).toMatch(/^No FX rate converts EUR, USD into GBP: that MRR \(.*\) is left out/);
    expect(doc.summary.join(' ')).not.toMatch(/£/);
    expect(doc.sections.find((s) => s.id === 'bridge')!.note).toMatch(/^Incomplete: no FX rate converts EUR, USD into GBP/);
    const usd = await build(a, 'board', { period: '2024-03', currency: 'usd' });
    expect(usd.sections.every((s) => !s.note?.includes('Incomplete'))).toBe(true);
  });

  it('errors: an unknown report, another workspace\'s report, bad and future periods', async () => {
    await expect(build(a, 'monthly')).rejects.toBeInstanceOf(ReportNotFound);
    await expect(build(a, 'rpt_0000000000000000')).rejects.toBeInstanceOf(ReportNotFound);
    const theirs = await save(b, 'Theirs', definition);
    await expect(build(a, theirs.id)).rejects.toThrow(/no report "rpt_\w+" in this workspace/);
    await expect(build(b, theirs.id)).resolves.toMatchObject({ workspace: { id: b.id } });
    await expect(build(a, 'board', { period: '2024-13' })).rejects.toThrow(new ReportPeriodError('period "2024-13" is not a month: expected a month such as 2026-11'));
    await expect(build(a, 'weekly', { period: '2024-W53' })).rejects.toBeInstanceOf(ReportPeriodError);
    await expect(build(a, 'board', { period: '2024-05' })).rejects.toThrow('period "2024-05" is in the future: it starts on 2024-05-01, after the as-of day 2024-04-15');
    await expect(build(a, 'weekly', { period: '2024-W15', currency: 'dollars' })).rejects.toThrow(/not a three-letter ISO 4217 code/);
  });
});
