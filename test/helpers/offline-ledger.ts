// The reference for fault tests: the same events stored and processed in one go by a fresh
// embedded database, and the ledger rows to compare (without workspace ids).
import type { TestEvent } from './stripe-events.js';
import { createLogger } from '../../src/logger.js';
import { createDb, type Store } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { createIngestWorker, storeEvents } from '../../src/ingest/pipeline.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';
import { rawEventFor } from '../../src/store/raw-events-repo.js';

export async function ledgerRows(store: Store, workspaceId: string) {
  return store.db.selectFrom('ledger_entries').select(['customer_id', 'day', 'currency', 'mrr', 'delta', 'movement', 'cause_event_id'])
    .where('workspace_id', '=', workspaceId).orderBy('customer_id').orderBy('day').orderBy('currency').execute();
}

export async function trialRows(store: Store, workspaceId: string) {
  return store.db.selectFrom('trials').select(['subscription_id', 'started_day', 'converted_day']).where('workspace_id', '=', workspaceId).orderBy('subscription_id').execute();
}

/** The ledger and trials an offline computation of `events` gives. */
export async function offlineLedger(events: readonly TestEvent[], now?: () => Date): Promise<{ rows: Awaited<ReturnType<typeof ledgerRows>>; trials: Awaited<ReturnType<typeof trialRows>> }> {
  const store = await createDb({ kind: 'pglite', dataDir: null });
  try {
    await migrate(store);
    const ws = await ensureWorkspace(store.db, { slug: 'offline', name: 'offline' });
    const source = await createSource(store.db, createSecretBox(undefined), { workspaceId: ws.id, provider: 'file', name: 'f' });
    await storeEvents(store, events.map((e) => rawEventFor({ workspaceId: ws.id, sourceId: source.id }, e)));
    await createIngestWorker({ store, logger: createLogger('silent'), ...(now ? { now } : {}) }).drain();
    return { rows: await ledgerRows(store, ws.id), trials: await trialRows(store, ws.id) };
  } finally {
    await store.close();
  }
}
