// Spreadsheet formula injection through every CSV export: customers whose names and e-mails, a
// plan whose name, and an API key and a user agent that begin with = + - @ TAB or CR — fed in as
// signed Stripe webhooks and through the API — come out of every export prefixed with ' (text,
// not a formula), while the numbers we write (negative movements included) stay numbers.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller, signedInMember } from '../helpers/auth.js';
import { event, price, signedWebhook, subscription, type TestEvent } from '../helpers/stripe-events.js';
import { FORMULA_PREFIXES } from '../../src/core/csv-cell.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { createSource, type Source } from '../../src/store/sources-repo.js';

const SECRET = 'whsec_csv_injection_test';
const DAY = 86_400;
const HYPERLINK = '=HYPERLINK("http://x","y")';
const PLAN = '=HYPERLINK("http://x","plan")';

/** Hostile customers: [id, name, email]. "-12.50" is text that only looks like a number. */
const CUSTOMERS: [string, string, string | null][] = [
  ['cus_eq', HYPERLINK, '=1+1@evil.test'],
  ['cus_plus', '+1', '+1@evil.test'],
  ['cus_minus', '-2+3', '-2+3@evil.test'],
  ['cus_at', '@SUM(A1)', '@SUM(A1)'],
  ['cus_tab', '\tTab Ltd', null],
  ['cus_cr', '\rCarriage Ltd', null],
  ['cus_num', '-12.50', null],
];
const CHURNED = 'cus_minus';

/** What a cell must look like: a number we wrote, or text that does not start a formula. */
function expectNoFormula(csv: string, label: string): Record<string, string>[] {
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  for (const row of rows) {
    for (const [column, cell] of Object.entries(row)) {
      if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(cell)) continue;
      expect(FORMULA_PREFIXES.some((p) => cell.startsWith(p)), `${label}: ${column} = ${JSON.stringify(cell)}`).toBe(false);
    }
  }
  return rows;
}

