// The retention API and the compliance report: the policy read and changed (audited) with clear
// 400s for days out of range or unknown fields, owners and admins only; the last runs with their
// counts; the report's PDF text and CSV lines over a few GDPR requests in and out of the period.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../../../src/compliance/retention.js';
import { ensureWorkspace, type Workspace } from '../../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { signedInMember, type Caller } from '../../helpers/auth.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { normaliseText, readPdf } from '../../helpers/pdf-text.js';

const NOW = new Date('2026-11-30T12:00:00Z');

describe.each(BACKENDS)('retention API and compliance report (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let owner: Caller;
  let analyst: Caller;

  const call = (method: 'GET' | 'PUT', url: string, caller: Caller, payload?: unknown) =>
    t.app.inject({ method, url: `${url}${url.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: caller.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW });
    ws = await ensureWorkspace(db.store.db, { slug: 'retention-api', name: 'Retention API' });
    owner = await signedInMember(t, [{ workspaceId: ws.id, role: 'owner' }]);
    analyst = await signedInMember(t, [{ workspaceId: ws.id, role: 'analyst' }]);
    const request = (id: string, kind: 'export' | 'anonymise' | 'delete', status: 'pending' | 'completed' | 'failed', at: string) => db.store.db.insertInto('gdpr_requests').values({
      workspace_id: ws.id, request_id: id, kind, customer_id: 'cus_1', status, requested_by_type: 'user', requested_by_label: 'dpo@example.com',
      requested_at: at, completed_at: status === 'completed' ? at : null, error: status === 'failed' ? 'no such customer' : null,
    }).execute();
    await request('gr_1', 'export', 'completed', '2026-11-02T10:00:00Z');
    await request('gr_2', 'export', 'completed', '2026-11-20T10:00:00Z');
    await request('gr_3', 'delete', 'completed', '2026-11-21T10:00:00Z');
    await request('gr_4', 'anonymise', 'failed', '2026-11-22T10:00:00Z');
    await request('gr_5', 'delete', 'pending', '2026-11-30T09:00:00Z');
    await request('gr_old', 'export', 'completed', '2026-09-01T10:00:00Z');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('answers the default policy (kept for ever, exports 7 days) and the session pruning', async () => {
    const res = await call('GET', '/v1/retention/policy', owner);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      policy: { rawPayloadDays: null, usageRawDays: null, auditDays: null, securityDays: null, exportDays: 7, updatedBy: null, updatedAt: null },
      sessions: { ttlHours: t.ctx.config.auth.sessionTtlHours, idleMinutes: t.ctx.config.auth.sessionIdleMinutes, expiredWaiting: 0 },
    });
  });

  it('changes the fields given, keeps the others, and audits the change', async () => {
    const res = await call('PUT', '/v1/retention/policy', owner, { rawPayloadDays: 90, auditDays: 365 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().policy).toMatchObject({ rawPayloadDays: 90, usageRawDays: null, auditDays: 365, securityDays: null, exportDays: 7, updatedBy: expect.stringContaining('@example.com') });
    const back = await call('PUT', '/v1/retention/policy', owner, { usageRawDays: 30, rawPayloadDays: null });
    expect(back.json().policy).toMatchObject({ rawPayloadDays: null, usageRawDays: 30, auditDays: 365 });
    const audit = await db.store.db.selectFrom('audit_log').select(['action', 'detail']).where('workspace_id', '=', ws.id).where('action', '=', 'retention.policy_changed').execute();
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => a.detail)).toContainEqual(expect.objectContaining({ after: { usageRawDays: 30, rawPayloadDays: null } }));
  });

  it.each([
    [{ auditDays: 5 }, /auditDays.*at least 30 days/],
    [{ securityDays: 40000 }, /securityDays.*at most 36500 days/],
    [{ rawPayloadDays: 0 }, /rawPayloadDays.*at least 1 day/],
    [{ exportDays: null }, /exportDays/],
    [{ usageRawDays: 'ninety' }, /usageRawDays/],
    [{ usageRawDays: 1.5 }, /usageRawDays/],
    [{ keepForever: true }, /keepForever|unrecognized/i],
  ])('refuses %j with a 400 naming the field', async (payload, message) => {
    const res = await call('PUT', '/v1/retention/policy', owner, payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('RVP_VALIDATION');
    expect(res.json().error.message).toMatch(message);
  });

  it('is for owners and admins only', async () => {
    for (const url of ['/v1/retention/policy', '/v1/retention/runs', '/v1/compliance/report']) expect((await call('GET', url, analyst)).statusCode, url).toBe(403);
  });

  it('lists the last runs with their counts', async () => {
    await runRetention({ store: db.store, logger: t.ctx.logger, now: () => NOW, auth: t.ctx.config.auth }, { workspaceIds: [ws.id] });
    const res = await call('GET', '/v1/retention/runs', owner);
    expect(res.statusCode, res.body).toBe(200);
    const [run] = res.json().data;
    expect(run).toMatchObject({ status: 'completed', error: null, counts: { usage_events_deleted: 0, audit_entries_deleted: 0, exports_expired: 0 } });
    expect(run.counts.raw_payloads_scrubbed).toBeUndefined(); // raw payloads are kept for ever now
  });

  it('writes the compliance report as PDF: requests by kind and status in the period, the policy, the last run', async () => {
    const res = await call('GET', '/v1/compliance/report?from=2026-11-01&to=2026-11-30&format=pdf', owner);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('revpulse-compliance-report-2026-11-01_2026-11-30.pdf');
    mkdirSync('test-results', { recursive: true });
    writeFileSync(`test-results/retention-compliance-report-${backend}.pdf`, res.rawPayload);
    const text = normaliseText((await readPdf(res.rawPayload)).map((p) => p.text).join('\n'));
    expect(text).toContain('Compliance report');
    expect(text).toContain('5 GDPR requests in the period: 3 completed, 1 failed, 1 still open.');
    expect(text).toMatch(/export 0 0 2 0 2/);
    expect(text).toMatch(/Total 1 0 3 1 5/);
    expect(text).toContain('dpo@example.com');
    expect(text).not.toContain('gr_old');
    expect(text).toMatch(/Raw usage events 30 days/);
    expect(text).toMatch(/Audit log 365 days/);
    expect(text).toMatch(/Security events for ever/);
    expect(text).toContain('Last retention runs');
    const audit = await db.store.db.selectFrom('audit_log').select('detail').where('workspace_id', '=', ws.id).where('action', '=', 'compliance.report_exported').execute();
    expect(audit.map((a) => a.detail)).toContainEqual({ from: '2026-11-01', to: '2026-11-30', format: 'pdf' });
  });

  it('writes the same report as CSV lines (section, block, row, column, value)', async () => {
    const res = await call('GET', '/v1/compliance/report?from=2026-11-01&to=2026-11-30&format=csv', owner);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parse(res.body, { columns: true }) as Array<Record<string, string>>;
    const cell = (block: string, row: string, column: string) => rows.find((r) => r.block === block && r.row === row && r.column === column)?.value;
    expect(cell('requests_by_kind', 'export', 'Completed')).toBe('2');
    expect(cell('requests_by_kind', 'anonymise', 'Failed')).toBe('1');
    expect(cell('requests_by_kind', 'Total', 'Total')).toBe('5');
    expect(cell('requests', '2026-11-22T10:00:00Z', 'Status')).toBe('failed');
    expect(cell('policy', 'Audit log', 'Kept')).toBe('365 days');
    expect(rows.filter((r) => r.block === 'runs' && r.column === 'Status').map((r) => r.value)).toEqual(['completed']);
    // Default period: the 30 days to today (1–30 Nov): gr_old (September) is out.
    const fallback = await call('GET', '/v1/compliance/report?format=csv', owner);
    expect((parse(fallback.body, { columns: true }) as Array<Record<string, string>>).filter((r) => r.block === 'requests' && r.column === 'Kind')).toHaveLength(5);
  });

  it.each([
    ['from=2026-11-30&to=2026-11-01', /from: must not be after to/],
    ['from=2026-02-30', /from/],
    ['format=xlsx', /format/],
  ])('refuses ?%s with a 400', async (query, message) => {
    const res = await call('GET', `/v1/compliance/report?${query}`, owner);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toMatch(message);
  });
});
