// Access-matrix cases for reports: rendering, custom reports, schedules, deliveries (see
// test/helpers/access-case.ts). Reading a report is metrics:read (as JSON here: files also need
// exports:create, tested in test/integration/reports/api.test.ts); the rest is reports:manage.
import type { Case, Fixtures } from '../../helpers/access-case.js';
import { inA } from '../../helpers/access-case.js';
import { insertCustomReport, newCustomReportId } from '../../../src/reports/custom-reports.js';
import { createSchedule, queueSendNow } from '../../../src/reports/delivery/service.js';

const uniqueName = () => `Report ${Math.random().toString(36).slice(2, 10)}`;
const definition = { metrics: ['mrr' as const, 'customers' as const], granularity: 'month' as const, periods: 3, compare: null, segmentId: null };

/** A fresh custom report of workspace A to change or delete. */
async function customReportOf(f: Fixtures): Promise<string> {
  const report = await insertCustomReport(f.t.ctx.store.db, { workspaceId: f.a.id, id: newCustomReportId(), name: uniqueName(), definition, createdBy: null, now: new Date() });
  return report.id;
}

/** A fresh schedule of workspace A to change or delete. */
async function scheduleOf(f: Fixtures): Promise<string> {
  const schedule = await createSchedule(f.t.ctx.store.db, f.a.id, { reportKey: 'daily', cron: '0 7 * * *', timeZone: 'UTC', recipients: ['ceo@example.com'], formats: ['pdf'], enabled: true }, null, new Date());
  return schedule.id;
}

/** A delivery of workspace A that failed, so a person may send it again. */
async function failedDeliveryOf(f: Fixtures): Promise<string> {
  const db = f.t.ctx.store.db;
  const delivery = await queueSendNow(db, f.a.id, { reportKey: 'daily', to: ['ceo@example.com'], requestedBy: 'matrix', requesterEmail: null }, new Date());
  await db.updateTable('report_deliveries').set({ status: 'failed', last_error: 'matrix' }).where('workspace_id', '=', f.a.id).where('delivery_id', '=', delivery.id).execute();
  return delivery.id;
}

export const CASES: Record<string, Case> = {
  'GET /v1/reports': { ok: 200, build: (f) => inA(f, '/v1/reports') },
  // The board pack: the cheapest built-in to build on the matrix's empty workspace (HEAD builds it too).
  'GET /v1/reports/:kind': { ok: 200, build: (f) => inA(f, '/v1/reports/board?format=json') },
  'POST /v1/reports/custom': { ok: 201, build: (f) => inA(f, '/v1/reports/custom', { method: 'POST', payload: { name: uniqueName(), definition } }) },
  'PUT /v1/reports/custom/:id': { ok: 200, build: async (f) => inA(f, `/v1/reports/custom/${await customReportOf(f)}`, { method: 'PUT', payload: { name: uniqueName() } }) },
  'DELETE /v1/reports/custom/:id': { ok: 204, build: async (f) => inA(f, `/v1/reports/custom/${await customReportOf(f)}`, { method: 'DELETE' }) },
  'POST /v1/reports/:kind/send': { ok: 202, build: (f) => inA(f, '/v1/reports/daily/send', { method: 'POST', payload: { to: ['ceo@example.com'], formats: ['pdf'] } }) },
  'GET /v1/report-schedules': { ok: 200, build: (f) => inA(f, '/v1/report-schedules') },
  'POST /v1/report-schedules': { ok: 201, build: (f) => inA(f, '/v1/report-schedules', { method: 'POST', payload: { reportKey: 'weekly', cron: '0 8 * * 1', timeZone: 'Europe/Berlin', recipients: ['ceo@example.com'] } }) },
  'PUT /v1/report-schedules/:id': { ok: 200, build: async (f) => inA(f, `/v1/report-schedules/${await scheduleOf(f)}`, { method: 'PUT', payload: { enabled: false } }) },
  'DELETE /v1/report-schedules/:id': { ok: 204, build: async (f) => inA(f, `/v1/report-schedules/${await scheduleOf(f)}`, { method: 'DELETE' }) },
  'GET /v1/report-deliveries': { ok: 200, build: (f) => inA(f, '/v1/report-deliveries') },
  'POST /v1/report-deliveries/:id/retry': { ok: 200, build: async (f) => inA(f, `/v1/report-deliveries/${await failedDeliveryOf(f)}/retry`, { method: 'POST' }) },
};
