// Rebuilds a workspace from its raw event log: every record, snapshot and ledger row is derived
// again by the same pipeline that derived it the first time. Use it after upgrading Revpulse
// (a fixed transform or a changed metric definition applies to all history).
// Everything derived is replaced, never added to: the records, and (clearWorkspaceDerived) the
// ledger and every table derived from it, so a rebuild run twice leaves identical tables.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { clearWorkspaceDerived } from '../store/derived-repo.js';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import { markProcessedUpTo, readLeasedEvents, releaseLeases, type EventCursor, type Lease } from '../store/raw-events-repo.js';
import { upsertRecords } from '../store/records-repo.js';
import { touchSourceEvent } from '../store/sources-repo.js';
import { isTransientDatabaseError } from '../store/db-errors.js';
import { matchCustomersByEmail } from '../engine/customer-identity.js';
import { createIngestWorker } from './pipeline.js';
import { markStale, sourceSettings, stepTransform } from './transform-step.js';

const RECORD_TABLES = [
  'ledger_pending',
  'subscription_snapshots',
  'customers',
  'discounts',
  'coupons',
  'products',
  'prices',
  'invoices',
  'invoice_payments',
  'payments',
  'refunds',
  'disputes',
  'credit_notes',
] as const;

/** Clears what was derived and queues every raw event again; returns how many were queued. With
 *  `lease`, the events are queued leased to its owner (reprocessWorkspace reads them in bulk;
 *  no other worker takes them until the lease runs out). */
export async function queueReprocessing(db: Kysely<Database>, workspaceId: string, lease?: Lease): Promise<number> {
  return db.transaction().execute(async (trx) => {
    for (const table of RECORD_TABLES) await trx.deleteFrom(table).where('workspace_id', '=', workspaceId).execute();
    await clearWorkspaceDerived(trx, workspaceId);
    const result = await trx
      .updateTable('raw_events')
      .set({
        processed_at: null, drop_reason: null, drop_detail: null, attempts: 0, last_error: null, next_attempt_at: null, dead_at: null,
        lease_owner: lease?.owner ?? null,
        lease_until: lease ? sql<Date>`now() + make_interval(secs => ${lease.seconds})` : null,
      })
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
}

export type ReprocessOptions = {
  logger: Logger;
  now?: () => Date;
  /** Events read and applied per transaction. */
  batchSize?: number;
  /** Progress: the running count of processed events, and how many were queued. */
  onEvents?: (processed: number, queued: number) => void;
  /** Measurement: wall milliseconds spent in each step of each batch (benchmarks). */
  onStep?: (step: 'read' | 'transform' | 'records' | 'links' | 'mark', ms: number) => void;
};

/** How long the bulk lease lasts: past it, a live worker may take the events left (each batch
 *  applies only the events still leased to us, so nothing is ever applied twice). */
const BULK_LEASE_SECONDS = 3600;

/**
 * Re-derives every record of a workspace from its raw event log, in bulk: the events are queued
 * leased to this run, then read in (created, id) order a few thousand at a time and applied by
 * the pipeline's own steps (transform, upsert records, e-mail matching), each batch marked
 * processed in one statement. No ledger is computed here: the caller rebuilds the whole
 * workspace's ledger next (rebuildWorkspace), so every customer is queued once at the end
 * (which also heals the ledger should the process stop before that rebuild). A batch that
 * fails hands the rest to the ingest worker, which isolates the failing event.
 */
export async function reprocessWorkspace(store: Store, workspaceId: string, options: ReprocessOptions): Promise<{ events: number; processed: number }> {
  const db = store.db;
  const now = options.now ?? (() => new Date());
  const owner = `rebuild:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const queued = await queueReprocessing(db, workspaceId, { owner, seconds: BULK_LEASE_SECONDS });
  const { modes, providers } = sourceSettings(await db.selectFrom('sources').select(['source_id', 'mode', 'provider']).where('workspace_id', '=', workspaceId).execute());
  const newest = new Map<string, number>();
  let cursor: EventCursor | null = null;
  let processed = 0;
  try {
    for (;;) {
      const batch: number = await db.transaction().execute(async (trx) => {
        let at = performance.now();
        const step = (name: Parameters<NonNullable<ReprocessOptions['onStep']>>[0]) => {
          const t = performance.now();
          options.onStep?.(name, t - at);
          at = t;
        };
        const read = await readLeasedEvents(trx, workspaceId, owner, cursor, options.batchSize ?? BULK_BATCH);
        step('read');
        if (read.events.length === 0 || !read.first || !read.cursor) return 0;
        const transformed = read.events.map((event) => stepTransform(event, modes, providers));
        const applicable = transformed.flatMap((t) => (t.records ? [t.records] : []));
        step('transform');
        markStale(transformed, (await upsertRecords(trx, applicable)).staleEventIds);
        step('records');
        // Links change here as they would live; the ledgers are all queued at the end.
        await matchCustomersByEmail(trx, applicable);
        step('links');
        await markProcessedUpTo(trx, workspaceId, owner, read.first, read.cursor, transformed.map((t) => t.outcome));
        step('mark');
        for (const { event } of transformed) if ((newest.get(event.sourceId) ?? -Infinity) < event.created) newest.set(event.sourceId, event.created);
        cursor = read.cursor;
        return read.events.length;
      });
      if (batch === 0) break;
      processed += batch;
      options.onEvents?.(processed, queued);
    }
  } catch (error) {
    if (isTransientDatabaseError(error)) {
      await releaseLeases(db, owner).catch(() => undefined);
      throw error;
    }
    options.logger.error({ err: error }, 'bulk reprocessing failed on a batch; the ingest worker takes the rest event by event');
    await releaseLeases(db, owner);
    processed += await createIngestWorker({ store, logger: options.logger, now, batchSize: 500, deferLedger: true }).drain();
  }
  // An import's rows are dated by their own history; the source last heard from us when it ran.
  for (const [sourceId, created] of newest) {
    await touchSourceEvent(db, workspaceId, sourceId, providers.get(sourceId) === 'import' ? now() : new Date(created * 1000));
  }
  await queueEveryLedger(db, workspaceId);
  return { events: queued, processed };
}

const BULK_BATCH = 5000;

/** Queues the ledger of every customer with snapshots or a customer record (those a workspace
 *  rebuild recomputes), in one statement. */
async function queueEveryLedger(db: Kysely<Database>, workspaceId: string): Promise<void> {
  await sql`
    insert into ledger_pending (workspace_id, customer_id)
    select ${workspaceId}, customer_id from subscription_snapshots where workspace_id = ${workspaceId}
    union
    select ${workspaceId}, customer_id from customers where workspace_id = ${workspaceId}
    on conflict (workspace_id, customer_id) do update set mark = nextval(pg_get_serial_sequence('ledger_pending', 'mark'))`.execute(db);
}
