// Every start tops the Demo workspace up: its history reaches the clock (stretch after stretch,
// idempotently) and its exchange rates cover every day. A 150-customer demo on PGlite.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createLogger } from '../../src/logger.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createIngestWorker } from '../../src/ingest/pipeline.js';
import { ensureDemoWorkspace, storeDemoEvents } from '../../src/ingest/load-demo.js';
import { DEMO_FX_SOURCE, demoFirstFxDay, findDemoLayout, topUpDemoFxRates, topUpDemoHistory, type DemoTarget } from '../../src/ingest/demo-topup.js';
import { generateDemoContinuation } from '../../src/demo/generate.js';
import { DEMO_FX_RATES } from '../../src/core/fx.js';
import { daysBetween } from '../../src/core/dates.js';
import { insertRawEvents } from '../../src/store/raw-events-repo.js';
import { TEST_SECRET_KEY } from '../helpers/app.js';

const E0 = Date.UTC(2026, 2, 18, 9, 30) / 1000;
const DAY = 86_400;
const at = (seconds: number) => new Date(seconds * 1000);

describe.each(BACKENDS)('topping up the demo on start (%s)', (backend) => {
  let db: TestDatabase;
  let target: DemoTarget;
  let firstLoad: string[];
  const drain = (now: number) => createIngestWorker({ store: db.store, logger: createLogger('silent'), now: () => at(now), batchSize: 2000 }).drain();
  const eventIds = async (length: number) =>
    (await sql<{ event_id: string }>`select event_id from raw_events where workspace_id = ${target.workspaceId} and event_id like 'evt\\_demo\\_%' and length(event_id) = ${length}`.execute(db.store.db)).rows.map((r) => r.event_id).sort();

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    const demo = await ensureDemoWorkspace(db.store.db, createSecretBox(TEST_SECRET_KEY));
    target = { workspaceId: demo.workspace.id, sourceId: demo.source.id };
    await storeDemoEvents(db.store, demo, { customers: 150, endAt: E0 });
    await createIngestWorker({ store: db.store, logger: createLogger('silent'), now: () => at(E0), batchSize: 2000, deferLedger: true }).drain();
    firstLoad = await eventIds(23);
  }, 180_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('reads back how the stored demo was generated', async () => {
    const layout = await findDemoLayout(db.store, target);
    expect(layout).toMatchObject({ seed: 42, customers: 150, months: 24, endAt: E0 });
    expect(layout!.startAt).toBe(Date.UTC(2024, 2, 18, 9, 30) / 1000);
  });

  it('does nothing right after the first load (the pulse covers minutes)', async () => {
    expect(await topUpDemoHistory(db.store, target, { now: at(E0 + 1800) })).toEqual({ status: 'skipped', reason: 'up-to-date' });
  });

  it('stores what happened since, stretch after stretch, each once: the same as one long stretch', async () => {
    const first = await topUpDemoHistory(db.store, target, { now: at(E0 + 10 * DAY) });
    expect(first).toMatchObject({ status: 'stored', from: E0, until: E0 + 10 * DAY });
    const firstCount = first.status === 'stored' ? first.stored : 0;
    expect(firstCount).toBeGreaterThan(50);
    // The same again: nothing new (forced past the minimum gap).
    expect(await topUpDemoHistory(db.store, target, { now: at(E0 + 10 * DAY), minGapSeconds: 0 })).toMatchObject({ status: 'stored', stored: 0 });
    const second = await topUpDemoHistory(db.store, target, { now: at(E0 + 25 * DAY) });
    expect(second.status === 'stored' && second.stored).toBeGreaterThan(50);
    expect(await eventIds(23)).toEqual(firstLoad); // the first load is untouched
    const expected = [...generateDemoContinuation({ customers: 150, endAt: E0, until: E0 + 25 * DAY })].map((e) => e.id).sort();
    expect(await eventIds(24)).toEqual(expected);
  });

  it('processes the new stretches like any Stripe events: no error, nothing malformed, new customers appear', async () => {
    await drain(E0 + 25 * DAY);
    const rows = await db.store.db
      .selectFrom('raw_events')
      .select(['drop_reason', 'last_error', 'processed_at'])
      .where('workspace_id', '=', target.workspaceId)
      .execute();
    expect(rows.filter((r) => r.processed_at === null || r.last_error !== null)).toEqual([]);
    expect(rows.filter((r) => r.drop_reason === 'malformed' || r.drop_reason === 'unsupported_type')).toEqual([]);
    const customers = await db.store.db.selectFrom('customers').select('created_at').where('workspace_id', '=', target.workspaceId).execute();
    expect(customers.filter((c) => c.created_at !== null && c.created_at.getTime() > E0 * 1000).length).toBeGreaterThan(3);
    const latest = await db.store.db.selectFrom('ledger_entries').select((eb) => eb.fn.max('day').as('day')).where('workspace_id', '=', target.workspaceId).executeTakeFirst();
    expect(String(latest?.day) > '2026-03-18').toBe(true);
  });

  it('does not carry on a customer that something else touched since (the pulse, a webhook)', async () => {
    const [row] = (await sql<{ customer: string }>`
      select payload->'data'->'object'->>'customer' as customer from raw_events
      where workspace_id = ${target.workspaceId} and type = 'invoice.paid' and length(event_id) = 24
      order by event_created desc limit 1`.execute(db.store.db)).rows;
    const customer = row!.customer;
    await insertRawEvents(db.store.db, [{
      workspaceId: target.workspaceId, sourceId: target.sourceId, eventId: 'evt_elsewhere_1', type: 'customer.updated', created: E0 + 26 * DAY, livemode: false,
      payload: { id: 'evt_elsewhere_1', object: 'event', type: 'customer.updated', created: E0 + 26 * DAY, data: { object: { id: customer, object: 'customer' } } },
    }]);
    const third = await topUpDemoHistory(db.store, target, { now: at(E0 + 90 * DAY) });
    expect(third.status === 'stored' && third.stored).toBeGreaterThan(100);
    const after = await sql<{ n: number }>`
      select count(*)::int as n from raw_events
      where workspace_id = ${target.workspaceId} and length(event_id) = 24 and event_created > ${at(E0 + 25 * DAY)}
        and (payload->'data'->'object'->>'customer' = ${customer} or payload->'data'->'object'->>'id' = ${customer})`.execute(db.store.db);
    expect(after.rows[0]!.n).toBe(0);
  });

  it('stores the daily rates once: every day from the first demo day, then only the new days', async () => {
    const layout = await findDemoLayout(db.store, target);
    const firstDay = demoFirstFxDay(layout, '2026-03-18');
    expect(firstDay).toBe('2024-03-11');
    const started = performance.now();
    const days = await topUpDemoFxRates(db.store, target.workspaceId, { firstDay, today: '2026-03-18' });
    expect(days).toBe(daysBetween(firstDay, '2026-03-18') + 1);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await topUpDemoFxRates(db.store, target.workspaceId, { firstDay, today: '2026-03-18' })).toBe(0);
    expect(await topUpDemoFxRates(db.store, target.workspaceId, { firstDay, today: '2026-03-21' })).toBe(3);
    const coverage = await sql<{ quote_currency: string; currency: string; n: number; first: string; last: string; sources: string }>`
      select quote_currency, currency, count(*)::int as n, min(day)::text as first, max(day)::text as last, string_agg(distinct source, ',') as sources
      from fx_rates where workspace_id = ${target.workspaceId} and day >= ${firstDay} group by 1, 2`.execute(db.store.db);
    expect(coverage.rows).toHaveLength(14);
    for (const r of coverage.rows) {
      expect(r, `${r.quote_currency}/${r.currency}`).toMatchObject({ n: daysBetween(firstDay, '2026-03-21') + 1, first: firstDay, last: '2026-03-21', sources: DEMO_FX_SOURCE });
    }
    // The anchors stay as they are.
    const anchor = DEMO_FX_RATES.usd.find((r) => r.currency === 'gbp' && r.day === '2025-07-01')!;
    const stored = await db.store.db.selectFrom('fx_rates').select('rate').where('workspace_id', '=', target.workspaceId)
      .where('quote_currency', '=', 'usd').where('currency', '=', 'gbp').where('day', '=', anchor.day).executeTakeFirst();
    expect(Number(stored?.rate)).toBe(Number(anchor.rate));
  });
});
