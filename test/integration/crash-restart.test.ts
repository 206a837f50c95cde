// The real server, killed with SIGKILL five times while it processes a stream of signed
// webhooks, then started again each time: no acknowledged event stays unprocessed, none is
// applied twice (no payment announced twice on the live feed), and the ledger equals an offline
// computation of the same events. Before, attempts were counted at claim time, and after five
// crash cycles 500 acknowledged events were skipped forever. PostgreSQL only: the embedded
// database does not promise durability across a kill (README).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { signedWebhook, type TestEvent } from '../helpers/stripe-events.js';
import { TEST_SECRET_KEY } from '../helpers/app.js';
import { CLI } from '../helpers/run-cli.js';
import { ledgerRows, offlineLedger } from '../helpers/offline-ledger.js';
import { demoEvents } from '../../src/demo/generate.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';

const SECRET = 'whsec_crash_restart_secret';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The server runs on the real clock: events are dated just before it, so payments are live news.
const END = Math.floor(Date.now() / 1000) - 120;

function streamOfEvents(): TestEvent[] {
  const base = demoEvents({ customers: 25, endAt: END - 86_400, seed: 23 }) as unknown as TestEvent[];
  const template = base.find((e) => e.type === 'charge.succeeded')!;
  const payments = Array.from({ length: 300 }, (_, i) => {
    const e = structuredClone(template);
    const created = END - i * 5;
    e.id = `evt_crash_pay_${i}`;
    e.created = created;
    Object.assign(e.data.object, { id: `ch_crash_${i}`, created, amount: 500 + i, amount_captured: 500 + i, invoice: null, payment_intent: `pi_crash_${i}` });
    return e;
  });
  // Interleaved, as a real account's traffic is.
  const out: TestEvent[] = [];
  for (let i = 0; i < Math.max(base.length, payments.length); i++) {
    if (base[i]) out.push(base[i]!);
    if (payments[i]) out.push(payments[i]!);
  }
  return out;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.runIf(process.env.DATABASE_URL)('kill -9 during processing (postgres)', () => {
  let db: TestDatabase;
  let child: ChildProcess | null = null;
  let port = 0;

  const start = async () => {
    child = spawn(process.execPath, [CLI, 'serve'], {
      env: {
        ...process.env, DATABASE_URL: db.url!, PORT: String(port), HOST: '127.0.0.1', REVPULSE_DEMO: 'false', REVPULSE_SECRET_KEY: TEST_SECRET_KEY,
        LOG_LEVEL: 'silent', REVPULSE_INGEST_LEASE_SECONDS: '2', REVPULSE_RATE_LIMIT_WEBHOOKS: '1000000', REVPULSE_SYNC_INTERVAL: '1h',
      },
      stdio: 'ignore',
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error('the server did not start');
      await sleep(100);
    }
  };
  const kill = async () => {
    const c = child!;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGKILL');
    await exited;
    child = null;
  };

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    port = await freePort();
  }, 60_000);
  afterAll(async () => {
    if (child) await kill();
    await db?.drop();
  });

  it('processes every acknowledged event exactly once across five crashes', async () => {
    const ws = await ensureWorkspace(db.store.db, { slug: 'crashy', name: 'Crashy' });
    const source = await createSource(db.store.db, createSecretBox(TEST_SECRET_KEY), { workspaceId: ws.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
    const events = streamOfEvents();
    const unacknowledged: TestEvent[] = [];
    const limit = pLimit(8);
    const deliver = (batch: readonly TestEvent[]) =>
      Promise.all(batch.map((e) => limit(async () => {
        const { body, headers } = signedWebhook(e, SECRET);
        const ok = await fetch(`http://127.0.0.1:${port}/webhooks/stripe/${source.id}`, { method: 'POST', body, headers }).then((r) => r.status === 200, () => false);
        if (!ok) unacknowledged.push(e);
      })));
    const processedCount = async () => Number((await db.store.db.selectFrom('raw_events').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws.id).where('processed_at', 'is not', null).executeTakeFirstOrThrow()).n);

    await start();
    const chunk = Math.ceil(events.length / 6);
    let killedWhileBusy = 0;
    for (let k = 0; k < 5; k++) {
      const delivering = deliver(events.slice(k * chunk, (k + 1) * chunk));
      // Kill once processing is under way with work still queued (or after 3 s at most).
      const before = await processedCount();
      const waitUntil = Date.now() + 3000;
      while (Date.now() < waitUntil && (await processedCount()) === before) await sleep(10);
      const stored = Number((await db.store.db.selectFrom('raw_events').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws.id).where('processed_at', 'is', null).executeTakeFirstOrThrow()).n);
      if (stored > 0) killedWhileBusy++;
      await kill();
      await delivering; // deliveries cut off by the kill count as unacknowledged: Stripe retries them
      await start();
    }
    expect(killedWhileBusy).toBeGreaterThanOrEqual(3);
    await deliver(events.slice(5 * chunk));
    for (let round = 0; unacknowledged.length > 0 && round < 10; round++) await deliver(unacknowledged.splice(0));
    expect(unacknowledged).toEqual([]);

    const deadline = Date.now() + 120_000;
    for (;;) {
      const pending = await db.store.db.selectFrom('raw_events').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws.id).where('processed_at', 'is', null).executeTakeFirstOrThrow();
      const queued = await db.store.db.selectFrom('ledger_pending').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws.id).executeTakeFirstOrThrow();
      if (Number(pending.n) === 0 && Number(queued.n) === 0) break;
      if (Date.now() > deadline) throw new Error(`${pending.n} events and ${queued.n} ledgers still pending after the last restart`);
      await sleep(200);
    }
    expect(await processedCount()).toBe(events.length);
    const failed = await db.store.db.selectFrom('raw_events').select(['event_id', 'attempts', 'last_error']).where('workspace_id', '=', ws.id).where((eb) => eb.or([eb('attempts', '>', 0), eb('dead_at', 'is not', null)])).execute();
    expect(failed).toEqual([]); // a crash is not the event's failure

    const announced = await db.store.db.selectFrom('live_messages').select((eb) => [eb.ref('payload').$castTo<{ eventId: string }>().as('payload')])
      .where('workspace_id', '=', ws.id).where('type', '=', 'payment_received').execute();
    const ids = announced.map((m) => m.payload.eventId);
    expect(ids.filter((id) => id.startsWith('evt_crash_pay_')).length).toBe(300);
    expect(ids.length - new Set(ids).size).toBe(0);

    const expected = (await offlineLedger(events)).rows;
    expect(expected.length).toBeGreaterThan(10);
    expect(await ledgerRows(db.store, ws.id)).toEqual(expected);
  }, 400_000);
});
