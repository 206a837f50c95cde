// The derived ledger must not depend on how events arrived: incremental updates in any order,
// with duplicates and in any chunking, equal a rebuild from the snapshots and a full reprocessing
// of the raw event log — and a rebuild or reprocessing run twice leaves every derived table as
// it found it.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { event, price, subscription, type TestEvent } from '../helpers/stripe-events.js';
import { createLogger } from '../../src/logger.js';
import { createIngestWorker, storeEvents } from '../../src/ingest/pipeline.js';
import { queueReprocessing } from '../../src/ingest/reprocess.js';
import { rebuildWorkspace } from '../../src/engine/recompute.js';
import { headlineAt } from '../../src/read/summary/load.js';
import { derivedState } from '../helpers/derived-state.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

const DAY = 86_400;
const START = Date.parse('2024-01-01T00:00:00Z') / 1000;
const NOW = new Date('2024-12-31T12:00:00Z');
const PRICES = [price({ id: 'price_p1', amount: 1900 }), price({ id: 'price_p2', amount: 4900 }), price({ id: 'price_p3', amount: 99_000, interval: 'year' }), price({ id: 'price_p4', amount: 2500, currency: 'eur' })];

type Step = { day: number; hour: number; priceIndex: number; quantity: number; status: 'active' | 'past_due' | 'trialing' | 'end' };
type SubPlan = { customer: number; steps: Step[] };

const stepArb = fc.record({
  day: fc.integer({ min: 0, max: 300 }),
  hour: fc.integer({ min: 0, max: 23 }),
  priceIndex: fc.integer({ min: 0, max: 2 }),
  quantity: fc.integer({ min: 1, max: 4 }),
  status: fc.constantFrom('active', 'active', 'active', 'past_due', 'trialing', 'end'),
});
const planArb = fc.array(fc.record({ customer: fc.integer({ min: 0, max: 2 }), steps: fc.array(stepArb, { minLength: 1, maxLength: 5 }) }), { minLength: 1, maxLength: 4 });

function eventsOf(plans: SubPlan[], tag: string): TestEvent[] {
  const out: TestEvent[] = [];
  plans.forEach((plan, s) => {
    const steps = [...plan.steps].sort((a, b) => a.day * 24 + a.hour - (b.day * 24 + b.hour));
    const start = START + steps[0]!.day * DAY + steps[0]!.hour * 3600;
    const id = `sub_${tag}_${s}`;
    const customer = `cus_${tag}_${plan.customer}`;
    steps.forEach((step, i) => {
      const at = START + step.day * DAY + step.hour * 3600 + i; // strictly increasing per subscription
      const p = PRICES[plan.customer === 2 ? 3 : step.priceIndex]!; // customer 2 pays in EUR
      if (step.status === 'end') {
        out.push(event('customer.subscription.deleted', subscription({ id, customer, price: p, quantity: step.quantity, start, status: 'canceled', endedAt: at }), at));
        return;
      }
      const type = i === 0 ? 'customer.subscription.created' : 'customer.subscription.updated';
      out.push(event(type, subscription({ id, customer, price: p, quantity: step.quantity, start, status: step.status, trialEnd: step.status === 'trialing' ? at + 14 * DAY : null }), at));
    });
  });
  return out;
}

