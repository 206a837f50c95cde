// The GDPR request queue: the API (202, the queue and its pages, 404, 409, the ZIP download and
// its expiry), the job (pending → processing → completed | failed with audit entries), a second
// erasure refused, a crashed instance's request taken over after the timeout, and — on
// PostgreSQL — every request claimed exactly once by concurrent claimers.
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGdprRequestJob } from '../../../src/jobs/gdpr-requests.js';
import { listAudit } from '../../../src/store/audit-repo.js';
import { createDb } from '../../../src/store/db.js';
import {
  claimNextGdprRequest, completeGdprRequest, getGdprRequest, insertGdprRequest, type StoredGdprRequest,
} from '../../../src/store/gdpr-requests-repo.js';
import { newId } from '../../../src/store/ids.js';
import { upsertRecords } from '../../../src/store/records-repo.js';
import { ensureWorkspace, type Workspace } from '../../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { apiKeyCaller, signedInMember, type Caller } from '../../helpers/auth.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';

const T0 = new Date('2026-03-02T10:00:00.000Z');
const DAY = 86_400_000;
const system = { type: 'system' as const, id: null, label: 'test' };

describe.each(BACKENDS)('GDPR request queue (%s)', (kind) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let owner: Caller & { email: string };
  const clock = T0;
  const job = () => createGdprRequestJob({ store: t.ctx.store, logger: t.ctx.logger, now: () => clock, bus: t.ctx.bus, config: t.ctx.config, box: t.ctx.box });
  const inWs = (url: string) => `${url}${url.includes('?') ? '&' : '?'}workspace=${ws.id}`;

  /** A request moved straight to completed through the repository (an export with `zip`). */
  async function completed(kindOf: 'export' | 'delete' | 'anonymise', customerId: string, zip: Uint8Array | null, expiresAt: Date | null): Promise<StoredGdprRequest> {
    const queued = await insertGdprRequest(t.ctx.store.db, { workspaceId: ws.id, id: newId('gdpr'), kind: kindOf, customerId, requestedBy: system, now: clock });
    const claimed = await claimNextGdprRequest(t.ctx.store.db, { now: clock, staleBefore: new Date(0), requestId: queued.id });
    expect(claimed?.status).toBe('processing');
    await completeGdprRequest(t.ctx.store.db, { workspaceId: ws.id, id: queued.id, startedAt: claimed!.startedAt! }, {
      completedAt: clock, result: { counts: { customers: 1 } }, pseudonym: kindOf === 'export' ? null : 'Customer 7f3a', artifact: zip, artifactExpiresAt: expiresAt,
    });
    return (await getGdprRequest(t.ctx.store.db, ws.id, queued.id))!;
  }

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    t = await buildTestApp(db.store, { now: () => clock });
    ws = await ensureWorkspace(db.store.db, { slug: 'gdpr-queue', name: 'GDPR queue' });
    owner = await signedInMember(t, [{ workspaceId: ws.id, role: 'owner' }]);
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('queues a request (202), the job fails it for an unknown customer with a clear error, both in the audit log', async () => {
    const posted = await t.app.inject({ method: 'POST', url: inWs('/v1/gdpr/requests'), headers: owner.headers, payload: { kind: 'export', customerId: 'cus_nobody' } });
    expect(posted.statusCode, posted.body).toBe(202);
    const request = posted.json().request;
    expect(request).toMatchObject({ kind: 'export', customerId: 'cus_nobody', status: 'pending', requestedBy: { type: 'user', label: owner.email }, download: null });

    expect(await job().drain()).toBe(1);
    const after = await t.app.inject({ url: inWs(`/v1/gdpr/requests/${request.requestId}`), headers: owner.headers });
    expect(after.json().request).toMatchObject({ status: 'failed', error: expect.stringMatching(/^No customer cus_nobody in this workspace/) });
    expect(after.json().request.completedAt).toBe(T0.toISOString());

    const audit = await listAudit(t.ctx.store.db, ws.id, { limit: 50 });
    const mine = audit.filter((e) => e.detail.requestId === request.requestId).map((e) => [e.action, e.actorLabel]);
    expect(mine.sort()).toEqual([['gdpr.failed', 'GDPR request queue'], ['gdpr.requested', owner.email]]);
  });

  it('carries out an export and then a delete of a real customer: the ZIP kept for export_days, the pseudonym recorded', async () => {
    const customer = { id: 'cus_real', email: 'jane.real@example.com', name: 'Jane Real', country: null, currency: null, created: 1_735_689_600, deleted: false, metadata: {} };
    await t.ctx.store.db.transaction().execute((trx) => upsertRecords(trx, [{ workspaceId: ws.id, sourceId: 'src_gdpr', eventId: 'evt_gdpr_1', version: 1_735_689_600, records: { customers: [customer] } }]));
    await t.ctx.store.db.insertInto('retention_policies').values({ workspace_id: ws.id, export_days: 3 }).execute();
    const exported = (await t.app.inject({ method: 'POST', url: inWs('/v1/gdpr/requests'), headers: owner.headers, payload: { kind: 'export', customerId: 'cus_real' } })).json().request;
    await job().drain();
    const view = (await t.app.inject({ url: inWs(`/v1/gdpr/requests/${exported.requestId}`), headers: owner.headers })).json().request;
    expect(view).toMatchObject({ status: 'completed', error: null, download: { expiresAt: new Date(T0.getTime() + 3 * DAY).toISOString() } });
    expect(view.counts.customers).toBe(1);
    const file = await t.app.inject({ url: inWs(`/v1/gdpr/requests/${exported.requestId}/export`), headers: owner.headers });
    expect(file.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(file.rawPayload);
    const texts = await Promise.all(Object.values(zip.files).filter((f) => !f.dir).map((f) => f.async('string')));
    expect(texts.some((text) => text.includes('jane.real@example.com'))).toBe(true);

    const deleted = (await t.app.inject({ method: 'POST', url: inWs('/v1/gdpr/requests'), headers: owner.headers, payload: { kind: 'delete', customerId: 'cus_real' } })).json().request;
    await job().drain();
    const done = (await t.app.inject({ url: inWs(`/v1/gdpr/requests/${deleted.requestId}`), headers: owner.headers })).json().request;
    expect(done).toMatchObject({ kind: 'delete', status: 'completed', pseudonym: expect.any(String), download: null });
    const record = await t.ctx.store.db.selectFrom('customers').selectAll().where('workspace_id', '=', ws.id).where('customer_id', '=', 'cus_real').executeTakeFirst();
    expect(JSON.stringify(record ?? {})).not.toContain('jane.real@example.com');
    const audit = await listAudit(t.ctx.store.db, ws.id, { limit: 200 });
    expect(audit.find((e) => e.action === 'gdpr.completed' && e.detail.requestId === deleted.requestId)?.detail.pseudonym).toBe(done.pseudonym);
    await t.ctx.store.db.deleteFrom('retention_policies').where('workspace_id', '=', ws.id).execute();
  });

  it('refuses a bad body (400) and an unknown request (404)', async () => {
    const bad = await t.app.inject({ method: 'POST', url: inWs('/v1/gdpr/requests'), headers: owner.headers, payload: { kind: 'forget', customerId: 'cus_1' } });
    expect(bad.statusCode).toBe(400);
    const missing = await t.app.inject({ url: inWs('/v1/gdpr/requests/gdpr_nope'), headers: owner.headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('RVP_GDPR_REQUEST_NOT_FOUND');
  });

  it('serves an export as a ZIP while it is kept, 409 while it is processing, 404 once it expired (and drops the file)', async () => {
    const zip = new JSZip();
    zip.file('customer.json', JSON.stringify({ id: 'cus_zip' }));
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    const done = await completed('export', 'cus_zip', bytes, new Date(clock.getTime() + 7 * DAY));

    const view = await t.app.inject({ url: inWs(`/v1/gdpr/requests/${done.id}`), headers: owner.headers });
    expect(view.json().request.download).toEqual({ bytes: bytes.byteLength, expiresAt: new Date(T0.getTime() + 7 * DAY).toISOString() });
    const file = await t.app.inject({ url: inWs(`/v1/gdpr/requests/${done.id}/export`), headers: owner.headers });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/zip');
    expect(file.headers['content-disposition']).toBe('attachment; filename="gdpr-cus_zip-2026-03-02.zip"');
    const read = await JSZip.loadAsync(file.rawPayload);
    expect(JSON.parse(await read.file('customer.json')!.async('string'))).toEqual({ id: 'cus_zip' });

    const queued = await insertGdprRequest(t.ctx.store.db, { workspaceId: ws.id, id: newId('gdpr'), kind: 'export', customerId: 'cus_wait', requestedBy: system, now: clock });
    const pending = await t.app.inject({ url: inWs(`/v1/gdpr/requests/${queued.id}/export`), headers: owner.headers });
    expect(pending.statusCode).toBe(409);
    expect(pending.json().error).toEqual({ code: 'RVP_GDPR_EXPORT_NOT_READY', message: 'The export of cus_wait is still pending: download it once the request is completed.' });
    await t.ctx.store.db.updateTable('gdpr_requests').set({ status: 'failed', error: 'test' }).where('request_id', '=', queued.id).execute();

    // Seven days on (the clock stays: a session would not last that long), the file is gone.
    await t.ctx.store.db.updateTable('gdpr_requests').set({ artifact_expires_at: new Date(clock.getTime() - 1) }).where('request_id', '=', done.id).execute();
    const expired = await t.app.inject({ url: inWs(`/v1/gdpr/requests/${done.id}/export`), headers: owner.headers });
    expect(expired.statusCode).toBe(404);
    expect(expired.json().error.message).toBe(`Request ${done.id} has no export to download: its file expired (ask for a new export).`);
    expect((await t.app.inject({ url: inWs(`/v1/gdpr/requests/${done.id}`), headers: owner.headers })).json().request.download).toBeNull();
    await job().drain();
    expect((await getGdprRequest(t.ctx.store.db, ws.id, done.id))?.artifactBytes).toBeNull();
    const audit = await listAudit(t.ctx.store.db, ws.id, { limit: 50 });
    expect(audit.filter((e) => e.action === 'gdpr.export_downloaded' && e.detail.requestId === done.id)).toHaveLength(1);
  });

  it('refuses a second anonymise or delete of the same customer (409), saying why', async () => {
    await completed('delete', 'cus_gone', null, null);
    const again = await t.app.inject({ method: 'POST', url: inWs('/v1/gdpr/requests'), headers: owner.headers, payload: { kind: 'anonymise', customerId: 'cus_gone' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('RVP_GDPR_ALREADY_ERASED');
    expect(again.json().error.message).toMatch(/^Customer cus_gone was already deleted on 2026-03-02 \(request gdpr_[\w-]+\): its personal data is gone/);

    const key = await apiKeyCaller(t, ws.id, 'admin');
    const first = await t.app.inject({ method: 'POST', url: '/v1/gdpr/requests', headers: key.headers, payload: { kind: 'anonymise', customerId: 'cus_twice' } });
    expect(first.statusCode).toBe(202);
    expect(first.json().request.requestedBy).toEqual({ type: 'api_key', label: expect.stringContaining('test admin') });
    const second = await t.app.inject({ method: 'POST', url: '/v1/gdpr/requests', headers: key.headers, payload: { kind: 'delete', customerId: 'cus_twice' } });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.message).toMatch(/already queued to be anonymised .*pending/);
    // An export of an erased customer is still allowed (it holds what is left: anonymous amounts).
    const exportAfter = await t.app.inject({ method: 'POST', url: inWs('/v1/gdpr/requests'), headers: owner.headers, payload: { kind: 'export', customerId: 'cus_gone' } });
    expect(exportAfter.statusCode).toBe(202);
    await job().drain();
  });

  it('takes over a request left in processing by a stopped instance after the timeout; the old claim can no longer record', async () => {
    const queued = await insertGdprRequest(t.ctx.store.db, { workspaceId: ws.id, id: newId('gdpr'), kind: 'export', customerId: 'cus_crash', requestedBy: system, now: clock });
    const first = await claimNextGdprRequest(t.ctx.store.db, { now: clock, staleBefore: new Date(0), requestId: queued.id });
    expect(first?.startedAt).toEqual(clock);
    const later = new Date(clock.getTime() + 60_000);
    expect(await claimNextGdprRequest(t.ctx.store.db, { now: later, staleBefore: new Date(later.getTime() - 15 * 60_000), requestId: queued.id })).toBeNull();
    const muchLater = new Date(clock.getTime() + 16 * 60_000);
    const second = await claimNextGdprRequest(t.ctx.store.db, { now: muchLater, staleBefore: new Date(muchLater.getTime() - 15 * 60_000), requestId: queued.id });
    expect(second).toMatchObject({ id: queued.id, status: 'processing', startedAt: muchLater });
    const stale = await completeGdprRequest(t.ctx.store.db, { workspaceId: ws.id, id: queued.id, startedAt: first!.startedAt! }, { completedAt: muchLater, result: {}, pseudonym: null, artifact: null, artifactExpiresAt: null });
    expect(stale).toBe(false);
    expect((await getGdprRequest(t.ctx.store.db, ws.id, queued.id))?.status).toBe('processing');
    await t.ctx.store.db.updateTable('gdpr_requests').set({ status: 'failed', error: 'test' }).where('request_id', '=', queued.id).execute();
  });

  it('lists the queue newest first, in pages, by status', async () => {
    const list = await t.app.inject({ url: inWs('/v1/gdpr/requests?limit=2'), headers: owner.headers });
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.data).toHaveLength(2);
    expect(body.nextCursor).toEqual(expect.any(String));
    const all = (await t.app.inject({ url: inWs('/v1/gdpr/requests?limit=200'), headers: owner.headers })).json().data as Array<{ requestId: string; requestedAt: string; status: string }>;
    const next = (await t.app.inject({ url: inWs(`/v1/gdpr/requests?limit=2&cursor=${body.nextCursor}`), headers: owner.headers })).json();
    expect([...body.data, ...next.data].map((r: { requestId: string }) => r.requestId)).toEqual(all.slice(0, 4).map((r) => r.requestId));
    const failed = (await t.app.inject({ url: inWs('/v1/gdpr/requests?status=failed'), headers: owner.headers })).json().data as Array<{ status: string }>;
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.status === 'failed')).toBe(true);
    expect(failed.length).toBe(all.filter((r) => r.status === 'failed').length);
  });

  it.runIf(kind === 'postgres')('claims every request exactly once across concurrent claimers', async () => {
    const other = await createDb({ kind: 'postgres', url: db.url! });
    try {
      const ids = new Set<string>();
      for (let i = 0; i < 4; i++) {
        ids.add((await insertGdprRequest(t.ctx.store.db, { workspaceId: ws.id, id: newId('gdpr'), kind: 'export', customerId: `cus_race_${i}`, requestedBy: system, now: clock })).id);
      }
      const claimers = Array.from({ length: 8 }, (_, i) => claimNextGdprRequest((i % 2 ? other : t.ctx.store).db, { now: clock, staleBefore: new Date(0) }));
      const claimed = (await Promise.all(claimers)).filter((r): r is StoredGdprRequest => r !== null).map((r) => r.id);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.filter((id) => ids.has(id)).sort()).toEqual([...ids].sort());
    } finally {
      await other.close();
    }
  });
});
