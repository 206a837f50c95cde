// The demo business delivered two ways into two workspaces of one database: every event as a
// live webhook stream, and a Stripe account (the fake API serving each object at its latest
// version and only the last 30 days of events) backfilled through the official client. The
// ledgers must agree, except where Stripe's objects cannot tell: an item change that was not
// invoiced (a non-prorated downgrade) shows up only on the next invoice. Every customer whose
// ledger differs must be one of those, and MRR today must be equal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startFakeStripe, type FakeStripe } from '../helpers/fake-stripe.js';
import { accountFromEvents } from '../helpers/stripe-account.js';
import { demoEvents } from '../../src/demo/generate.js';
import type { StripeEvent } from '../../src/demo/stripe-types.js';
import { createLogger } from '../../src/logger.js';
import { createIngestWorker, storeEvents } from '../../src/ingest/pipeline.js';
import { queueReprocessing } from '../../src/ingest/reprocess.js';
import { syncSource } from '../../src/ingest/stripe/sync/run-sync.js';
import { asOf } from '../../src/read/clock.js';
import { loadSummary } from '../../src/read/summary/load.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createSource } from '../../src/store/sources-repo.js';
import { loadSyncStatus } from '../../src/store/source-sync-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { upsertFxRates } from '../../src/store/fx-repo.js';
import { DEMO_FX_RATES } from '../../src/core/fx.js';

const END = 1_767_225_600; // 2026-01-01
const API_KEY = 'sk_test_reconstruct0001';
const box = createSecretBox('b'.repeat(64));
const logger = createLogger('silent');
const now = () => new Date((END + 60) * 1000);

type Row = { customer_id: string; day: string; currency: string; mrr: number; delta: number; movement: string };

/** Customers who had an item change that no invoice shows at the moment it happened. */
function uninvoicedChanges(events: readonly StripeEvent[], before: number): Set<string> {
  const invoicedAt = new Set(
    events.filter((e) => e.type === 'invoice.created' && (e.data.object as { billing_reason: string }).billing_reason === 'subscription_update').map((e) => `${(e.data.object as { customer: string }).customer}@${e.created}`),
  );
  const out = new Set<string>();
  for (const e of events) {
    if (e.type !== 'customer.subscription.updated' || e.created >= before) continue;
    const previous = e.data.previous_attributes ?? {};
    const customer = (e.data.object as { customer: string }).customer;
    if (('items' in previous || 'quantity' in previous) && !invoicedAt.has(`${customer}@${e.created}`)) out.add(customer);
  }
  return out;
}

