// Exports a finance person can open: every amount in major units of its currency, exactly (JPY
// has no decimals, KWD three), with a `currency` column naming it; `?amounts=minor` for integer
// minor units; dates and timestamps ISO 8601; text still neutralised against formulas. Over a
// workspace reporting in KWD with customers billed in JPY, KWD and USD.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { event, price, subscription, type TestEvent } from '../helpers/stripe-events.js';
import { storeEvents } from '../../src/ingest/pipeline.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

const DAY = 86_400;
const NOW = new Date('2026-03-18T09:30:00Z');
const START = Math.floor(NOW.getTime() / 1000) - 40 * DAY;
const FIRST_DAY = new Date(START * 1000).toISOString().slice(0, 10);
const TODAY = NOW.toISOString().slice(0, 10);

/** [customer id, name, currency, monthly amount in minor units]. */
const CUSTOMERS: [string, string, string, number][] = [
  ['cus_yen', 'Kaisha KK', 'jpy', 4800], // ¥4,800
  ['cus_kwd', '=1+1', 'kwd', 12_345], // KWD 12.345
  ['cus_usd', '-12.50', 'usd', 1250], // $12.50
];

type Row = Record<string, string>;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

describe.each(BACKENDS)('CSV exports for people (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let analyst: Record<string, string>;
  const get = async (path: string) => {
    const response = await t.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: analyst });
    expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
    return response;
  };
  const csv = async (path: string): Promise<Row[]> => {
    const response = await get(path);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    return parse(response.body, { columns: true }) as Row[];
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW });
    ws = await ensureWorkspace(db.store.db, { slug: 'finance', name: 'Finance', reportingCurrency: 'kwd' });
    await db.store.db.insertInto('fx_rates').values([
      { workspace_id: ws.id, currency: 'jpy', quote_currency: 'kwd', day: '2026-01-01', rate: '0.002' },
      { workspace_id: ws.id, currency: 'usd', quote_currency: 'kwd', day: '2026-01-01', rate: '0.3' },
    ]).execute();
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'file', name: 'f' });
    const events: TestEvent[] = [];
    for (const [id, name, currency, amount] of CUSTOMERS) {
      events.push(event('customer.created', { id, object: 'customer', name, email: null, address: { country: 'KW' }, currency, created: START - 60, metadata: {}, livemode: false }, START - 60));
      events.push(event('customer.subscription.created', subscription({ id: `sub_${id}`, customer: id, price: price({ id: `price_${id}`, amount, currency, product: 'prod_one' }), start: START }), START));
    }
    await storeEvents(db.store, events.map((e) => ({ workspaceId: ws.id, sourceId: source.id, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: e })));
    await t.worker.drain();
    analyst = (await apiKeyCaller(t, ws.id, 'analyst')).headers;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('customers: each MRR in major units of its own currency (¥ 0 decimals, KWD 3, $ 2); amounts=minor the integers', async () => {
    const rows = await csv('/v1/customers?format=csv');
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(['cus_kwd', 'cus_usd', 'cus_yen']);
    expect(byId.get('cus_yen')).toMatchObject({ currency: 'jpy', mrr: '4800', mrrByCurrency: '{"jpy":"4800"}' });
    expect(byId.get('cus_kwd')).toMatchObject({ currency: 'kwd', mrr: '12.345', name: "'=1+1" });
    expect(byId.get('cus_usd')).toMatchObject({ currency: 'usd', mrr: '12.50', name: "'-12.50" }); // the name is text, the amount a number
    for (const r of rows) {
      expect(r.signupDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.createdAt).toMatch(ISO_TIMESTAMP);
    }
    const minor = new Map((await csv('/v1/customers?format=csv&amounts=minor')).map((r) => [r.id, r]));
    for (const [id, , currency, amount] of CUSTOMERS) expect(minor.get(id)).toMatchObject({ currency, mrr: String(amount), mrrByCurrency: JSON.stringify({ [currency]: amount }) });
  });

  it('monthly and movements: the reporting currency (KWD, 3 decimals) in a currency column before the first amount', async () => {
    // 4800 JPY × 0.002 = 9.600 KWD; 1250 USD cents × 0.3 = 3.750 KWD; + 12.345 KWD = 25.695 KWD.
    const response = await get(`/v1/metrics/monthly?from=${FIRST_DAY.slice(0, 7)}&to=${TODAY.slice(0, 7)}&format=csv`);
    const header = response.body.split('\n')[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['month', 'currency', 'mrr']);
    const months = parse(response.body, { columns: true }) as Row[];
    expect(months.at(-1)).toMatchObject({ month: TODAY.slice(0, 7), currency: 'kwd', mrr: '25.695', arr: '308.340', customers: '3' });
    for (const m of months) expect(m.month).toMatch(/^\d{4}-\d{2}$/);
    const json = (await get(`/v1/metrics/monthly?from=${FIRST_DAY.slice(0, 7)}&to=${TODAY.slice(0, 7)}`)).json() as { months: { mrr: number }[] };
    expect(json.months.at(-1)!.mrr).toBe(25_695);
    const minor = await csv(`/v1/metrics/monthly?from=${FIRST_DAY.slice(0, 7)}&to=${TODAY.slice(0, 7)}&format=csv&amounts=minor`);
    expect(minor.at(-1)).toMatchObject({ currency: 'kwd', mrr: '25695', arr: '308340' });
    const movements = await csv(`/v1/metrics/movements?granularity=month&from=${FIRST_DAY}&to=${TODAY}&format=csv`);
    const news = movements.map((p) => p['movements.new']);
    expect(news).toContain('25.695');
    for (const p of movements) {
      expect(p.currency).toBe('kwd');
      expect(p.start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p['movements.new']).toMatch(/^-?\d+\.\d{3}$/);
      expect(p.customers).toMatch(/^\d+$/); // a count is not money
    }
  });

  it('by currency and by plan: native amounts in their own currency next to the reporting one', async () => {
    const currencies = await csv(`/v1/metrics/by-currency?date=${TODAY}&format=csv`);
    const yen = currencies.find((r) => Object.values(r).includes('jpy'));
    expect(yen, JSON.stringify(currencies)).toBeDefined();
    expect(yen).toMatchObject({ native: '4800', currency: 'kwd', mrr: '9.600' });
    const plans = await csv(`/v1/metrics/by-plan?date=${TODAY}&format=csv`);
    expect(plans).toEqual([expect.objectContaining({ planId: 'prod_one', currency: 'kwd', mrr: '25.695', 'byCurrency.jpy': '4800', 'byCurrency.kwd': '12.345', 'byCurrency.usd': '12.50' })]);
  });

  it('refuses an amounts value it does not know, naming the parameter', async () => {
    for (const path of ['/v1/customers?format=csv&amounts=cents', `/v1/metrics/monthly?from=${TODAY.slice(0, 7)}&to=${TODAY.slice(0, 7)}&format=csv&amounts=cents`]) {
      const response = await t.app.inject({ url: `${path}&workspace=${ws.id}`, headers: analyst });
      expect(response.statusCode, path).toBe(400);
      expect(response.json().error.code).toBe('RVP_VALIDATION');
      expect(response.json().error.message).toMatch(/amounts/);
    }
  });

  it('the audit log export: timestamps ISO 8601', async () => {
    const admin = (await apiKeyCaller(t, ws.id, 'admin')).headers;
    const response = await t.app.inject({ url: `/v1/audit/export?workspace=${ws.id}`, headers: admin });
    expect(response.statusCode, response.body).toBe(200);
    const rows = parse(response.body, { columns: true }) as Row[];
    expect(rows.length).toBeGreaterThan(0); // the exports above are audited
    for (const r of rows) expect(r.at).toMatch(ISO_TIMESTAMP);
  });
});
