// The retention job over a small fixture (the hand-computed revenue business plus a few tracking
// messages, log entries and GDPR export files): for each kind only rows older than the policy are
// touched, a workspace without a policy is not, the revenue figures are the same after stripping
// and after a rebuild from the scrubbed raw log, health scores are the same after raw tracking
// rows go, and one failing workspace does not stop the others.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention, type RetentionDeps } from '../../../src/compliance/retention.js';
import { rebuildWorkspace } from '../../../src/engine/recompute.js';
import { queueReprocessing } from '../../../src/ingest/reprocess.js';
import { rollUpAll } from '../../../src/ingest/segment/rollup.js';
import { asOf } from '../../../src/read/clock.js';
import { healthOfCustomers } from '../../../src/read/health/load.js';
import { setPolicy } from '../../../src/store/retention-repo.js';
import { insertSignalEvents, type SignalEventRow } from '../../../src/store/signals-repo.js';
import { createSource } from '../../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { DERIVED_TABLES, derivedState } from '../../helpers/derived-state.js';
import { FIXTURE_NOW, storeFixture } from '../../helpers/revenue-fixture.js';

const NOW = FIXTURE_NOW;
const DAY_MS = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
/** Figures: every derived table but the customer records (names and e-mails, and nothing else). */
const FIGURE_TABLES = DERIVED_TABLES.filter((t) => t !== 'customers');