describe.each(BACKENDS)('ledger consistency (%s)', (backend) => {
  let db: TestDatabase;
  let run = 0;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(() => db?.drop());

  const logger = createLogger('silent');
  const box = createSecretBox(undefined);

  async function workspaceWithSource(): Promise<{ workspace: Workspace; sourceId: string }> {
    run++;
    const workspace = await ensureWorkspace(db.store.db, { slug: `w${run}`, name: `W${run}` });
    await db.store.db.insertInto('fx_rates').values([
      { workspace_id: workspace.id, currency: 'eur', quote_currency: 'usd', day: '2024-01-01', rate: '1.1' },
    ]).execute();
    const source = await createSource(db.store.db, box, { workspaceId: workspace.id, provider: 'file', name: 'f' });
    return { workspace, sourceId: source.id };
  }

  const deliver = (workspace: Workspace, sourceId: string, events: TestEvent[]) =>
    storeEvents(db.store, events.map((e) => ({ workspaceId: workspace.id, sourceId, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: e })));

  const ledgerOf = async (workspaceId: string) =>
    (await db.store.db.selectFrom('ledger_entries').select(['customer_id', 'day', 'currency', 'mrr', 'delta', 'movement', 'cause_event_id']).where('workspace_id', '=', workspaceId).orderBy('customer_id').orderBy('day').orderBy('currency').execute());

  it('incremental in any order with duplicates == rebuild == reprocessing', async () => {
    let entriesSeen = 0;
    const kindsSeen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(planArb, fc.integer({ min: 1, max: 6 }), fc.integer(), async (plans, chunks, seed) => {
        const events = eventsOf(plans, `r${run}`);
        // A shuffled delivery with some duplicates, in `chunks` deliveries, each followed by processing.
        const shuffled = fc.sample(fc.shuffledSubarray([...events, ...events.slice(0, Math.ceil(events.length / 3))], { minLength: events.length + Math.ceil(events.length / 3) }), { seed, numRuns: 1 })[0]!;
        const a = await workspaceWithSource();
        const worker = createIngestWorker({ store: db.store, logger, now: () => NOW });
        const size = Math.ceil(shuffled.length / chunks);
        for (let i = 0; i < shuffled.length; i += size) {
          await deliver(a.workspace, a.sourceId, shuffled.slice(i, i + size));
          await worker.drain();
        }
        const incremental = await ledgerOf(a.workspace.id);
        entriesSeen += incremental.length;
        for (const row of incremental) kindsSeen.add(row.movement);

        // Every derived table, not only the ledger: a rebuild replaces, never adds (run twice).
        const state = await derivedState(db.store.db, a.workspace.id);
        const headline = await headlineAt(db.store.db, a.workspace, '2024-12-31');
        for (let i = 0; i < 2; i++) {
          await rebuildWorkspace(db.store.db, a.workspace, NOW);
          expect(await derivedState(db.store.db, a.workspace.id)).toEqual(state);
        }
        for (let i = 0; i < 2; i++) {
          await queueReprocessing(db.store.db, a.workspace.id);
          await createIngestWorker({ store: db.store, logger, now: () => NOW, deferLedger: true, batchSize: 7 }).drain();
          expect(await derivedState(db.store.db, a.workspace.id)).toEqual(state);
        }
        expect(await headlineAt(db.store.db, a.workspace, '2024-12-31')).toEqual(headline);
        expect(await ledgerOf(a.workspace.id)).toEqual(incremental);

        // The same events delivered once, in time order, in one go.
        const b = await workspaceWithSource();
        await deliver(b.workspace, b.sourceId, [...events].sort((x, y) => x.created - y.created));
        await worker.drain();
        const ordered = await ledgerOf(b.workspace.id);
        expect(ordered.map((r) => ({ ...r, customer_id: r.customer_id }))).toEqual(incremental);
      }),
      { numRuns: backend === 'pglite' ? 25 : 15 },
    );
    // The generated histories must exercise the ledger, not pass vacuously.
    expect(entriesSeen).toBeGreaterThan(20);
    expect([...kindsSeen].sort()).toEqual(expect.arrayContaining(['churn', 'new']));
  }, 240_000);

  it('heals a ledger left queued by a crash', async () => {
    const { workspace, sourceId } = await workspaceWithSource();
    const events = eventsOf([{ customer: 0, steps: [{ day: 1, hour: 1, priceIndex: 1, quantity: 2, status: 'active' }] }], 'crash');
    await deliver(workspace, sourceId, events);
    const worker = createIngestWorker({ store: db.store, logger, now: () => NOW });
    await worker.drain();
    const expected = await ledgerOf(workspace.id);
    expect(expected).toHaveLength(1);
    expect(expected[0]).toMatchObject({ mrr: 9800, delta: 9800, movement: 'new', day: '2024-01-02' });
    // Simulate a crash after the records committed but before the ledger was written.
    await db.store.db.deleteFrom('ledger_entries').where('workspace_id', '=', workspace.id).execute();
    await db.store.db.insertInto('ledger_pending').values({ workspace_id: workspace.id, customer_id: 'cus_crash_0' }).execute();
    await worker.drain();
    expect(await ledgerOf(workspace.id)).toEqual(expected);
    expect(await db.store.db.selectFrom('ledger_pending').selectAll().where('workspace_id', '=', workspace.id).execute()).toEqual([]);
  });
});
