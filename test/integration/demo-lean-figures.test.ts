// The demo stored with lean payloads (what the first start stores) against the same demo stored
// as the generator renders it: after processing, every record, snapshot, ledger entry, daily
// metric and customer summary is the same, row for row.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { derivedState } from '../helpers/derived-state.js';
import { DEMO_FX_RATES } from '../../src/core/fx.js';
import { createLogger } from '../../src/logger.js';
import { storeDemoEvents } from '../../src/ingest/load-demo.js';
import { createIngestWorker } from '../../src/ingest/pipeline.js';
import { upsertFxRates } from '../../src/store/fx-repo.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';

const END_AT = Date.parse('2026-06-01T00:00:00Z') / 1000;
const NOW = new Date(END_AT * 1000);
const RECORD_TABLES = ['discounts', 'coupons', 'products', 'prices', 'refunds', 'disputes', 'customer_identities'];

describe.each(BACKENDS)('lean demo payloads (%s)', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(() => db?.drop());

  async function load(slug: string, payloads: 'lean' | 'full') {
    const workspace = await ensureWorkspace(db.store.db, { slug, name: slug });
    await upsertFxRates(db.store.db, workspace.id, 'usd', DEMO_FX_RATES.usd);
    await upsertFxRates(db.store.db, workspace.id, 'eur', DEMO_FX_RATES.eur);
    const source = await createSource(db.store.db, createSecretBox(undefined), { workspaceId: workspace.id, provider: 'stripe', name: 'Demo', mode: 'test' });
    const stored = await storeDemoEvents(db.store, { workspace, source }, { customers: 80, endAt: END_AT, seed: 9, payloads });
    return { workspace, source, stored };
  }

  /** Every derived and record row, with the workspace's and source's ids written as W and S. */
  async function state(target: Awaited<ReturnType<typeof load>>) {
    const ids = (row: string) => row.replaceAll(target.workspace.id, 'W').replaceAll(target.source.id, 'S');
    const out: Record<string, string[]> = {};
    for (const [table, rows] of Object.entries(await derivedState(db.store.db, target.workspace.id))) out[table] = rows.map(ids).sort();
    for (const table of RECORD_TABLES) {
      const rows = await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(table)} t where workspace_id = ${target.workspace.id}`.execute(db.store.db);
      out[table] = rows.rows.map((r) => ids(r.row)).sort();
    }
    const drops = await sql<{ row: string }>`select concat_ws('|', event_id, processed_at is not null, drop_reason, drop_detail) as row from raw_events where workspace_id = ${target.workspace.id}`.execute(db.store.db);
    out.outcomes = drops.rows.map((r) => r.row).sort();
    return out;
  }

  it('give exactly the figures of the full payloads', async () => {
    const full = await load('full', 'full');
    const lean = await load('lean', 'lean');
    expect(lean.stored).toBe(full.stored);
    await createIngestWorker({ store: db.store, logger: createLogger('silent'), now: () => NOW, batchSize: 500 }).drain();

    const size = async (workspaceId: string) => Number((await sql<{ n: string }>`select sum(length(payload::text)) as n from raw_events where workspace_id = ${workspaceId}`.execute(db.store.db)).rows[0]!.n);
    expect(await size(lean.workspace.id)).toBeLessThan(0.4 * (await size(full.workspace.id)));

    const expected = await state(full);
    expect(expected.ledger_entries!.length).toBeGreaterThan(40);
    expect(expected.metric_days!.length).toBeGreaterThan(40);
    expect(expected.outcomes!.every((row) => row.split('|')[1] === 't')).toBe(true);
    expect(await state(lean)).toEqual(expected);
  }, 300_000);
});
