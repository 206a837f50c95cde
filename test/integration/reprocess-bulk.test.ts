// Bulk reprocessing (reprocessWorkspace, what `revpulse rebuild` runs) against the ingest
// worker's path it replaces: the same records, snapshots, links, event outcomes and — after the
// workspace's ledger rebuild — the same ledger and derived tables as live processing; run twice,
// identical; a source's last event time kept; events of another workspace untouched.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { derivedState } from '../helpers/derived-state.js';
import { generateDemoEvents } from '../../src/demo/generate.js';
import { DEMO_FX_RATES } from '../../src/core/fx.js';
import { createLogger } from '../../src/logger.js';
import { createIngestWorker, storeEvents } from '../../src/ingest/pipeline.js';
import { queueReprocessing, reprocessWorkspace } from '../../src/ingest/reprocess.js';
import { rebuildWorkspace } from '../../src/engine/recompute.js';
import { upsertFxRates } from '../../src/store/fx-repo.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

const END_AT = Date.parse('2026-06-01T00:00:00Z') / 1000;
const NOW = new Date(END_AT * 1000);
const BATCH = 150;

describe.each(BACKENDS)('bulk reprocessing (%s)', (backend) => {
  let db: TestDatabase;
  const logger = createLogger('silent');
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(() => db?.drop());

  async function workspaceWithEvents(slug: string): Promise<{ workspace: Workspace; sourceId: string }> {
    const workspace = await ensureWorkspace(db.store.db, { slug, name: slug });
    await upsertFxRates(db.store.db, workspace.id, 'usd', DEMO_FX_RATES.usd);
    const source = await createSource(db.store.db, createSecretBox(undefined), { workspaceId: workspace.id, provider: 'file', name: 'f' });
    const events = [...generateDemoEvents({ customers: 40, endAt: END_AT })];
    const rows = events.map((e) => ({ workspaceId: workspace.id, sourceId: source.id, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: e as unknown }));
    // One event no transform accepts, so a drop reason is carried through a rebuild.
    rows.push({ workspaceId: workspace.id, sourceId: source.id, eventId: 'evt_broken', type: 'customer.subscription.updated', created: END_AT - 86_400, livemode: false, payload: { id: 'evt_broken', type: 'customer.subscription.updated', created: END_AT - 86_400, data: {} } });
    await storeEvents(db.store, rows);
    return { workspace, sourceId: source.id };
  }

  const outcomes = async (workspaceId: string) =>
    (await sql<{ row: string }>`select concat_ws('|', event_id, processed_at is not null, drop_reason, drop_detail, lease_owner, attempts, dead_at) as row from raw_events where workspace_id = ${workspaceId} order by event_id`.execute(db.store.db)).rows.map((r) => r.row);
  const records = async (workspaceId: string) => {
    const out: Record<string, string[]> = {};
    for (const table of ['discounts', 'coupons', 'products', 'prices', 'invoices', 'invoice_payments', 'refunds', 'disputes', 'credit_notes', 'customer_identities']) {
      out[table] = (await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(table)} t where workspace_id = ${workspaceId}`.execute(db.store.db)).rows.map((r) => r.row).sort();
    }
    return out;
  };
  const lastEventAt = async (sourceId: string) => (await db.store.db.selectFrom('sources').select('last_event_at').where('source_id', '=', sourceId).executeTakeFirstOrThrow()).last_event_at;

  it('gives exactly what the worker path and live processing give, twice over', async () => {
    const { workspace, sourceId } = await workspaceWithEvents('bulk');
    const other = await workspaceWithEvents('other');
    // Live: the worker applies every event and keeps each ledger current.
    await createIngestWorker({ store: db.store, logger, now: () => NOW, batchSize: BATCH }).drain();
    const live = await derivedState(db.store.db, workspace.id);
    const liveRecords = await records(workspace.id);
    const otherOutcomes = await outcomes(other.workspace.id);
    const liveLastEvent = await lastEventAt(sourceId);
    expect(live.subscription_snapshots.length).toBeGreaterThan(40);
    expect(live.ledger_entries.length).toBeGreaterThan(40);

    // The path bulk reprocessing replaces: queue, drain with deferred ledgers, rebuild.
    await queueReprocessing(db.store.db, workspace.id);
    await createIngestWorker({ store: db.store, logger, now: () => NOW, batchSize: BATCH, deferLedger: true }).drain();
    await rebuildWorkspace(db.store.db, workspace, NOW);
    const workerOutcomes = await outcomes(workspace.id);
    expect(workerOutcomes.find((r) => r.startsWith('evt_broken|'))).toMatch(/^evt_broken\|t\|malformed/);
    expect(await derivedState(db.store.db, workspace.id)).toEqual(live);

    for (let i = 0; i < 2; i++) {
      const seen: number[] = [];
      const result = await reprocessWorkspace(db.store, workspace.id, { logger, now: () => NOW, batchSize: BATCH, onEvents: (n) => seen.push(n) });
      expect(result.processed).toBe(result.events);
      expect(seen.at(-1)).toBe(result.events);
      expect(seen.length).toBeGreaterThan(1);
      // Every customer is queued for the ledger rebuild that follows.
      const queued = await db.store.db.selectFrom('ledger_pending').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspace.id).executeTakeFirstOrThrow();
      expect(Number(queued.n)).toBe(live.customer_summaries.length);
      await rebuildWorkspace(db.store.db, workspace, NOW);
      expect(await outcomes(workspace.id)).toEqual(workerOutcomes);
      expect(await records(workspace.id)).toEqual(liveRecords);
      expect(await derivedState(db.store.db, workspace.id)).toEqual(live);
      expect(await lastEventAt(sourceId)).toEqual(liveLastEvent);
    }
    expect(await outcomes(other.workspace.id)).toEqual(otherOutcomes);
  }, 240_000);
});
