// Ingestion in a worker thread (src/ingest/ingest-thread.ts): on PostgreSQL the server runs its
// ingest worker off the HTTP event loop. A webhook still reaches a WebSocket client, once; the
// server's `worker.drain()` still waits for the thread to finish; a thread that dies is started
// again and the events stored meanwhile are processed, once; a batch sends one mrr_updated per
// workspace. On the embedded database the worker stays in-process.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { TEST_SECRET_KEY } from '../helpers/app.js';
import { connectLive } from '../helpers/ws-client.js';
import { event, price, signedWebhook, subscription } from '../helpers/stripe-events.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { createApiKey } from '../../src/accounts/api-keys.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createSource, type Source } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import type { ThreadedIngestWorker } from '../../src/ingest/ingest-thread.js';
import { registry } from '../../src/observability/metrics.js';

const SECRET = 'whsec_ingest_thread_test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(process.env.DATABASE_URL)('ingestion in a worker thread (postgres)', () => {
  let db: TestDatabase;
  let server: RunningServer;
  let workspace: Workspace;
  let source: Source;
  let viewer: Record<string, string>;
  const at = Math.floor(Date.now() / 1000) - 60;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    const config = loadConfig({
      DATABASE_URL: db.url!, REVPULSE_DEMO: 'false', REVPULSE_SECRET_KEY: TEST_SECRET_KEY, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent',
      REVPULSE_RATE_LIMIT_WEBHOOKS: '1000000', REVPULSE_FX_RATES_URL: 'off',
    });
    server = await startServer(config, { logger: createLogger('silent'), print: () => undefined, ingestThread: true });
    workspace = await ensureWorkspace(db.store.db, { slug: 'threaded', name: 'Threaded' });
    source = await createSource(db.store.db, createSecretBox(TEST_SECRET_KEY), { workspaceId: workspace.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
    const { token } = await createApiKey(db.store.db, { workspaceId: workspace.id, name: 'viewer', role: 'viewer', createdBy: null, now: new Date() });
    viewer = { authorization: `Bearer ${token}` };
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  const post = async (n: string, amount = 2500) => {
    const { body, headers } = signedWebhook(event('customer.subscription.created', subscription({ id: `sub_thr_${n}`, customer: `cus_thr_${n}`, price: price({ amount }), start: at }), at, { id: `evt_thr_${n}` }), SECRET);
    const response = await fetch(`${server.url.replace('localhost', '127.0.0.1')}/webhooks/stripe/${source.id}`, { method: 'POST', body, headers });
    expect(response.status).toBe(200);
  };
  const liveUrl = () => `${server.url.replace('localhost', '127.0.0.1').replace('http', 'ws')}/v1/live?workspace=${workspace.id}`;
  const processedTimes = async (eventId: string) => {
    const row = await db.store.db.selectFrom('raw_events').selectAll().where('event_id', '=', eventId).executeTakeFirstOrThrow();
    return row as unknown as { processed_at: Date | null; attempts: number };
  };

  const processedCount = async () => (await registry.getSingleMetric('revpulse_ingest_events_processed_total')?.get())?.values[0]?.value ?? 0;

  it('runs the worker in a thread; a webhook reaches a client once, and drain() waits for the thread', async () => {
    expect((server.worker as ThreadedIngestWorker).restarts).toBe(0);
    const client = await connectLive(liveUrl(), { headers: viewer });
    const countedBefore = await processedCount();
    await post('1');
    expect(await server.worker.drain()).toBeGreaterThanOrEqual(0);
    // GET /metrics (this thread's registry) counts what the ingest thread processed.
    await expect.poll(processedCount).toBeGreaterThan(countedBefore);
    const frame = await client.next((f) => f.type === 'subscription_changed' && f.data.eventId === 'evt_thr_1', 10_000);
    expect(frame.data).toMatchObject({ customerId: 'cus_thr_1', movement: 'new', amount: 2500 });
    expect((await processedTimes('evt_thr_1')).processed_at).not.toBeNull();
    await sleep(300);
    expect(client.frames.filter((f) => f.type === 'subscription_changed' && f.data.eventId === 'evt_thr_1')).toHaveLength(1);
    // The owner that processed it is the thread's, not this process's main thread.
    expect(server.worker.owner).toMatch(/:/);
    await client.close();
  });

  it('survives the thread dying: it is started again and what was stored meanwhile is processed once', async () => {
    const worker = server.worker as ThreadedIngestWorker;
    const client = await connectLive(liveUrl(), { headers: viewer });
    await worker.crashForTest();
    await post('2', 4900);
    const drained = worker.drain(); // asked while the thread is down: answered by the new one
    await drained;
    expect(worker.restarts).toBe(1);
    await client.next((f) => f.type === 'subscription_changed' && f.data.eventId === 'evt_thr_2', 10_000);
    await sleep(300);
    expect(client.frames.filter((f) => f.type === 'subscription_changed' && f.data.eventId === 'evt_thr_2')).toHaveLength(1);
    expect((await processedTimes('evt_thr_2')).processed_at).not.toBeNull();
    await client.close();
  }, 30_000);

  it('announces one mrr_updated per workspace for a batch of many new customers', async () => {
    const worker = server.worker as ThreadedIngestWorker;
    await worker.stop(); // store a burst with nobody processing, then let one batch take it all
    for (let i = 0; i < 25; i++) await post(`burst_${i}`, 1000 + i);
    const before = await db.store.db.selectFrom('live_messages').select((eb) => eb.fn.max('seq').as('seq')).where('workspace_id', '=', workspace.id).executeTakeFirst();
    worker.start();
    await worker.drain();
    const messages = await db.store.db.selectFrom('live_messages').select(['type']).where('workspace_id', '=', workspace.id).where('seq', '>', Number(before?.seq ?? 0)).execute();
    expect(messages.filter((m) => m.type === 'subscription_changed')).toHaveLength(25);
    expect(messages.filter((m) => m.type === 'mrr_updated')).toHaveLength(1);
  }, 30_000);
});

describe('ingestion on the embedded database', () => {
  it('stays in-process (one connection: no thread)', async () => {
    const config = loadConfig({
      REVPULSE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'revpulse-ingest-inline-')), REVPULSE_DEMO: 'false', PORT: '0', HOST: '127.0.0.1',
      REVPULSE_SECRET_KEY: TEST_SECRET_KEY, LOG_LEVEL: 'silent', REVPULSE_FX_RATES_URL: 'off',
    });
    const server = await startServer(config, { logger: createLogger('silent'), print: () => undefined });
    try {
      expect('restarts' in server.worker).toBe(false);
      expect(await server.worker.drain()).toBe(0);
    } finally {
      await server.stop();
    }
  }, 180_000); // a fresh embedded database migrates first: slow on a loaded machine
});