describe.each(BACKENDS)('retention (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let a: Workspace;
  let b: Workspace;
  const deps = (extra: Partial<RetentionDeps> = {}): RetentionDeps => ({ store: db.store, logger: t.ctx.logger, now: () => NOW, auth: t.ctx.config.auth, ...extra });
  const figures = async (ws: Workspace) => {
    const state = await derivedState(db.store.db, ws.id);
    // customer_summaries copies the name and e-mail next to the figures: compare the figures.
    const withoutPerson = (row: string) => JSON.stringify({ ...(JSON.parse(row) as object), name: null, email: null });
    return Object.fromEntries(FIGURE_TABLES.map((table) => [table, table === 'customer_summaries' ? state[table].map(withoutPerson) : state[table]]));
  };
  const payloads = async (ws: Workspace) => (await db.store.db.selectFrom('raw_events').select(['event_id', 'payload', 'received_at', 'scrubbed_at']).where('workspace_id', '=', ws.id).orderBy('event_id').execute());

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW });
    a = await ensureWorkspace(db.store.db, { slug: 'retention-a', name: 'Retention A' });
    b = await ensureWorkspace(db.store.db, { slug: 'retention-b', name: 'Retention B' });
    for (const ws of [a, b]) {
      const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'file', name: 'fixture' });
      await storeFixture(db.store, ws.id, source.id);
    }
    await t.worker.drain();
    // Received when created: events before 16 March 2024 are older than 30 days on FIXTURE_NOW.
    await sql`update raw_events set received_at = event_created`.execute(db.store.db);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('strips personal data from raw payloads older than raw_payload_days, once, and no figure changes (nor after a rebuild)', async () => {
    const before = await figures(a);
    const bBefore = await payloads(b);
    const aBefore = await payloads(a);
    const old = aBefore.filter((r) => r.received_at < ago(30));
    expect(old.length).toBeGreaterThan(3);
    expect(old.length).toBeLessThan(aBefore.length);
    await setPolicy(db.store.db, a.id, { rawPayloadDays: 30 }, 'test', NOW);

    const [run] = await runRetention(deps(), { workspaceIds: [a.id] });
    expect(run!.status).toBe('completed');
    expect(run!.counts.raw_payloads_scrubbed).toBe(old.length);
    const after = await payloads(a);
    for (const row of after) {
      const isOld = row.received_at < ago(30);
      expect(row.scrubbed_at !== null, row.event_id).toBe(isOld);
      if (!isOld) expect(row.payload).toEqual(aBefore.find((r) => r.event_id === row.event_id)!.payload);
    }
    expect(await payloads(b)).toEqual(bBefore);
    expect(await figures(a)).toEqual(before);

    const [again] = await runRetention(deps(), { workspaceIds: [a.id] });
    expect(again!.counts.raw_payloads_scrubbed).toBe(0);

    // Rebuilt from the scrubbed raw log: every figure as before.
    await queueReprocessing(db.store.db, a.id);
    await t.worker.drain();
    await rebuildWorkspace(db.store.db, a, NOW);
    expect(await figures(a)).toEqual(before);
  });

  // What counts as personal is src/core/personal-data.ts scrubPayload's business; this checks it is applied.
  it('leaves no e-mail or name in the scrubbed payloads', async () => {
    const text = JSON.stringify((await payloads(a)).filter((r) => r.scrubbed_at !== null).map((r) => r.payload));
    expect(text).toContain('cus_a');
    expect(text).not.toContain('alice@example.com');
    expect(text).not.toContain('Alice Anderson');
    expect(JSON.stringify((await payloads(b)).map((r) => r.payload))).toContain('alice@example.com');
  });

  it('drops rolled-up tracking messages older than usage_raw_days (rolling up the rest first); health scores do not change', async () => {
    const message = (id: string, receivedDaysAgo: number, m: Partial<SignalEventRow>): SignalEventRow => ({
      workspaceId: a.id, messageId: id, type: 'track', event: 'Report Viewed', userId: 'u1', anonymousId: null, groupId: null,
      occurredAt: ago(receivedDaysAgo), receivedAt: ago(receivedDaysAgo), payload: { type: 'track', userId: 'u1', event: 'Report Viewed', context: { traits: { email: 'jane@acme.test' } } }, ...m,
    });
    await insertSignalEvents(db.store.db, [
      message('g1', 20, { type: 'group', event: null, groupId: 'cus_a', payload: { type: 'group', userId: 'u1', groupId: 'cus_a', traits: { name: 'Alice Co' } } }),
      ...[12, 10, 8, 3, 1].map((d) => message(`t${d}`, d, {})),
      message('held', 9, { userId: 'nobody' }),
    ]);
    await rollUpAll(db.store, { now: () => NOW });
    const usage = () => db.store.db.selectFrom('usage_daily').select(['account_id', 'day', 'event', 'events', 'users']).where('workspace_id', '=', a.id).orderBy('day').execute();
    const health = async () => (await healthOfCustomers(db.store.db, a.id, { day: NOW.toISOString().slice(0, 10), asOf: asOf(NOW) })).scored;
    const usageBefore = await usage();
    const healthBefore = await health();
    expect(usageBefore.reduce((n, r) => n + Number(r.events), 0)).toBe(5);
    expect(healthBefore.find((h) => h.customerId === 'cus_a')).toBeDefined();

    await setPolicy(db.store.db, a.id, { usageRawDays: 5 }, 'test', NOW);
    const [run] = await runRetention(deps(), { workspaceIds: [a.id] });
    expect(run!.counts.usage_events_deleted).toBe(4); // g1, t12, t10, t8
    expect(run!.counts.usage_events_waiting).toBe(1); // held: its user was never grouped
    const left = await db.store.db.selectFrom('signal_events').select('message_id').where('workspace_id', '=', a.id).orderBy('message_id').execute();
    expect(left.map((r) => r.message_id)).toEqual(['held', 't1', 't3']);
    expect(await usage()).toEqual(usageBefore);
    expect(await health()).toEqual(healthBefore);

    // A message not rolled up yet is rolled up before its raw row goes: it still counts.
    await insertSignalEvents(db.store.db, [message('late', 7, {})]);
    const [late] = await runRetention(deps(), { workspaceIds: [a.id] });
    expect(late!.counts.usage_events_deleted).toBe(1);
    const total = (await usage()).reduce((n, r) => n + Number(r.events), 0);
    expect(total).toBe(6);
  });

  it('drops audit and security entries older than their days (unscoped ones with the default workspace), GDPR export files past expiry', async () => {
    const q = db.store.db;
    const audit = (ws: Workspace, at: Date, action: string) => q.insertInto('audit_log').values({ workspace_id: ws.id, at, actor_type: 'system', actor_label: 'test', action, detail: '{}' }).execute();
    const security = (ws: Workspace | null, at: Date, type: string) => q.insertInto('security_events').values({ workspace_id: ws?.id ?? null, at, type, severity: 'info', detail: '{}' }).execute();
    for (const ws of [a, b]) {
      await audit(ws, ago(100), 'test.old');
      await audit(ws, ago(10), 'test.new');
      await security(ws, ago(100), 'test_old');
      await security(ws, ago(10), 'test_new');
    }
    await security(null, ago(100), 'test_unscoped');
    const gdpr = (id: string, ws: Workspace, completedDaysAgo: number, expires: Date | null) => q.insertInto('gdpr_requests').values({
      workspace_id: ws.id, request_id: id, kind: 'export', customer_id: 'cus_a', status: 'completed', requested_by_type: 'system', requested_by_label: 'test',
      requested_at: ago(completedDaysAgo), completed_at: ago(completedDaysAgo), artifact: new Uint8Array([1, 2, 3]), artifact_expires_at: expires,
    }).execute();
    await gdpr('gx_expired', a, 9, ago(2));
    await gdpr('gx_current', a, 1, ago(-6));
    await gdpr('gx_old_no_expiry', a, 10, null);
    await gdpr('gx_other', b, 10, ago(3)); // b has no policy, but its export file expires all the same

    await setPolicy(db.store.db, a.id, { auditDays: 30, securityDays: 30 }, 'test', NOW);
    const results = await runRetention(deps());
    const runA = results.find((r) => r.workspaceId === a.id)!;
    expect(runA.counts).toMatchObject({ audit_entries_deleted: 1, security_events_deleted: 1, exports_expired: 2, expired_sessions_waiting: 0 });
    expect(runA.counts.unscoped_security_events_deleted).toBeUndefined();
    expect(results.find((r) => r.workspaceId === b.id)!.counts).toMatchObject({ exports_expired: 1 });

    const actions = (ws: Workspace) => q.selectFrom('audit_log').select('action').where('workspace_id', '=', ws.id).where('action', 'like', 'test.%').orderBy('action').execute();
    expect((await actions(a)).map((r) => r.action)).toEqual(['test.new']);
    expect((await actions(b)).map((r) => r.action)).toEqual(['test.new', 'test.old']);
    const types = (ws: Workspace | null) => q.selectFrom('security_events').select('type').where((eb) => (ws ? eb('workspace_id', '=', ws.id) : eb('workspace_id', 'is', null))).where('type', 'like', 'test_%').orderBy('type').execute();
    expect((await types(a)).map((r) => r.type)).toEqual(['test_new']);
    expect((await types(b)).map((r) => r.type)).toEqual(['test_new', 'test_old']);
    expect((await types(null)).map((r) => r.type)).toEqual(['test_unscoped']);
    const files = await q.selectFrom('gdpr_requests').select(['request_id', 'artifact']).orderBy('request_id').execute();
    expect(files.map((f) => [f.request_id, f.artifact !== null])).toEqual([['gx_current', true], ['gx_expired', false], ['gx_old_no_expiry', false], ['gx_other', false]]);

    // Security events of no workspace follow the default workspace's policy.
    const main = await ensureWorkspace(q, { slug: 'default', name: 'Default' });
    await setPolicy(q, main.id, { securityDays: 30 }, 'test', NOW);
    const [runMain] = await runRetention(deps(), { workspaceIds: [main.id] });
    expect(runMain!.counts.unscoped_security_events_deleted).toBe(1);
    expect(await types(null)).toEqual([]);
  });

  it('records a failed run for a failing workspace and goes on with the others', async () => {
    await setPolicy(db.store.db, b.id, { auditDays: 30 }, 'test', NOW);
    const results = await runRetention(deps({ beforeWorkspace: async (id) => { if (id === a.id) throw new Error('disk on fire'); } }), { workspaceIds: [a.id, b.id] });
    expect(results.map((r) => [r.workspaceId, r.status, r.error])).toEqual([[a.id, 'failed', 'disk on fire'], [b.id, 'completed', null]]);
    expect(results[1]!.counts.audit_entries_deleted).toBe(1);
    const runs = await db.store.db.selectFrom('retention_runs').select(['workspace_id', 'status', 'error', 'finished_at']).where('run_id', 'in', results.map((r) => r.runId)).execute();
    expect(runs).toHaveLength(2);
    expect(runs.find((r) => r.workspace_id === a.id)).toMatchObject({ status: 'failed', error: 'disk on fire' });
    expect(runs.every((r) => r.finished_at !== null)).toBe(true);
  });
});
