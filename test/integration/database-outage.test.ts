// The database goes away under steady webhook traffic — its connections terminated
// (pg_terminate_backend, as a restart or failover does) and then unreachable for seconds (a
// proxy refusing connections) — and the server must stay up: webhooks answer 503 while it is
// away (Stripe retries them), /readyz says not ready, and when it returns everything resumes
// without a restart. Every acknowledged event is then processed, and the figures equal an
// offline computation of the same events. PostgreSQL only: the embedded database cannot go away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedWebhook, type TestEvent } from '../helpers/stripe-events.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { ledgerRows, offlineLedger, trialRows } from '../helpers/offline-ledger.js';
import { demoEvents } from '../../src/demo/generate.js';
import { createLogger } from '../../src/logger.js';
import { createDb, type Store } from '../../src/store/db.js';
import { createIngestWorker, type IngestWorker } from '../../src/ingest/pipeline.js';
import { createUpdatePublisher } from '../../src/live/publish-updates.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';

const END = 1_767_225_600;
const SECRET = 'whsec_outage_test_secret';
const now = () => new Date((END + 60) * 1000);
const events = demoEvents({ customers: 20, endAt: END, seed: 5 }) as unknown as TestEvent[];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(process.env.DATABASE_URL)('database outage (postgres)', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let appStore: Store;
  let t: TestApp;
  let worker: IngestWorker;
  let admin: pg.Client;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    const direct = new URL(db.url!);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(db.url!);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    appStore = await createDb({ kind: 'postgres', url: proxied.toString() }, { onError: () => undefined });
    t = await buildTestApp(appStore, { now, env: { REVPULSE_RATE_LIMIT_WEBHOOKS: '1000000' } });
    worker = createIngestWorker({ store: appStore, logger: createLogger('silent'), now, pollIntervalMs: 100, leaseSeconds: 3, afterBatch: createUpdatePublisher(appStore, t.ctx.bus, createLogger('silent'), now) });
    admin = new pg.Client({ connectionString: db.url! });
    await admin.connect();
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await appStore?.close().catch(() => undefined);
    await admin?.end();
    await proxy?.close();
    await db?.drop();
  });

  it('stays up, answers 503 while the database is away, and loses nothing', async () => {
    const ws = await ensureWorkspace(db.store.db, { slug: 'outage', name: 'Outage' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
    const post = async (e: TestEvent) => {
      const { body, headers } = signedWebhook(e, SECRET, END + 60);
      const response = await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers });
      return response;
    };
    worker.start();

    const statuses = new Map<number, number>();
    const retry: TestEvent[] = [];
    let readyDuringCut: number | null = null;
    const terminate = () => admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
    for (let i = 0; i < events.length; i++) {
      if (i === Math.floor(events.length * 0.2) || i === Math.floor(events.length * 0.3) || i === Math.floor(events.length * 0.4)) await terminate();
      if (i === Math.floor(events.length * 0.6)) {
        await proxy.cut();
        readyDuringCut = (await t.app.inject({ url: '/readyz' })).statusCode;
      }
      if (i === Math.floor(events.length * 0.6) + 40) await proxy.restore();
      const response = await post(events[i]!);
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      if (response.statusCode === 503) {
        expect(response.json()).toMatchObject({ error: { code: 'RVP_DATABASE_UNAVAILABLE' } });
        retry.push(events[i]!);
      } else expect(response.statusCode, response.body).toBe(200);
      if (i % 25 === 0) await sleep(5);
    }
    expect(readyDuringCut).toBe(503);
    expect(statuses.get(503) ?? 0).toBeGreaterThanOrEqual(40); // every delivery during the cut
    // Stripe redelivers what was not acknowledged.
    for (let round = 0; retry.length > 0 && round < 20; round++) {
      const again = retry.splice(0);
      for (const e of again) if ((await post(e)).statusCode !== 200) retry.push(e);
      if (retry.length > 0) await sleep(500);
    }
    expect(retry).toEqual([]);
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200);

    // Everything acknowledged is processed, without a restart.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const { rows } = await admin.query<{ n: string }>('select count(*) as n from raw_events where workspace_id = $1 and processed_at is null', [ws.id]);
      const { rows: queued } = await admin.query<{ n: string }>('select count(*) as n from ledger_pending where workspace_id = $1', [ws.id]);
      if (Number(rows[0]!.n) === 0 && Number(queued[0]!.n) === 0) break;
      if (Date.now() > deadline) throw new Error(`still ${rows[0]!.n} events and ${queued[0]!.n} ledgers pending`);
      await sleep(200);
    }
    const { rows: dead } = await admin.query('select event_id from raw_events where workspace_id = $1 and (dead_at is not null or attempts > 0)', [ws.id]);
    expect(dead).toEqual([]); // an outage is nobody's fault: no attempt was counted
    const stored = await admin.query<{ n: string }>('select count(*) as n from raw_events where workspace_id = $1', [ws.id]);
    expect(Number(stored.rows[0]!.n)).toBe(events.length);

    const reference = await offlineLedger(events, now);
    expect(reference.rows.length).toBeGreaterThan(20);
    expect(await ledgerRows(db.store, ws.id)).toEqual(reference.rows);
    expect(await trialRows(db.store, ws.id)).toEqual(reference.trials);
  }, 300_000);
});
