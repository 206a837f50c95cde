// The reports API (issue 14), what reports:manage does: custom reports (CRUD, unique names, the
// definition and its segment validated), schedules (CRUD; a bad cron, time zone or address is a 400
// naming the field; the next run worked out by hand), "Send now" (202, queued, the scheduler woken),
// the delivery log (pages, filter) and retry — and tenant isolation: workspace B never reaches A's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { signedInMember, type Caller } from '../../helpers/auth.js';
import { ensureWorkspace, type Workspace } from '../../../src/store/workspaces-repo.js';

/** Monday 15 April 2024, noon UTC. */
const NOW = new Date('2024-04-15T12:00:00Z');
const definition = { metrics: ['mrr', 'customers'], granularity: 'month', periods: 6, compare: 'previous_period', segmentId: null };

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

describe.each(BACKENDS)('reports API: custom reports, schedules and deliveries (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let a: Workspace;
  let b: Workspace;
  let analyst: Caller & { email: string };
  let viewer: Caller;
  let ownerB: Caller;
  let wakes = 0;

  const call = (method: Method, url: string, caller: Caller, payload?: object, ws: Workspace = a) =>
    t.app.inject({ method, url: `${url}${url.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: caller.headers, ...(payload ? { payload } : {}) });
  const ok = async (method: Method, url: string, caller: Caller, payload?: object, ws: Workspace = a) => {
    const res = await call(method, url, caller, payload, ws);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.statusCode === 204 ? null : res.json();
  };
  const refused = async (res: Awaited<ReturnType<typeof call>>, status: number, code: string, message?: RegExp) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
    if (message) expect(res.json().error.message).toMatch(message);
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW });
    (t.ctx as { wakeReports?: () => void }).wakeReports = () => { wakes += 1; };
    a = await ensureWorkspace(db.store.db, { slug: 'manage-a', name: 'A' });
    b = await ensureWorkspace(db.store.db, { slug: 'manage-b', name: 'B' });
    analyst = await signedInMember(t, [{ workspaceId: a.id, role: 'analyst' }]);
    viewer = await signedInMember(t, [{ workspaceId: a.id, role: 'viewer' }]);
    ownerB = await signedInMember(t, [{ workspaceId: b.id, role: 'owner' }]);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('saves, lists, reads, renames and deletes a custom report', async () => {
    const created = await call('POST', '/v1/reports/custom', analyst, { name: '  Growth board  ', definition });
    expect(created.statusCode, created.body).toBe(201);
    const report = created.json().report;
    expect(report).toMatchObject({ name: 'Growth board', definition, createdBy: expect.any(String), createdAt: NOW.toISOString() });
    expect(report.id).toMatch(/^rpt_[A-Za-z0-9]{16}$/);
    expect((await ok('GET', '/v1/reports', viewer)).custom).toEqual([report]);

    const doc = await ok('GET', `/v1/reports/${report.id}?period=2024-03`, viewer);
    expect(doc).toMatchObject({ key: report.id, kind: 'custom', period: { key: '2024-03' } });
    // A custom report's period is of its granularity.
    await refused(await call('GET', `/v1/reports/${report.id}?period=2024-W10`, viewer), 400, 'RVP_VALIDATION', /a month such as/);

    const renamed = await ok('PUT', `/v1/reports/custom/${report.id}`, analyst, { name: 'Growth' });
    expect(renamed.report).toMatchObject({ id: report.id, name: 'Growth', definition });
    const redefined = await ok('PUT', `/v1/reports/custom/${report.id}`, analyst, { definition: { ...definition, granularity: 'week', periods: 12 } });
    expect(redefined.report.definition).toMatchObject({ granularity: 'week', periods: 12 });
    expect((await ok('GET', `/v1/reports/${report.id}?period=2024-W10`, viewer)).period.key).toBe('2024-W10');

    expect(await ok('DELETE', `/v1/reports/custom/${report.id}`, analyst)).toBeNull();
    await refused(await call('GET', `/v1/reports/${report.id}`, viewer), 404, 'RVP_REPORT_NOT_FOUND');
    await refused(await call('DELETE', `/v1/reports/custom/${report.id}`, analyst), 404, 'RVP_REPORT_NOT_FOUND');
    await refused(await call('PUT', `/v1/reports/custom/${report.id}`, analyst, { name: 'Ghost' }), 404, 'RVP_REPORT_NOT_FOUND');
  });

  it('keeps custom report names unique (ignoring case) and validates the definition and its segment', async () => {
    const first = (await ok('POST', '/v1/reports/custom', analyst, { name: 'Churn watch', definition })).report;
    await refused(await call('POST', '/v1/reports/custom', analyst, { name: 'CHURN WATCH', definition }), 409, 'RVP_REPORT_EXISTS', /Churn watch|CHURN WATCH/);
    const other = (await ok('POST', '/v1/reports/custom', analyst, { name: 'Other', definition })).report;
    await refused(await call('PUT', `/v1/reports/custom/${other.id}`, analyst, { name: 'churn watch' }), 409, 'RVP_REPORT_EXISTS');

    await refused(await call('POST', '/v1/reports/custom', analyst, { name: 'Bad metric', definition: { ...definition, metrics: ['mrr', 'happiness'] } }), 400, 'RVP_VALIDATION', /definition\.metrics/);
    await refused(await call('POST', '/v1/reports/custom', analyst, { name: 'No metric', definition: { ...definition, metrics: [] } }), 400, 'RVP_VALIDATION', /definition\.metrics/);
    await refused(await call('POST', '/v1/reports/custom', analyst, { name: 'Too long', definition: { ...definition, periods: 37 } }), 400, 'RVP_VALIDATION', /definition\.periods/);
    await refused(await call('POST', '/v1/reports/custom', analyst, { name: '   ', definition }), 400, 'RVP_VALIDATION', /name/);
    await refused(await call('PUT', `/v1/reports/custom/${first.id}`, analyst, {}), 400, 'RVP_VALIDATION', /name or a definition/);
    await refused(await call('POST', '/v1/reports/custom', analyst, { name: 'Ghost segment', definition: { ...definition, segmentId: 'seg_nothing' } }), 400, 'RVP_VALIDATION', /definition\.segmentId: no segment with id seg_nothing/);

    // A built-in segment, and one of the workspace's own (made by an owner: segments are settings).
    const builtIn = await call('POST', '/v1/reports/custom', analyst, { name: 'Trials', definition: { ...definition, segmentId: 'builtin-trial-users' } });
    expect(builtIn.statusCode, builtIn.body).toBe(201);
    const owner = await signedInMember(t, [{ workspaceId: a.id, role: 'owner' }]);
    const segment = (await ok('POST', '/v1/segments', owner, { name: 'Big', filters: { mrrMin: 10_000 } })).segment;
    const own = await call('POST', '/v1/reports/custom', analyst, { name: 'Big ones', definition: { ...definition, segmentId: segment.id } });
    expect(own.statusCode, own.body).toBe(201);
    // Another workspace's segment is not this workspace's.
    const segmentB = (await ok('POST', '/v1/segments', ownerB, { name: 'B only', filters: {} }, b)).segment;
    await refused(await call('POST', '/v1/reports/custom', analyst, { name: 'Foreign', definition: { ...definition, segmentId: segmentB.id } }), 400, 'RVP_VALIDATION', /segmentId/);

    await refused(await call('POST', '/v1/reports/custom', viewer, { name: 'Viewer', definition }), 403, 'RVP_FORBIDDEN');
  });

  it('creates, lists, changes and deletes schedules, with the next run in their time zone', async () => {
    const created = await call('POST', '/v1/report-schedules', analyst, { reportKey: 'daily', cron: '0 7 * * *', timeZone: 'Europe/Berlin', recipients: ['ceo@example.com', 'cfo@example.com'] });
    expect(created.statusCode, created.body).toBe(201);
    const schedule = created.json().schedule;
    // 07:00 in Berlin on 16 April 2024 is 05:00 UTC (CEST): today's 07:00 has passed at noon UTC.
    expect(schedule).toMatchObject({ reportKey: 'daily', cron: '0 7 * * *', timeZone: 'Europe/Berlin', recipients: ['ceo@example.com', 'cfo@example.com'], formats: ['pdf', 'xlsx'], enabled: true, nextRunAt: '2024-04-16T05:00:00.000Z' });

    const list = await ok('GET', '/v1/report-schedules', analyst);
    expect(list).toEqual({ data: [schedule], emailConfigured: false });

    const changed = (await ok('PUT', `/v1/report-schedules/${schedule.id}`, analyst, { cron: '30 8 * * 1', timeZone: 'UTC', formats: ['csv'] })).schedule;
    // Monday 08:30 UTC has passed on Monday 15 April at noon: the next is the 22nd.
    expect(changed).toMatchObject({ id: schedule.id, cron: '30 8 * * 1', timeZone: 'UTC', formats: ['csv'], nextRunAt: '2024-04-22T08:30:00.000Z' });
    expect((await ok('PUT', `/v1/report-schedules/${schedule.id}`, analyst, { enabled: false })).schedule).toMatchObject({ enabled: false, nextRunAt: null });

    expect(await ok('DELETE', `/v1/report-schedules/${schedule.id}`, analyst)).toBeNull();
    await refused(await call('DELETE', `/v1/report-schedules/${schedule.id}`, analyst), 404, 'RVP_REPORT_SCHEDULE_NOT_FOUND');
    await refused(await call('PUT', `/v1/report-schedules/${schedule.id}`, analyst, { enabled: true }), 404, 'RVP_REPORT_SCHEDULE_NOT_FOUND');
    await refused(await call('GET', '/v1/report-schedules', viewer), 403, 'RVP_FORBIDDEN');
  });

  it('answers a bad cron, time zone, address or report with a 400 naming the field', async () => {
    const base = { reportKey: 'weekly', cron: '0 8 * * 1', timeZone: 'UTC', recipients: ['team@example.com'] };
    const post = (patch: object) => call('POST', '/v1/report-schedules', analyst, { ...base, ...patch });
    await refused(await post({ cron: '61 * * * *' }), 400, 'RVP_VALIDATION', /^cron/);
    await refused(await post({ cron: 'every day' }), 400, 'RVP_VALIDATION', /^cron/);
    await refused(await post({ timeZone: 'Mars/Olympus' }), 400, 'RVP_VALIDATION', /^timeZone/);
    await refused(await post({ recipients: ['not-an-address'] }), 400, 'RVP_VALIDATION', /recipients/);
    await refused(await post({ recipients: [] }), 400, 'RVP_VALIDATION', /recipients/);
    await refused(await post({ formats: ['docx'] }), 400, 'RVP_VALIDATION', /formats/);
    await refused(await post({ reportKey: 'quarterly' }), 400, 'RVP_VALIDATION', /^reportKey/);
    await refused(await post({ reportKey: 'rpt_AAAAAAAAAAAAAAAA' }), 400, 'RVP_VALIDATION', /^reportKey/);
    const schedule = (await ok('POST', '/v1/report-schedules', analyst, base)).schedule;
    await refused(await call('PUT', `/v1/report-schedules/${schedule.id}`, analyst, { timeZone: 'Nowhere/Town' }), 400, 'RVP_VALIDATION', /^timeZone/);
    await refused(await call('PUT', `/v1/report-schedules/${schedule.id}`, analyst, {}), 400, 'RVP_VALIDATION', /give a field/);
    expect((await ok('GET', '/v1/report-schedules', analyst)).data.find((s: { id: string }) => s.id === schedule.id)).toMatchObject({ timeZone: 'UTC' });
  });

  it('deleting a custom report deletes its schedules', async () => {
    const report = (await ok('POST', '/v1/reports/custom', analyst, { name: 'Scheduled', definition })).report;
    const schedule = (await ok('POST', '/v1/report-schedules', analyst, { reportKey: report.id, cron: '0 6 1 * *', recipients: ['board@example.com'] })).schedule;
    const keep = (await ok('POST', '/v1/report-schedules', analyst, { reportKey: 'board', cron: '0 6 1 * *', recipients: ['board@example.com'] })).schedule;
    await ok('DELETE', `/v1/reports/custom/${report.id}`, analyst);
    const ids = (await ok('GET', '/v1/report-schedules', analyst)).data.map((s: { id: string }) => s.id);
    expect(ids).toContain(keep.id);
    expect(ids).not.toContain(schedule.id);
  });

  it('"Send now" queues a delivery to the requester, wakes the scheduler, and the log lists it', async () => {
    const before = wakes;
    const res = await call('POST', '/v1/reports/board/send', analyst, {});
    expect(res.statusCode, res.body).toBe(202);
    const delivery = res.json().delivery;
    // The board schedule of the previous test names board@example.com: those are its recipients.
    expect(delivery).toMatchObject({ reportKey: 'board', periodKey: '2024-03', trigger: 'manual', status: 'pending', recipients: ['board@example.com'], requestedBy: analyst.email, scheduleId: null });
    expect(wakes).toBe(before + 1);

    const bodiless = await call('POST', '/v1/reports/daily/send', analyst);
    expect(bodiless.statusCode, bodiless.body).toBe(202);
    expect(bodiless.json().delivery).toMatchObject({ periodKey: '2024-04-14', recipients: [analyst.email], formats: ['pdf', 'xlsx'] });
    const daily = (await ok('POST', '/v1/reports/daily/send', analyst, { period: '2024-04-10', formats: ['csv'] })).delivery;
    expect(daily).toMatchObject({ periodKey: '2024-04-10', recipients: [analyst.email], formats: ['csv'] });
    const to = (await ok('POST', '/v1/reports/weekly/send', analyst, { to: ['a@example.com', 'a@example.com', 'b@example.com'] })).delivery;
    expect(to).toMatchObject({ periodKey: '2024-W15', recipients: ['a@example.com', 'b@example.com'] });

    await refused(await call('POST', '/v1/reports/quarterly/send', analyst, {}), 404, 'RVP_REPORT_NOT_FOUND');
    await refused(await call('POST', '/v1/reports/daily/send', analyst, { period: 'yesterday' }), 400, 'RVP_VALIDATION', /^period/);
    await refused(await call('POST', '/v1/reports/daily/send', analyst, { to: ['nobody'] }), 400, 'RVP_VALIDATION', /to/);
    await refused(await call('POST', '/v1/reports/daily/send', viewer, {}), 403, 'RVP_FORBIDDEN');

    const log = await ok('GET', '/v1/report-deliveries', analyst);
    expect(log.data.map((d: { id: string }) => d.id).slice(0, 4).sort()).toEqual([delivery.id, bodiless.json().delivery.id, daily.id, to.id].sort());
    const first = await ok('GET', '/v1/report-deliveries?limit=2', analyst);
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ok('GET', `/v1/report-deliveries?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`, analyst);
    expect([...first.data, ...second.data].map((d: { id: string }) => d.id)).toEqual(log.data.slice(0, first.data.length + second.data.length).map((d: { id: string }) => d.id));
    expect((await ok('GET', '/v1/report-deliveries?report=weekly', analyst)).data.map((d: { id: string }) => d.id)).toEqual([to.id]);
    await refused(await call('GET', '/v1/report-deliveries?cursor=garbage', analyst), 400, 'RVP_VALIDATION', /cursor/);
  });

  it('sends a failed delivery again, and only a failed or interrupted one', async () => {
    const delivery = (await ok('POST', '/v1/reports/daily/send', analyst, { to: ['retry@example.com'] })).delivery;
    await refused(await call('POST', `/v1/report-deliveries/${delivery.id}/retry`, analyst), 409, 'RVP_REPORT_DELIVERY_NOT_RETRYABLE', /pending/);
    await db.store.db.updateTable('report_deliveries').set({ status: 'failed', last_error: 'SMTP said no', attempts: 5 }).where('workspace_id', '=', a.id).where('delivery_id', '=', delivery.id).execute();
    const before = wakes;
    const retried = (await ok('POST', `/v1/report-deliveries/${delivery.id}/retry`, analyst)).delivery;
    expect(retried).toMatchObject({ id: delivery.id, status: 'pending' });
    expect(wakes).toBe(before + 1);
    await refused(await call('POST', '/v1/report-deliveries/dlv_nothing/retry', analyst), 404, 'RVP_REPORT_DELIVERY_NOT_FOUND');
  });

  it("keeps workspace B away from A's custom reports, schedules and deliveries", async () => {
    const report = (await ok('POST', '/v1/reports/custom', analyst, { name: 'Private', definition })).report;
    const schedule = (await ok('POST', '/v1/report-schedules', analyst, { reportKey: report.id, cron: '0 7 * * *', recipients: ['a@example.com'] })).schedule;
    const delivery = (await ok('POST', `/v1/reports/${report.id}/send`, analyst, { to: ['a@example.com'] })).delivery;

    // B's owner, in B: none of A's things exist there.
    await refused(await call('GET', `/v1/reports/${report.id}`, ownerB, undefined, b), 404, 'RVP_REPORT_NOT_FOUND');
    expect((await ok('GET', '/v1/reports', ownerB, undefined, b)).custom).toEqual([]);
    await refused(await call('PUT', `/v1/reports/custom/${report.id}`, ownerB, { name: 'Mine' }, b), 404, 'RVP_REPORT_NOT_FOUND');
    await refused(await call('DELETE', `/v1/reports/custom/${report.id}`, ownerB, undefined, b), 404, 'RVP_REPORT_NOT_FOUND');
    await refused(await call('POST', `/v1/reports/${report.id}/send`, ownerB, { to: ['b@example.com'] }, b), 404, 'RVP_REPORT_NOT_FOUND');
    expect((await ok('GET', '/v1/report-schedules', ownerB, undefined, b)).data).toEqual([]);
    await refused(await call('PUT', `/v1/report-schedules/${schedule.id}`, ownerB, { enabled: false }, b), 404, 'RVP_REPORT_SCHEDULE_NOT_FOUND');
    await refused(await call('DELETE', `/v1/report-schedules/${schedule.id}`, ownerB, undefined, b), 404, 'RVP_REPORT_SCHEDULE_NOT_FOUND');
    await refused(await call('POST', '/v1/report-schedules', ownerB, { reportKey: report.id, cron: '0 7 * * *', recipients: ['b@example.com'] }, b), 400, 'RVP_VALIDATION', /reportKey/);
    expect((await ok('GET', '/v1/report-deliveries', ownerB, undefined, b)).data).toEqual([]);
    await refused(await call('POST', `/v1/report-deliveries/${delivery.id}/retry`, ownerB, undefined, b), 404, 'RVP_REPORT_DELIVERY_NOT_FOUND');
    // …and naming A from B's session is A's door, which is shut.
    await refused(await call('GET', '/v1/report-schedules', ownerB), 404, 'RVP_WORKSPACE_NOT_FOUND');

    // A's things are untouched.
    expect((await ok('GET', '/v1/report-schedules', analyst)).data.find((s: { id: string }) => s.id === schedule.id)).toMatchObject({ enabled: true });
    expect((await ok('GET', '/v1/reports', analyst)).custom.map((r: { name: string }) => r.name)).toContain('Private');
  });
});
