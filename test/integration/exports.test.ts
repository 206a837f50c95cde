// "Export → Excel / PDF" on the routes that answer CSV: the workbook read back with exceljs holds
// the route's JSON figures — money as the exact major-unit number with a currency format in its own
// currency (JPY without decimals, KWD with three), counts and ratios as numbers — and the PDF's
// text holds the same figures formatted as people read them. A viewer may not export; every export
// is audited with its format. Over a workspace reporting in USD with customers billed in JPY, KWD
// and USD (one named like a formula).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { normaliseText, readPdf } from '../helpers/pdf-text.js';
import { event, price, subscription, type TestEvent } from '../helpers/stripe-events.js';
import { majorNumber, readXlsx, type SheetRead } from '../helpers/xlsx-read.js';
import { formatMoney, formatRatio } from '../../src/reports/render/format-value.js';
import { storeEvents } from '../../src/ingest/pipeline.js';
import { listAudit } from '../../src/store/audit-repo.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

const DAY = 86_400;
const NOW = new Date('2026-03-18T09:30:00Z');
const START = Math.floor(NOW.getTime() / 1000) - 40 * DAY;
const FIRST_DAY = new Date(START * 1000).toISOString().slice(0, 10);
const TODAY = NOW.toISOString().slice(0, 10);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** [customer id, name, currency, monthly amount in minor units]. */
const CUSTOMERS: [string, string, string, number][] = [
  ['cus_yen', 'Kaisha KK', 'jpy', 4800],
  ['cus_kwd', '=1+1', 'kwd', 12_345],
  ['cus_usd', 'Acme Inc', 'usd', 1250],
  ['cus_gone', 'Gone Ltd', 'usd', 9900],
];

/** The sheet holding the export's table (the Summary sheet comes first), as objects by heading, and the note under it. */
function tableOf(sheets: SheetRead[]): { sheet: SheetRead; header: string[]; rows: Record<string, unknown>[]; formats: Record<string, string>[] } {
  const sheet = sheets.find((s) => s.name !== 'Summary');
  if (!sheet) throw new Error(`no table sheet in ${sheets.map((s) => s.name).join(', ')}`);
  const header = sheet.values[0]!.map(String);
  // The data rows run to the first empty row (a note may follow it).
  const end = sheet.values.findIndex((r, i) => i > 0 && r.every((v) => v === null));
  const body = sheet.values.slice(1, end < 0 ? undefined : end);
  const rows = body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? null])));
  const formats = sheet.numFmts.slice(1, 1 + body.length).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
  return { sheet, header, rows, formats };
}

