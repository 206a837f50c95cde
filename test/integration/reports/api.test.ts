// The reports API (issue 14) over the hand-computed fixture business (test/helpers/revenue-fixture.ts):
// GET /v1/reports and /v1/reports/:kind in every format — the JSON is buildReport's document for the
// same as-of, the HTML (under its own CSP) and the files carry the MRR the metrics API reports —,
// files need exports:create and are audited, clear errors for a bad kind, period or format.
// Custom reports, schedules, "Send now", the delivery log and retry are in api-manage.test.ts.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { apiKeyCaller, signedInMember, type Caller } from '../../helpers/auth.js';
import { normaliseText, readPdf } from '../../helpers/pdf-text.js';
import { majorNumber } from '../../helpers/xlsx-read.js';
import { FIXTURE_NOW, storeFixture } from '../../helpers/revenue-fixture.js';
import { asOf } from '../../../src/read/clock.js';
import { buildReport } from '../../../src/reports/build.js';
import { formatMoney } from '../../../src/reports/render/format-value.js';
import { REPORT_HTML_CSP } from '../../../src/api/routes/reports.js';
import { createSource } from '../../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../../src/store/workspaces-repo.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(BACKENDS)('reports API: reading a report (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let owner: Caller;
  let analyst: Caller;
  let viewer: Caller;
  /** MRR at the end of March 2024 (the board pack's period), read from the metrics API. */
  let marchMrr: number;

  const call = (url: string, caller: Caller, headers: Record<string, string> = {}) =>
    t.app.inject({ url: `${url}${url.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: { ...caller.headers, ...headers } });

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    ws = await ensureWorkspace(db.store.db, { slug: 'reports-api', name: 'Reports API' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_reports' });
    await storeFixture(db.store, ws.id, source.id);
    await t.worker.drain();
    owner = await signedInMember(t, [{ workspaceId: ws.id, role: 'owner' }]);
    analyst = await signedInMember(t, [{ workspaceId: ws.id, role: 'analyst' }]);
    viewer = await signedInMember(t, [{ workspaceId: ws.id, role: 'viewer' }]);
    const series = await call('/v1/metrics/series?metric=mrr&granularity=month&from=2024-03-01&to=2024-03-31', viewer);
    expect(series.statusCode, series.body).toBe(200);
    marchMrr = series.json().points[0].value;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('lists the built-in reports with the last complete period of each', async () => {
    const res = await call('/v1/reports', viewer);
    expect(res.statusCode, res.body).toBe(200);
    // FIXTURE_NOW is Monday 15 April 2024: yesterday, the ISO week 8–14 April, March.
    expect(res.json().builtin.map((b: { kind: string; defaultPeriod: string }) => [b.kind, b.defaultPeriod])).toEqual([['daily', '2024-04-14'], ['weekly', '2024-W15'], ['board', '2024-03']]);
    for (const b of res.json().builtin) expect(b.title.length * b.description.length).toBeGreaterThan(0);
    expect(res.json().custom).toEqual([]);
  });

  it("answers JSON with buildReport's document for the same as-of", async () => {
    const res = await call('/v1/reports/board?period=2024-03', viewer);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const direct = await buildReport({ db: db.store.db, workspace: ws, now: FIXTURE_NOW }, { key: 'board', period: '2024-03', asOf: asOf(FIXTURE_NOW) });
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(direct)));
    expect(res.json()).toMatchObject({ key: 'board', kind: 'board', period: { key: '2024-03' }, currency: 'usd', asOf: FIXTURE_NOW.toISOString() });
    // An earlier as-of is a different read: nothing after it counts.
    const earlier = await call('/v1/reports/daily?period=2024-04-01&asOf=2024-04-02T00:00:00Z', viewer);
    expect(earlier.statusCode, earlier.body).toBe(200);
    expect(earlier.json().asOf).toBe('2024-04-02T00:00:00.000Z');
  });

  it('answers HTML inline under a CSP of its own that lets the dashboard frame it, with the MRR the metrics API reports', async () => {
    const res = await call('/v1/reports/board?period=2024-03&format=html', viewer);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(REPORT_HTML_CSP);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-disposition']).toBe('inline; filename="revpulse-board-2024-03.html"');
    expect(res.body).toContain(formatMoney(marchMrr, 'usd'));
  });

  it('answers a PDF whose text holds the MRR the metrics API reports', async () => {
    const res = await call('/v1/reports/board?period=2024-03&format=pdf', analyst);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="revpulse-board-2024-03.pdf"');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = normaliseText((await readPdf(res.rawPayload)).map((p) => p.text).join('\n'));
    expect(text).toContain(normaliseText(formatMoney(marchMrr, 'usd')));
  });

  it('answers a workbook that opens, with the MRR as a number', async () => {
    const res = await call('/v1/reports/board?period=2024-03&format=xlsx', analyst);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.length).toBeGreaterThan(0);
    const numbers: number[] = [];
    for (const sheet of book.worksheets) sheet.eachRow((row) => row.eachCell((cell) => { if (typeof cell.value === 'number') numbers.push(cell.value); }));
    expect(numbers).toContain(majorNumber(marchMrr, 'usd'));
  });

  it('answers CSV that parses, with the MRR', async () => {
    const res = await call('/v1/reports/board?period=2024-03&format=csv', analyst);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="revpulse-board-2024-03.csv"');
    const rows = parse(res.body, { relax_column_count: true, bom: true }) as string[][];
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.flat().some((cell) => cell !== '' && Number(cell) === majorNumber(marchMrr, 'usd'))).toBe(true);
  });

  it('chooses the format from Accept when there is no ?format=', async () => {
    const pdf = await call('/v1/reports/daily', analyst, { accept: 'application/pdf' });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const xlsx = await call('/v1/reports/daily', analyst, { accept: `application/json;q=0.5, ${XLSX_TYPE}` });
    expect(xlsx.headers['content-type']).toBe(XLSX_TYPE);
    const json = await call('/v1/reports/daily', analyst, { accept: '*/*' });
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.json().period.key).toBe('2024-04-14');
  });

  it('refuses files to a role without exports:create, and audits every file exported', async () => {
    for (const format of ['pdf', 'xlsx', 'csv']) {
      const res = await call(`/v1/reports/weekly?format=${format}`, viewer);
      expect(res.statusCode, format).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'RVP_FORBIDDEN', message: expect.stringContaining('exports:create') });
    }
    const key = await apiKeyCaller(t, ws.id, 'viewer');
    expect((await call('/v1/reports/weekly', key, { accept: 'text/csv' })).statusCode).toBe(403);
    expect((await call('/v1/reports/weekly?format=html', viewer)).statusCode).toBe(200);

    const before = await call('/v1/audit?action=data.exported&limit=200', owner);
    const exported = await call('/v1/reports/weekly?period=2024-W14&format=xlsx', analyst);
    expect(exported.statusCode).toBe(200);
    const after = await call('/v1/audit?action=data.exported&limit=200', owner);
    const fresh = after.json().data.slice(0, after.json().data.length - before.json().data.length);
    expect(fresh).toEqual([expect.objectContaining({ action: 'data.exported', actorLabel: analyst.email, detail: expect.objectContaining({ format: 'xlsx' }), targetLabel: expect.stringContaining('/v1/reports/weekly?period=2024-W14') })]);
    // JSON and HTML are reads, not exports.
    await call('/v1/reports/weekly?format=html', analyst);
    expect((await call('/v1/audit?action=data.exported&limit=200', owner)).json().data.length).toBe(after.json().data.length);
  });

  it('answers a bad kind, period or format with an error that says what is expected', async () => {
    const unknown = await call('/v1/reports/quarterly', viewer);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'RVP_REPORT_NOT_FOUND', message: expect.stringContaining('daily, weekly, board') });
    expect((await call('/v1/reports/rpt_AAAAAAAAAAAAAAAA', viewer)).json().error.code).toBe('RVP_REPORT_NOT_FOUND');

    const month = await call('/v1/reports/board?period=2024-13', viewer);
    expect(month.statusCode).toBe(400);
    expect(month.json().error).toMatchObject({ code: 'RVP_VALIDATION', message: expect.stringMatching(/^period: .*a month such as/) });
    const week = await call('/v1/reports/weekly?period=2024-04-01', viewer);
    expect(week.statusCode).toBe(400);
    expect(week.json().error.message).toMatch(/an ISO week such as/);
    const future = await call('/v1/reports/board?period=2024-06', viewer);
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toMatch(/^period: /);

    const format = await call('/v1/reports/daily?format=docx', viewer);
    expect(format.statusCode).toBe(400);
    expect(format.json().error).toMatchObject({ code: 'RVP_VALIDATION', message: expect.stringContaining('format') });
    // The format is checked before the kind: no work for a request that cannot be answered.
    expect((await call('/v1/reports/nope?format=docx', viewer)).statusCode).toBe(400);
  });
});
