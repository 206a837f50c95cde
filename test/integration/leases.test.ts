// Leases: a claimed event belongs to its worker until the lease runs out, then to anyone; an
// event applied by another worker meanwhile is never applied again; and on the embedded database
// (one process), events a dead run had leased are queued again at the next start.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { event, price, subscription } from '../helpers/stripe-events.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime } from '../../src/runtime.js';
import { createIngestWorker, processEvents, storeEvents } from '../../src/ingest/pipeline.js';
import { claimPendingEvents, rawEventFor } from '../../src/store/raw-events-repo.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';
import type { Store } from '../../src/store/db.js';

const AT = 1_750_000_000;
const NOW = new Date((AT + 3600) * 1000);
const logger = createLogger('silent');

async function seed(store: Store, slug: string, count: number) {
  const ws = await ensureWorkspace(store.db, { slug, name: slug });
  const source = await createSource(store.db, createSecretBox(undefined), { workspaceId: ws.id, provider: 'file', name: 'f' });
  const events = Array.from({ length: count }, (_, i) => event('customer.subscription.created', subscription({ customer: `cus_${slug}_${i}`, price: price({ amount: 1000 + i }), start: AT - i }), AT - i));
  await storeEvents(store, events.map((e) => rawEventFor({ workspaceId: ws.id, sourceId: source.id }, e)));
  return { workspaceId: ws.id, events };
}

const countOf = async (store: Store, workspaceId: string, processed: boolean) =>
  Number((await store.db.selectFrom('raw_events').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('processed_at', processed ? 'is not' : 'is', null).executeTakeFirstOrThrow()).n);

describe.each(BACKENDS)('leases (%s)', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(() => db?.drop());

  it('keeps leased events from every other claim until the lease runs out', async () => {
    const { workspaceId } = await seed(db.store, 'held', 5);
    const mine = await claimPendingEvents(db.store.db, 10, { owner: 'worker-a', seconds: 60 });
    expect(mine.filter((e) => e.workspaceId === workspaceId)).toHaveLength(5);
    expect((await claimPendingEvents(db.store.db, 10, { owner: 'worker-b', seconds: 60 })).filter((e) => e.workspaceId === workspaceId)).toEqual([]);
    // A worker that is not the holder cannot apply them.
    const result = await processEvents(db.store, mine, { owner: 'worker-b' });
    expect(result.processed).toBe(0);
    expect(await countOf(db.store, workspaceId, true)).toBe(0);
    // The holder can.
    expect((await processEvents(db.store, mine.filter((e) => e.workspaceId === workspaceId), { owner: 'worker-a' })).processed).toBe(5);
    expect(await countOf(db.store, workspaceId, true)).toBe(5);
  });

  it('lets another worker take events whose lease ran out, and the late holder then applies nothing', async () => {
    const { workspaceId } = await seed(db.store, 'expired', 3);
    const stale = (await claimPendingEvents(db.store.db, 10, { owner: 'slow-worker', seconds: 0 })).filter((e) => e.workspaceId === workspaceId);
    expect(stale).toHaveLength(3);
    const taken = (await claimPendingEvents(db.store.db, 10, { owner: 'fast-worker', seconds: 60 })).filter((e) => e.workspaceId === workspaceId);
    expect(taken.map((e) => e.eventId).sort()).toEqual(stale.map((e) => e.eventId).sort());
    expect((await processEvents(db.store, taken, { owner: 'fast-worker' })).processed).toBe(3);
    expect((await processEvents(db.store, stale, { owner: 'slow-worker' })).processed).toBe(0);
    const rows = await db.store.db.selectFrom('raw_events').select(['attempts', 'lease_owner']).where('workspace_id', '=', workspaceId).execute();
    expect(rows.every((r) => r.attempts === 0 && r.lease_owner === null)).toBe(true);
  });
});

describe('leases left by a dead process on the embedded database', () => {
  it('are released when the data folder is opened again, and the events are processed', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'revpulse-leases-'));
    const config = loadConfig({ REVPULSE_DATA_DIR: dataDir, REVPULSE_DEMO: 'false' });
    const first = await openRuntime(config, 'test');
    const { workspaceId } = await seed(first.store, 'orphan', 4);
    expect((await claimPendingEvents(first.store.db, 10, { owner: 'dead-process', seconds: 3600 })).length).toBe(4);
    await first.close(); // the process "dies" holding an hour-long lease

    const second = await openRuntime(config, 'test');
    try {
      expect(second.releasedLeases).toBe(4);
      await createIngestWorker({ store: second.store, logger, now: () => NOW }).drain();
      expect(await countOf(second.store, workspaceId, true)).toBe(4);
    } finally {
      await second.close();
    }
  });
});
