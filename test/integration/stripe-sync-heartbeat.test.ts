// The heartbeat: every Stripe source with an API key syncs on each beat, in parallel; a missed
// webhook is healed by the next beat; a failing source records its error and never blocks the
// others; one sync per source at a time (in-process, and across instances on PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startFakeStripe, type FakeStripe, type StripeJson } from '../helpers/fake-stripe.js';
import { accountFromEvents } from '../helpers/stripe-account.js';
import { demoEvents } from '../../src/demo/generate.js';
import { createLogger } from '../../src/logger.js';
import { createDb } from '../../src/store/db.js';
import { createIngestWorker, storeEvents } from '../../src/ingest/pipeline.js';
import { syncSource, type SyncDeps } from '../../src/ingest/stripe/sync/run-sync.js';
import { createSyncHeartbeat } from '../../src/jobs/sync-heartbeat.js';
import { withSourceLock } from '../../src/store/source-lock.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createSource, findSourceForIngest } from '../../src/store/sources-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';
import { sourceFreshness } from '../../src/ingest/freshness.js';

const END = 1_767_225_600;
const KEYS = { a: 'sk_test_heartbeat_a001', b: 'sk_test_heartbeat_b001', broken: 'sk_test_heartbeat_x001' };
const box = createSecretBox('d'.repeat(64));