describe.each(BACKENDS)('reconstructed history equals live history (%s)', (backend) => {
  let db: TestDatabase;
  let fake: FakeStripe;
  let live: Workspace;
  let backfilled: Workspace;
  let backfilledSource: string;
  const events = demoEvents({ customers: 120, endAt: END, seed: 11 });

  const ledger = async (workspaceId: string): Promise<string[]> =>
    ((await db.store.db
      .selectFrom('ledger_entries')
      .select(['customer_id', 'day', 'currency', 'mrr', 'delta', 'movement'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('customer_id').orderBy('day').orderBy('currency')
      .execute()) as Row[]).map((r) => `${r.customer_id} ${r.day} ${r.currency} ${r.mrr} ${r.delta} ${r.movement}`);

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    fake = await startFakeStripe();
    fake.addAccount(API_KEY, accountFromEvents(events));
    fake.setNow(END);
    live = await ensureWorkspace(db.store.db, { slug: 'live', name: 'Live' });
    backfilled = await ensureWorkspace(db.store.db, { slug: 'backfilled', name: 'Backfilled' });
    for (const ws of [live, backfilled]) {
      await upsertFxRates(db.store.db, ws.id, 'usd', DEMO_FX_RATES.usd);
      await upsertFxRates(db.store.db, ws.id, 'eur', DEMO_FX_RATES.eur);
    }
    const liveSource = await createSource(db.store.db, box, { workspaceId: live.id, provider: 'stripe', name: 'live', mode: 'test', webhookSecret: 'whsec_live_0000' });
    backfilledSource = (await createSource(db.store.db, box, { workspaceId: backfilled.id, provider: 'stripe', name: 'backfilled', mode: 'test', webhookSecret: 'whsec_back_0000', apiKey: API_KEY })).id;
    await storeEvents(db.store, events.map((e) => ({ workspaceId: live.id, sourceId: liveSource.id, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: e })));
    const outcome = await syncSource({ store: db.store, box, logger, now, stripeApiUrl: fake.url }, { workspaceId: backfilled.id, sourceId: backfilledSource, kind: 'full' });
    expect(outcome).toMatchObject({ status: 'done', kind: 'full' });
    await createIngestWorker({ store: db.store, logger, now }).drain();
  }, 300_000);
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  it('uses the Events API for the last 30 days only and reconstructs everything older', async () => {
    const status = await loadSyncStatus(db.store.db, { workspaceId: backfilled.id, sourceId: backfilledSource });
    expect(status.status).toBe('done');
    expect(status.cutoff).toBeGreaterThanOrEqual(END - 30 * 86_400);
    const kinds = await db.store.db
      .selectFrom('raw_events')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('event_created').as('oldest')])
      .where('workspace_id', '=', backfilled.id)
      .where('event_id', 'like', 'evt_%')
      .executeTakeFirstOrThrow();
    expect(Number(kinds.n)).toBeGreaterThan(0);
    expect(new Date(kinds.oldest as unknown as string).getTime() / 1000).toBeGreaterThanOrEqual(END - 30 * 86_400);
    const malformed = await db.store.db.selectFrom('raw_events').select('drop_detail').where('workspace_id', '=', backfilled.id).where('drop_reason', '=', 'malformed').execute();
    expect(malformed).toEqual([]);
  });

  it('gives the same ledger, except for un-invoiced changes before the Events window', async () => {
    const status = await loadSyncStatus(db.store.db, { workspaceId: backfilled.id, sourceId: backfilledSource });
    const a = await ledger(live.id);
    const b = await ledger(backfilled.id);
    expect(a.length).toBeGreaterThan(100);
    const inA = new Set(a);
    const inB = new Set(b);
    const differing = new Set([...a.filter((r) => !inB.has(r)), ...b.filter((r) => !inA.has(r))].map((r) => r.split(' ')[0]!));
    const explained = uninvoicedChanges(events, status.cutoff!);
    expect([...differing].filter((c) => !explained.has(c))).toEqual([]);
    // Most customers are reconstructed exactly.
    const customers = new Set(a.map((r) => r.split(' ')[0]));
    expect(differing.size / customers.size).toBeLessThan(0.15);
  });

  it('has the same customers, invoices, payments and refunds at their latest versions', async () => {
    for (const [table, key] of [['customers', 'customer_id'], ['invoices', 'invoice_id'], ['payments', 'payment_id'], ['refunds', 'refund_id'], ['disputes', 'dispute_id']] as const) {
      const rows = async (ws: string) =>
        (await db.store.db.selectFrom(table).select([key, 'record']).where('workspace_id', '=', ws).orderBy(key).execute()).map((r) => JSON.stringify(r));
      expect(await rows(backfilled.id), table).toEqual(await rows(live.id));
    }
  });

  it('shows the same MRR today', async () => {
    const at = now();
    const [a, b] = [await loadSummary(db.store.db, live, asOf(at)), await loadSummary(db.store.db, backfilled, asOf(at))];
    expect({ mrr: b.mrr, paying: b.payingCustomers }).toEqual({ mrr: a.mrr, paying: a.payingCustomers });
  });

  it('adds nothing when the backfill runs again, and `rebuild` from the raw events gives the same ledger', async () => {
    const before = await ledger(backfilled.id);
    const again = await syncSource({ store: db.store, box, logger, now, stripeApiUrl: fake.url }, { workspaceId: backfilled.id, sourceId: backfilledSource, kind: 'full' });
    expect(again).toMatchObject({ status: 'done', stored: 0 });
    await queueReprocessing(db.store.db, backfilled.id);
    await createIngestWorker({ store: db.store, logger, now }).drain();
    expect(await ledger(backfilled.id)).toEqual(before);
  }, 120_000);
});
