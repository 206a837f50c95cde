// The customer-success screens' tables as Excel and PDF: the segments grid, customers at risk, the
// health trend, usage by plan, feature adoption, NPS, LTV by plan and the alert centre — each
// workbook read back holds the route's JSON figures (money in the reporting currency with its
// format, ratios as fractions, scores and counts as numbers), and a PDF's text the same figures
// formatted. Hand-written success rows (success-fixture.ts) in a workspace reporting in EUR.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember, type Caller } from '../helpers/auth.js';
import { normaliseText, readPdf } from '../helpers/pdf-text.js';
import { majorNumber, readXlsx } from '../helpers/xlsx-read.js';
import { formatMoney, formatRatio } from '../../src/reports/render/format-value.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { addAccount, addAlert, addCustomers, addHealth, addRisk, addSurveys, addUsage } from './success-fixture.js';

const TODAY = '2026-06-30';
const NOW = new Date(`${TODAY}T12:00:00Z`);

type Table = { header: string[]; rows: Record<string, unknown>[]; formats: Record<string, string>[] };

async function tableOf(body: Buffer): Promise<Table> {
  const sheet = (await readXlsx(body)).sheets.find((s) => s.name !== 'Summary')!;
  const header = sheet.values[0]!.map(String);
  const end = sheet.values.findIndex((r, i) => i > 0 && r.every((v) => v === null));
  const body_ = sheet.values.slice(1, end < 0 ? undefined : end);
  return {
    header,
    rows: body_.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? null]))),
    formats: sheet.numFmts.slice(1, 1 + body_.length).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))),
  };
}