describe.each(BACKENDS)('sync heartbeat (%s)', (backend) => {
  let db: TestDatabase;
  let fake: FakeStripe;
  let clock = END + 60;
  const now = () => new Date(clock * 1000);
  let deps: SyncDeps;
  const sources: Record<keyof typeof KEYS, { workspaceId: string; sourceId: string }> = {} as never;
  const eventsA = demoEvents({ customers: 15, endAt: END, seed: 21 });
  const statuses: Array<{ sourceId: string; status: string; kind: string | null; error?: string | null }> = [];

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    fake = await startFakeStripe();
    fake.setNow(END + 60);
    fake.addAccount(KEYS.a, accountFromEvents(eventsA));
    fake.addAccount(KEYS.b, accountFromEvents(demoEvents({ customers: 10, endAt: END, seed: 22 })));
    fake.addAccount(KEYS.broken, accountFromEvents(demoEvents({ customers: 5, endAt: END, seed: 23 })));
    fake.breakAccount(KEYS.broken, 500);
    const one = await ensureWorkspace(db.store.db, { slug: 'one', name: 'One' });
    const two = await ensureWorkspace(db.store.db, { slug: 'two', name: 'Two' });
    for (const [name, ws] of [['a', one], ['b', two], ['broken', two]] as const) {
      const s = await createSource(db.store.db, box, { workspaceId: ws.id, provider: 'stripe', name, mode: 'test', webhookSecret: 'whsec_heartbeat0', apiKey: KEYS[name] });
      sources[name] = { workspaceId: ws.id, sourceId: s.id };
    }
    // A webhook-only source is not the heartbeat's business.
    await createSource(db.store.db, box, { workspaceId: one.id, provider: 'stripe', name: 'hooks', mode: 'test', webhookSecret: 'whsec_heartbeat1' });
    deps = { store: db.store, box, logger: createLogger('silent'), now, stripeApiUrl: fake.url, retry: { baseDelayMs: 1, maxAttempts: 3 }, publishStatus: async (u) => void statuses.push(u) };
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  const source = async (name: keyof typeof KEYS) => (await findSourceForIngest(db.store.db, box, sources[name].sourceId))!;

  it('backfills every source with an API key on the first beat; a failing one records its error without blocking the others', async () => {
    const heartbeat = createSyncHeartbeat({ deps, intervalSeconds: 600, concurrency: 2 });
    const report = await heartbeat.beat();
    const by = new Map(report.map((r) => [r.sourceId, r.outcome]));
    expect(report).toHaveLength(3);
    expect(by.get(sources.a.sourceId)).toMatchObject({ status: 'done', kind: 'full' });
    expect(by.get(sources.b.sourceId)).toMatchObject({ status: 'done', kind: 'full' });
    expect(by.get(sources.broken.sourceId)).toMatchObject({ status: 'failed' });
    const broken = await source('broken');
    expect(broken.lastError).toMatch(/Stripe answered 500/);
    expect(sourceFreshness({ ...broken, runningSince: null }, now())).toBe('error');
    expect(sourceFreshness({ ...(await source('a')), runningSince: null }, now())).toBe('live');
    // Open dashboards are told (src/live/publish-sync-status.ts).
    const of = (name: keyof typeof KEYS) => statuses.filter((u) => u.sourceId === sources[name].sourceId).map((u) => `${u.status}/${u.kind}`);
    expect(of('a')).toEqual(['running/full', 'done/full']);
    expect(of('broken')).toEqual(['running/full', 'failed/full']);
    // Retried (3 attempts), then given up for this beat.
    expect(fake.requests.filter((r) => r.apiKey === KEYS.broken)).toHaveLength(3);
  }, 120_000);

  it('heals a missed webhook on the next beat, and stores an event that did arrive by webhook only once', async () => {
    await createIngestWorker({ store: db.store, logger: deps.logger, now }).drain();
    const subscription = (eventsA.filter((e) => e.type.startsWith('customer.subscription.')).at(-1)!.data.object as unknown as StripeJson);
    const missed = (id: string, quantity: number, at: number) => ({
      id, object: 'event', api_version: '2024-06-20', created: at, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null },
      type: 'customer.subscription.updated',
      data: { object: { ...subscription, status: 'active', ended_at: null, canceled_at: null, quantity, items: { ...(subscription.items as object), data: (subscription.items as { data: StripeJson[] }).data.map((i) => ({ ...i, quantity })) } } },
    });
    clock = END + 3600;
    const lost = missed('evt_missed_webhook_1', 40, END + 1800);
    const delivered = missed('evt_webhook_delivered_1', 41, END + 1900);
    await storeEvents(db.store, [{ workspaceId: sources.a.workspaceId, sourceId: sources.a.sourceId, eventId: delivered.id, type: delivered.type, created: delivered.created, livemode: false, payload: delivered }]);
    fake.setNow(clock);
    fake.setObjects(KEYS.a, 'events', [...(eventsA as unknown as StripeJson[]), lost as unknown as StripeJson, delivered as unknown as StripeJson]);
    fake.breakAccount(KEYS.broken, null);

    const report = await createSyncHeartbeat({ deps, intervalSeconds: 600 }).beat();
    const by = new Map(report.map((r) => [r.sourceId, r.outcome]));
    expect(by.get(sources.a.sourceId)).toMatchObject({ status: 'done', kind: 'incremental', stored: 1 });
    expect(by.get(sources.b.sourceId)).toMatchObject({ status: 'done', kind: 'incremental', stored: 0 });
    // The broken account works again: its backfill runs and its error is cleared.
    expect(by.get(sources.broken.sourceId)).toMatchObject({ status: 'done', kind: 'full' });
    expect((await source('broken')).lastError).toBeNull();
    const stored = await db.store.db.selectFrom('raw_events').select('event_id').where('source_id', '=', sources.a.sourceId).where('event_id', 'in', [lost.id, delivered.id]).execute();
    expect(stored.map((r) => r.event_id).sort()).toEqual([delivered.id, lost.id].sort());
    const cursor = await db.store.db.selectFrom('sources').select('sync_cursor').where('source_id', '=', sources.a.sourceId).executeTakeFirstOrThrow();
    expect(Number(cursor.sync_cursor)).toBe(END + 1900);
    await createIngestWorker({ store: db.store, logger: deps.logger, now }).drain();
    const lostRow = await db.store.db.selectFrom('raw_events').select(['processed_at', 'drop_reason']).where('event_id', '=', lost.id).executeTakeFirstOrThrow();
    expect(lostRow).toMatchObject({ drop_reason: null });
    expect(lostRow.processed_at).not.toBeNull();
  }, 120_000);

  it('runs one sync per source at a time', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = withSourceLock(db.store, sources.b.sourceId, () => held);
    await new Promise((r) => setTimeout(r, 50));
    expect(await syncSource(deps, { ...sources.b, kind: 'incremental' })).toEqual({ status: 'busy' });
    if (db.url) {
      // Another instance (its own connection pool) is refused by the advisory lock.
      const other = await createDb({ kind: 'postgres', url: db.url });
      try {
        expect(await syncSource({ ...deps, store: other }, { ...sources.b, kind: 'incremental' })).toEqual({ status: 'busy' });
      } finally {
        await other.close();
      }
    }
    release();
    expect(await holder).toEqual({ acquired: true, value: undefined });
    expect(await syncSource(deps, { ...sources.b, kind: 'incremental' })).toMatchObject({ status: 'done' });
  });

  it('beats on its schedule and stops cleanly', async () => {
    const before = fake.requests.length;
    const heartbeat = createSyncHeartbeat({ deps, intervalSeconds: 1 });
    heartbeat.start();
    const deadline = Date.now() + 10_000;
    while (fake.requests.length < before + 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await heartbeat.stop();
    expect(fake.requests.length).toBeGreaterThanOrEqual(before + 3);
    const after = fake.requests.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.requests.length).toBe(after);
  });
});