describe.each(BACKENDS)('Excel and PDF exports (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let analyst: Record<string, string>;
  let viewer: Record<string, string>;
  const url = (path: string) => `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`;
  const json = async <T,>(path: string): Promise<T> => {
    const response = await t.app.inject({ url: url(path), headers: analyst });
    expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
    return response.json() as T;
  };
  const file = async (path: string, headers: Record<string, string> = analyst) => {
    const response = await t.app.inject({ url: url(path), headers });
    expect(response.statusCode, `${path}: ${response.body.slice(0, 500)}`).toBe(200);
    return response;
  };
  const workbook = async (path: string) => {
    const response = await file(path);
    expect(response.headers['content-type']).toBe(XLSX);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="[\w.-]+\.xlsx"$/);
    return tableOf((await readXlsx(response.rawPayload)).sheets);
  };
  const pdfText = async (path: string) => {
    const response = await file(path);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    return normaliseText((await readPdf(response.rawPayload)).map((p) => p.text).join('\n'));
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW });
    ws = await ensureWorkspace(db.store.db, { slug: 'exports', name: 'Export & Co', reportingCurrency: 'usd' });
    await db.store.db.insertInto('fx_rates').values([
      { workspace_id: ws.id, currency: 'jpy', quote_currency: 'usd', day: '2026-01-01', rate: '0.0067' },
      { workspace_id: ws.id, currency: 'kwd', quote_currency: 'usd', day: '2026-01-01', rate: '3.25' },
    ]).execute();
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'file', name: 'f' });
    const events: TestEvent[] = [];
    for (const [id, name, currency, amount] of CUSTOMERS) {
      events.push(event('customer.created', { id, object: 'customer', name, email: `${id}@example.com`, address: { country: 'KW' }, currency, created: START - 60, metadata: {}, livemode: false }, START - 60));
      events.push(event('customer.subscription.created', subscription({ id: `sub_${id}`, customer: id, price: price({ id: `price_${id}`, amount, currency, product: 'prod_one' }), start: START }), START));
    }
    const gone = subscription({ id: 'sub_cus_gone', customer: 'cus_gone', price: price({ id: 'price_cus_gone', amount: 9900, currency: 'usd', product: 'prod_one' }), start: START, status: 'canceled', endedAt: START + 35 * DAY });
    events.push(event('customer.subscription.deleted', gone, START + 35 * DAY));
    await storeEvents(db.store, events.map((e) => ({ workspaceId: ws.id, sourceId: source.id, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: e })));
    await t.worker.drain();
    analyst = (await apiKeyCaller(t, ws.id, 'analyst')).headers;
    viewer = (await apiKeyCaller(t, ws.id, 'viewer')).headers;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('movements: every amount the JSON has, as a USD number with a dollar format; counts as counts', async () => {
    const range = `granularity=week&from=${FIRST_DAY}&to=${TODAY}`;
    const body = await json<{ currency: string; periods: { period: string; mrr: number; mrrStart: number; movements: { new: number; churn: number }; customers: number }[] }>(`/v1/metrics/movements?${range}`);
    const { rows, formats, header } = await workbook(`/v1/metrics/movements?${range}&format=xlsx`);
    expect(header).toEqual(expect.arrayContaining(['Period', 'MRR start', 'Movements · new', 'Movements · churn', 'MRR', 'Customers']));
    expect(header).not.toContain('Currency'); // the currency is in the format, not a column
    expect(rows).toHaveLength(body.periods.length);
    expect(body.periods.some((p) => p.movements.new > 0) && body.periods.some((p) => p.movements.churn < 0)).toBe(true);
    body.periods.forEach((p, i) => {
      expect(rows[i]!.MRR).toBe(majorNumber(p.mrr, 'usd'));
      expect(rows[i]!['Movements · new']).toBe(majorNumber(p.movements.new, 'usd'));
      expect(rows[i]!['Movements · churn']).toBe(majorNumber(p.movements.churn, 'usd'));
      expect(rows[i]!.Customers).toBe(p.customers);
      expect(formats[i]!.MRR).toContain('$');
      expect(formats[i]!.MRR).toContain('0.00');
      expect(formats[i]!.Customers).not.toContain('$');
      expect(rows[i]!.Start).toBeInstanceOf(Date); // a real date
    });
  });

  it('churn: rates as fractions with a percent format, the reason beside a missing one', async () => {
    const range = `granularity=month&from=${FIRST_DAY}&to=${TODAY}`;
    const body = await json<{ periods: { period: string; customerChurnRate: { value: number | null; reason?: string }; nrr: { value: number | null } }[] }>(`/v1/metrics/churn?${range}`);
    const { rows, formats } = await workbook(`/v1/metrics/churn?${range}&format=xlsx`);
    expect(rows).toHaveLength(body.periods.length);
    body.periods.forEach((p, i) => {
      expect(rows[i]!['Customer churn rate']).toBe(p.customerChurnRate.value);
      expect(rows[i]!['Customer churn rate · reason']).toBe(p.customerChurnRate.reason ?? null);
      if (p.customerChurnRate.value !== null) expect(formats[i]!['Customer churn rate']).toContain('%');
    });
    expect(body.periods.some((p) => (p.customerChurnRate.value ?? 0) > 0)).toBe(true);
  });

  it("customers: each MRR in its own currency (¥ no decimals, KWD three), a formula-like name stays text", async () => {
    const body = await json<{ data: { id: string; name: string; mrr: number; currency: string | null }[] }>('/v1/customers?limit=200');
    const { rows, formats, header } = await workbook('/v1/customers?format=xlsx');
    expect(header.slice(0, 7)).toEqual(['Customer', 'Email', 'Customer ID', 'Plan', 'Status', 'MRR', 'Currency']);
    expect(rows.map((r) => r['Customer ID']).sort()).toEqual(body.data.map((c) => c.id).sort());
    for (const c of body.data) {
      const i = rows.findIndex((r) => r['Customer ID'] === c.id);
      expect(rows[i]!.MRR, c.id).toBe(c.currency ? majorNumber(c.mrr, c.currency) : c.mrr);
      expect(rows[i]!.Customer).toBe(c.name);
    }
    const yen = rows.findIndex((r) => r['Customer ID'] === 'cus_yen');
    const kwd = rows.findIndex((r) => r['Customer ID'] === 'cus_kwd');
    expect(rows[yen]!.MRR).toBe(4800);
    expect(formats[yen]!.MRR).toMatch(/¥/);
    expect(formats[yen]!.MRR).not.toMatch(/\.0/);
    expect(rows[kwd]!.MRR).toBe(12.345);
    expect(formats[kwd]!.MRR).toMatch(/0\.000/);
    expect(rows[kwd]!.Customer).toBe('=1+1');
    const { sheet } = await workbook('/v1/customers?format=xlsx');
    expect(sheet.formulas.flat().some(Boolean)).toBe(false);
  });

  it('MRR by plan: the per-currency columns each in their own currency', async () => {
    const body = await json<{ plans: { planId: string; mrr: number; byCurrency: Record<string, number> }[] }>(`/v1/metrics/by-plan?date=${TODAY}`);
    const { rows, formats } = await workbook(`/v1/metrics/by-plan?date=${TODAY}&format=xlsx`);
    const plan = body.plans[0]!;
    expect(rows[0]).toMatchObject({ 'Plan ID': plan.planId, MRR: majorNumber(plan.mrr, 'usd'), 'By currency · JPY': 4800, 'By currency · KWD': 12.345, 'By currency · USD': 12.5 });
    expect(formats[0]!['By currency · JPY']).toMatch(/¥/);
    expect(formats[0]!['By currency · USD']).toMatch(/\$/);
  });

  it('PDF: the same figures as the JSON, formatted for people', async () => {
    const range = `granularity=month&from=${FIRST_DAY}&to=${TODAY}`;
    const body = await json<{ periods: { mrr: number; movements: { churn: number } }[] }>(`/v1/metrics/movements?${range}`);
    const text = await pdfText(`/v1/metrics/movements?${range}&format=pdf`);
    expect(text).toContain('MRR movements');
    expect(text).toContain('Export & Co');
    for (const p of body.periods) {
      expect(text).toContain(normaliseText(formatMoney(p.mrr, 'usd')));
      if (p.movements.churn !== 0) expect(text).toContain(normaliseText(formatMoney(p.movements.churn, 'usd')));
    }
    const customers = await pdfText('/v1/customers?format=pdf');
    for (const [, name, currency, amount] of CUSTOMERS.filter(([id]) => id !== 'cus_gone')) {
      expect(customers).toContain(normaliseText(name));
      expect(customers).toContain(normaliseText(formatMoney(amount, currency)));
    }
    const churn = await json<{ periods: { nrr: { value: number | null } }[] }>(`/v1/metrics/churn?${range}`);
    const churnText = await pdfText(`/v1/metrics/churn?${range}&format=pdf`);
    for (const p of churn.periods) if (p.nrr.value !== null) expect(churnText).toContain(normaliseText(formatRatio(p.nrr.value)));
  });

  it('Accept picks the format when ?format= is absent; json stays the default', async () => {
    const pdf = await file('/v1/metrics/forecast', { ...analyst, accept: 'application/pdf' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const xlsx = await file('/v1/metrics/forecast', { ...analyst, accept: `${XLSX}, application/json;q=0.5` });
    expect(xlsx.headers['content-type']).toBe(XLSX);
    const plain = await file('/v1/metrics/forecast', { ...analyst, accept: 'application/json, application/pdf;q=0.1' });
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
  });

  it('a viewer may not export (403, recorded); every export is audited with its format and rows', async () => {
    for (const format of ['xlsx', 'pdf', 'csv']) {
      const response = await t.app.inject({ url: url(`/v1/customers?format=${format}`), headers: viewer });
      expect(response.statusCode, format).toBe(403);
      expect(response.json().error.code).toBe('RVP_FORBIDDEN');
    }
    const json = await t.app.inject({ url: url('/v1/customers'), headers: viewer });
    expect(json.statusCode).toBe(200);
    const before = await listAudit(db.store.db, ws.id, { limit: 200, action: 'data.exported' });
    await file('/v1/customers?format=xlsx&status=active');
    await file('/v1/customers?format=pdf');
    const after = await listAudit(db.store.db, ws.id, { limit: 200, action: 'data.exported' });
    const added = after.filter((a) => !before.some((b) => b.id === a.id));
    expect(added.map((a) => a.detail).sort((x, y) => String(x.format).localeCompare(String(y.format)))).toEqual([
      { format: 'pdf', rows: 4 },
      { format: 'xlsx', rows: 3 },
    ]);
  });

  it('payment failures, the support tickets (every page) and the audit log export too', async () => {
    const ingest = (await apiKeyCaller(t, ws.id, 'ingest')).headers;
    const tickets = Array.from({ length: 230 }, (_, i) => ({ id: `t${i}`, openedAt: `2026-03-${String(1 + (i % 17)).padStart(2, '0')}T10:00:00Z`, subject: i === 0 ? '@SUM(A1)' : `Ticket ${i}`, email: 'cus_yen@example.com', status: 'open', priority: 'normal' }));
    const posted = await t.app.inject({ method: 'POST', url: url('/v1/support/tickets'), headers: ingest, payload: { tickets } });
    expect(posted.statusCode, posted.body).toBe(200);
    const total = (await json<{ total: number }>('/v1/support/tickets?limit=1')).total;
    expect(total).toBe(230);
    const { rows } = await workbook('/v1/support/tickets?format=xlsx');
    expect(rows).toHaveLength(230);
    expect(rows.some((r) => r.Subject === '@SUM(A1)')).toBe(true);

    const failures = await workbook(`/v1/payments/health?from=${FIRST_DAY}&table=declines&format=xlsx`);
    expect(failures.header).toEqual(['Decline code', 'Count', 'Amount']); // an empty table keeps its columns
    expect(failures.rows).toEqual([]);
    const failuresCsv = await file(`/v1/payments/health?from=${FIRST_DAY}&table=declines&format=csv`);
    expect(failuresCsv.body.trim()).toBe('code,count,currency,amount');

    const admin = (await apiKeyCaller(t, ws.id, 'admin')).headers;
    const audit = await file('/v1/audit/export?format=xlsx', admin);
    const log = tableOf((await readXlsx(audit.rawPayload)).sheets);
    expect(log.rows.some((r) => r.Action === 'data.exported')).toBe(true);
  });
});