describe.each(BACKENDS)('customer-success exports (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let analyst: Caller;
  let viewer: Caller;
  const get = async (path: string, caller: Caller = analyst) => {
    const response = await t.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: caller.headers });
    expect(response.statusCode, `${path}: ${response.body.slice(0, 400)}`).toBe(200);
    return response;
  };
  const json = async <T,>(path: string) => (await get(path)).json() as T;
  const xlsx = async (path: string) => tableOf((await get(`${path}${path.includes('?') ? '&' : '?'}format=xlsx`)).rawPayload);
  const pdf = async (path: string) => normaliseText((await readPdf((await get(`${path}${path.includes('?') ? '&' : '?'}format=pdf`)).rawPayload)).map((p) => p.text).join('\n'));

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW });
    ws = await ensureWorkspace(db.store.db, { slug: 'cs-exports', name: 'CS Exports', reportingCurrency: 'eur' });
    analyst = await signedInMember(t, [{ workspaceId: ws.id, role: 'analyst' }]);
    viewer = await signedInMember(t, [{ workspaceId: ws.id, role: 'viewer' }]);
    const d = db.store.db;
    await addCustomers(d, ws.id, [
      { id: 'c1', name: 'Alpha GmbH', planId: 'pro', mrr: 50_000, currency: 'eur' },
      { id: 'c2', name: 'Beta SA', planId: 'pro', mrr: 40_050, currency: 'eur' },
      { id: 'c3', name: 'Gamma BV', planId: 'basic', mrr: 10_000, currency: 'eur' },
      { id: 'c4', name: '=cmd|calc', planId: 'basic', mrr: 8_099, currency: 'eur' },
    ], TODAY);
    await addHealth(d, ws.id, [{ customerId: 'c1', day: TODAY, score: 85 }, { customerId: 'c2', day: TODAY, score: 75 }, { customerId: 'c3', day: TODAY, score: 50 }, { customerId: 'c4', day: TODAY, score: 30 }, { customerId: 'c4', day: '2026-06-01', score: 45 }]);
    await addRisk(d, ws.id, [{ customerId: 'c1', day: TODAY, probability: 0.1 }, { customerId: 'c2', day: TODAY, probability: 0.3 }, { customerId: 'c3', day: TODAY, probability: 0.55 }, { customerId: 'c4', day: TODAY, probability: 0.6 }]);
    await addAccount(d, ws.id, 'acc1', 'c1', [{ user: 'u1', day: '2026-06-20' }, { user: 'u2', day: '2026-06-21' }]);
    await addAccount(d, ws.id, 'acc3', 'c3', [{ user: 'u3', day: '2026-06-22' }]);
    await addUsage(d, ws.id, [{ account: 'acc1', day: '2026-06-20', event: 'report_run', events: 7, quantity: 7 }, { account: 'acc3', day: '2026-06-22', event: 'export', events: 2, quantity: 2 }]);
    await addSurveys(d, ws.id, [{ id: 's1', customerId: 'c1', score: 10, at: '2026-06-10T10:00:00Z' }, { id: 's2', customerId: 'c2', score: 3, at: '2026-06-11T10:00:00Z' }]);
    await addAlert(d, ws.id, { ruleId: 'r1', kind: 'risk_above', alertId: 'al1', customerId: 'c4', status: 'open', openedAt: '2026-06-29T08:00:00Z' });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('segments grid: money in EUR, churn rate and average risk as fractions, the health mix as counts', async () => {
    const body = await json<{ data: { name: string; figures: { customers: number; mrr: number; arpu: number | null; averageRisk: number | null; health: { high_risk: number } } }[] }>('/v1/segments');
    const { rows, formats } = await xlsx('/v1/segments');
    expect(rows.map((r) => r.Segment)).toEqual(body.data.map((s) => s.name));
    body.data.forEach((s, i) => {
      expect(rows[i]).toMatchObject({ Customers: s.figures.customers, MRR: majorNumber(s.figures.mrr, 'eur'), ARPU: s.figures.arpu === null ? null : majorNumber(s.figures.arpu, 'eur'), 'Average churn risk': s.figures.averageRisk, 'High risk': s.figures.health.high_risk });
      expect(formats[i]!.MRR).toContain('€');
      if (s.figures.averageRisk !== null) expect(formats[i]!['Average churn risk']).toContain('%');
    });
    expect(body.data.some((s) => s.figures.mrr > 0)).toBe(true);
  });

  it('customers at risk and the health trend (overview ?table=), Excel and PDF', async () => {
    const body = await json<{ atRisk: { top: { id: string; name: string; mrr: number; risk: number | null; health: { score: number | null } | null }[] }; trend: { day: string; averageScore: number | null; scored: number }[] }>('/v1/success/overview');
    expect(body.atRisk.top.length).toBeGreaterThan(0);
    const { rows, formats } = await xlsx('/v1/success/overview?table=atRisk');
    expect(rows.map((r) => r['Customer ID'])).toEqual(body.atRisk.top.map((c) => c.id));
    body.atRisk.top.forEach((c, i) => {
      expect(rows[i]).toMatchObject({ Customer: c.name, 'MRR at risk': majorNumber(c.mrr, 'eur'), 'Churn risk': c.risk, Health: c.health?.score ?? null });
      expect(formats[i]!['MRR at risk']).toContain('€');
    });
    const text = await pdf('/v1/success/overview?table=atRisk');
    expect(text).toContain('Customers at risk');
    for (const c of body.atRisk.top) {
      expect(text).toContain(normaliseText(formatMoney(c.mrr, 'eur')));
      if (c.risk !== null) expect(text).toContain(formatRatio(c.risk));
    }
    const trend = await xlsx('/v1/success/overview?table=trend');
    expect(trend.header).toEqual(['Day', 'Average score', 'Scored customers', 'High risk', 'Medium', 'Healthy']);
    expect(trend.rows.map((r) => r['Scored customers'])).toEqual(body.trend.map((p) => p.scored));
    expect(trend.rows.map((r) => r.Day)).toEqual(body.trend.map((p) => new Date(`${p.day}T00:00:00Z`)));
  });

  it('usage by plan, feature adoption, NPS and LTV by plan', async () => {
    const range = 'granularity=month&from=2026-06-01&to=2026-06-30';
    const usage = await json<{ periods: { plans: { planName: string | null; totalUsage: number; activeUsers: number }[] }[]; adoption: { planName: string | null; features: { event: string; share: number }[] }[] }>(`/v1/success/usage?${range}`);
    const plans = await xlsx(`/v1/success/usage?${range}&table=plans`);
    const expected = usage.periods.flatMap((p) => p.plans.map((plan) => [plan.totalUsage, plan.activeUsers]));
    expect(plans.rows.map((r) => [r['Total usage'], r['Active users']])).toEqual(expected);
    expect(expected.some(([total]) => total! > 0)).toBe(true);
    const adoption = await xlsx(`/v1/success/usage?${range}&table=adoption`);
    expect(adoption.rows.map((r) => [r.Feature, r.Adoption])).toEqual(usage.adoption.flatMap((a) => a.features.map((f) => [f.event, f.share])));
    adoption.formats.forEach((f) => expect(f.Adoption).toContain('%'));

    const nps = await json<{ periods: { nps: number | null; responses: number }[] }>(`/v1/success/nps?${range}`);
    const npsSheet = await xlsx(`/v1/success/nps?${range}`);
    expect(npsSheet.rows.map((r) => [r.NPS, r.Respondents])).toEqual(nps.periods.map((p) => [p.nps, p.responses]));

    const ltv = await json<{ plans: { planName: string; arpa: number | null; churnRate: number | null }[] }>('/v1/metrics/ltv-by-plan');
    const ltvSheet = await xlsx('/v1/metrics/ltv-by-plan');
    expect(ltvSheet.rows.map((r) => [r.Plan, r.ARPA, r['Churn rate (monthly)']])).toEqual(ltv.plans.map((p) => [p.planName, p.arpa === null ? null : majorNumber(p.arpa, 'eur'), p.churnRate]));
  });

  it('the alert centre: every alert with its customer MRR in the customer currency; a viewer may not export', async () => {
    const list = await json<{ data: { id: string; customer: { mrr: number; currency: string | null; name: string | null } }[] }>('/v1/alerts');
    const { rows, formats } = await xlsx('/v1/alerts');
    expect(rows).toHaveLength(list.data.length);
    expect(list.data.length).toBeGreaterThan(0);
    list.data.forEach((a, i) => {
      expect(rows[i]).toMatchObject({ Customer: a.customer.name, 'Customer MRR': a.customer.currency ? majorNumber(a.customer.mrr, a.customer.currency) : a.customer.mrr });
      if (a.customer.currency === 'eur') expect(formats[i]!['Customer MRR']).toContain('€');
    });
    expect(rows[0]!.Customer).toBe('=cmd|calc');
    for (const path of ['/v1/alerts?format=xlsx', '/v1/segments?format=pdf', '/v1/success/overview?format=csv']) {
      const response = await t.app.inject({ url: `${path}&workspace=${ws.id}`, headers: viewer.headers });
      expect(response.statusCode, path).toBe(403);
    }
    const answered = await t.app.inject({ url: `/v1/segments?workspace=${ws.id}`, headers: viewer.headers });
    expect(answered.statusCode).toBe(200);
  });
});