describe.each(BACKENDS)('CSV exports neutralise spreadsheet formulas (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let source: Source;
  let analyst: Record<string, string>;
  const now = Math.floor(Date.now() / 1000);
  const today = new Date(now * 1000).toISOString().slice(0, 10);
  const monthAgo = new Date((now - 45 * DAY) * 1000).toISOString().slice(0, 10);
  const inWs = (path: string) => `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`;
  const csvOf = async (path: string, headers = analyst) => {
    const response = await t.app.inject({ url: inWs(path), headers });
    expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    return response.body;
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store);
    ws = await ensureWorkspace(db.store.db, { slug: 'csv-injection', name: 'CSV injection' });
    source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
    analyst = (await apiKeyCaller(t, ws.id, 'analyst')).headers;
    const named = <T extends ReturnType<typeof price>>(p: T, nickname: string): T => ({ ...p, nickname });
    const plan = named(price({ id: 'price_formula', amount: 1250, product: 'prod_formula' }), PLAN);
    const start = now - 40 * DAY;
    const events: TestEvent[] = [];
    for (const [id, name, email] of CUSTOMERS) {
      events.push(event('customer.created', { id, object: 'customer', name, email, address: { country: 'US' }, currency: null, created: start - 60, metadata: {}, livemode: false }, start - 60));
      events.push(event('customer.subscription.created', subscription({ id: `sub_${id}`, customer: id, price: plan, start }), start));
    }
    events.push(event('customer.subscription.deleted', subscription({ id: `sub_${CHURNED}`, customer: CHURNED, price: plan, start, status: 'canceled', endedAt: now - 5 * DAY }), now - 5 * DAY));
    for (const e of events) {
      const { body, headers } = signedWebhook(e, SECRET);
      const response = await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers });
      expect(response.statusCode, response.body).toBe(200);
    }
    await t.worker.drain();
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('customers (?format=csv and Accept: text/csv): names, e-mails and plan names are prefixed with \'', async () => {
    const viaFormat = await csvOf('/v1/customers?format=csv');
    const viaAccept = await csvOf('/v1/customers', { ...analyst, accept: 'text/csv' });
    expect(viaAccept).toBe(viaFormat);
    const rows = expectNoFormula(viaFormat, 'customers');
    expect(rows.length).toBe(CUSTOMERS.length);
    for (const [id, name, email] of CUSTOMERS) {
      const row = rows.find((r) => r.id === id);
      expect(row, id).toMatchObject({ name: `'${name}`, email: email === null ? '' : `'${email}`, planName: `'${PLAN}` });
      expect(row!.mrr).toBe(id === CHURNED ? '0.00' : '12.50'); // major units of the customer's currency: a number cell
    }
  });

  it('explain: customer names are prefixed; negative amounts stay numbers', async () => {
    const mrr = expectNoFormula(await csvOf(`/v1/explain?metric=mrr&date=${today}&format=csv`), 'explain mrr');
    expect(mrr.map((r) => r.name).sort()).toEqual(CUSTOMERS.filter(([id]) => id !== CHURNED).map(([, name]) => `'${name}`).sort());
    expect(mrr.every((r) => r.amount === '12.50')).toBe(true);
    const churn = expectNoFormula(await csvOf(`/v1/explain?metric=churn&from=${monthAgo}&to=${today}&format=csv`), 'explain churn');
    expect(churn).toEqual([expect.objectContaining({ customerId: CHURNED, name: "'-2+3", amount: '-12.50' })]);
  });

  it('MRR by plan: the plan name is prefixed', async () => {
    const plans = expectNoFormula(await csvOf(`/v1/metrics/by-plan?date=${today}&format=csv`), 'by-plan');
    expect(plans).toEqual([expect.objectContaining({ planId: 'prod_formula', planName: `'${PLAN}`, currency: 'usd', mrr: '75.00' })]); // six paying customers at $12.50
  });

  it('every series and list export: numbers (negative ones too) are written as numbers, nothing starts a formula', async () => {
    const month = today.slice(0, 7);
    const paths = [
      `/v1/metrics/monthly?from=${monthAgo.slice(0, 7)}&to=${month}`,
      `/v1/metrics/series?metric=mrr&granularity=week&from=${monthAgo}&to=${today}`,
      `/v1/metrics/movements?granularity=month&from=${monthAgo}&to=${today}`,
      `/v1/metrics/churn?granularity=month&from=${monthAgo}&to=${today}`,
      `/v1/metrics/ltv?granularity=month&from=${monthAgo}&to=${today}`,
      `/v1/metrics/by-currency?date=${today}`,
      '/v1/metrics/cohorts?kind=revenue&maxAge=2',
      `/v1/metrics/trials?granularity=month&from=${monthAgo}&to=${today}`,
      '/v1/metrics/forecast?horizon=2&months=3',
      `/v1/payments/health?from=${monthAgo}&to=${today}&granularity=week`,
    ];
    for (const path of paths) expectNoFormula(await csvOf(`${path}&format=csv`), path);
    const movements = expectNoFormula(await csvOf(`/v1/metrics/movements?granularity=month&from=${monthAgo}&to=${today}&format=csv`), 'movements');
    expect(movements.map((r) => r['movements.churn'])).toContain('-12.50');
    const minor = expectNoFormula(await csvOf(`/v1/metrics/movements?granularity=month&from=${monthAgo}&to=${today}&format=csv&amounts=minor`), 'movements (minor)');
    expect(minor.map((r) => r['movements.churn'])).toContain('-1250');
  });

  it('the audit log export: an API key name and a user agent are prefixed', async () => {
    const admin = await signedInMember(t, [{ workspaceId: ws.id, role: 'admin' }]);
    const created = await t.app.inject({ method: 'POST', url: inWs('/v1/api-keys'), headers: { ...admin.headers, 'user-agent': '@SUM(A1)' }, payload: { name: HYPERLINK, role: 'viewer' } });
    expect(created.statusCode, created.body).toBe(201);
    const rows = expectNoFormula(await csvOf('/v1/audit/export', admin.headers), 'audit');
    expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'api_key.created', target: `'${HYPERLINK}`, user_agent: "'@SUM(A1)" })]));
    expect(rows.every((r) => /^\d+$/.test(r.id!))).toBe(true);
  });
});
