// Two Revpulse instances on one PostgreSQL database, taking signed webhooks concurrently (each
// delivery to either one): every event is processed exactly once — no payment is announced twice
// on the live feed (the dashboard adds each to "revenue collected today") — and every customer's
// ledger equals an offline computation of the same events. Repeated: it must never fail. Before,
// 12–43% of events were claimed by both instances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { signedWebhook, type TestEvent } from '../helpers/stripe-events.js';
import { TEST_SECRET_KEY } from '../helpers/app.js';
import { ledgerRows, offlineLedger } from '../helpers/offline-ledger.js';
import { demoEvents } from '../../src/demo/generate.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';

const END = 1_767_225_600;
const SECRET = 'whsec_two_instances_secret';
const now = () => new Date((END + 60) * 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The demo's history plus 400 payments made in the last hours (so each is live news). */
function eventsFor(round: number): TestEvent[] {
  const base = demoEvents({ customers: 20, endAt: END - 86_400, seed: 11 + round }) as unknown as TestEvent[];
  const template = base.find((e) => e.type === 'charge.succeeded')!;
  const payments = Array.from({ length: 400 }, (_, i) => {
    const e = structuredClone(template);
    const created = END - 3600 - i * 7;
    e.id = `evt_pay_${round}_${i}`;
    e.created = created;
    Object.assign(e.data.object, { id: `ch_pay_${round}_${i}`, created, amount: 1000 + i, amount_captured: 1000 + i, invoice: null, payment_intent: `pi_pay_${round}_${i}` });
    return e;
  });
  return [...base, ...payments];
}

describe.runIf(process.env.DATABASE_URL)('two instances on one database (postgres)', () => {
  let db: TestDatabase;
  let servers: RunningServer[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    const config = loadConfig({
      DATABASE_URL: db.url!, REVPULSE_DEMO: 'false', REVPULSE_SECRET_KEY: TEST_SECRET_KEY, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent',
      REVPULSE_RATE_LIMIT_WEBHOOKS: '1000000', REVPULSE_INGEST_LEASE_SECONDS: '5',
    });
    const quiet = { logger: createLogger('silent'), now, print: () => undefined };
    servers = [await startServer(config, quiet), await startServer(config, quiet)];
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await db?.drop();
  });

  for (const round of [1, 2, 3]) {
    it(`processes each event once and agrees with an offline computation (round ${round})`, async () => {
      const ws = await ensureWorkspace(db.store.db, { slug: `twin${round}`, name: `Twin ${round}` });
      const source = await createSource(db.store.db, createSecretBox(TEST_SECRET_KEY), { workspaceId: ws.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
      const events = eventsFor(round);
      const limit = pLimit(16);
      const answers = await Promise.all(events.map((e, i) => limit(async () => {
        const { body, headers } = signedWebhook(e, SECRET, END + 60);
        const response = await fetch(`${servers[i % 2]!.url}/webhooks/stripe/${source.id}`, { method: 'POST', body, headers });
        return response.status;
      })));
      expect(answers.every((s) => s === 200)).toBe(true);

      const deadline = Date.now() + 120_000;
      for (;;) {
        const pending = await db.store.db.selectFrom('raw_events').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws.id).where('processed_at', 'is', null).executeTakeFirstOrThrow();
        const queued = await db.store.db.selectFrom('ledger_pending').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws.id).executeTakeFirstOrThrow();
        if (Number(pending.n) === 0 && Number(queued.n) === 0) break;
        if (Date.now() > deadline) throw new Error(`${pending.n} events, ${queued.n} ledgers still pending`);
        await sleep(200);
      }

      const announced = await db.store.db.selectFrom('live_messages').select((eb) => [eb.ref('payload').$castTo<{ eventId: string }>().as('payload')])
        .where('workspace_id', '=', ws.id).where('type', '=', 'payment_received').execute();
      const ids = announced.map((m) => m.payload.eventId);
      expect(ids.filter((id) => id.startsWith(`evt_pay_${round}_`)).length).toBe(400);
      expect(ids.length - new Set(ids).size).toBe(0); // no payment announced twice
      expect(await ledgerRows(db.store, ws.id)).toEqual((await offlineLedger(events, now)).rows);
    }, 240_000);
  }
});
