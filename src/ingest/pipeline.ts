// The ingestion pipeline, shared by webhooks, backfill, the heartbeat and the demo. Events are
// first stored raw (receive.ts or storeEvents below); this worker then takes them from the table
// in named steps — claim → transform → check mode → upsert records → update the ledger → mark
// processed → publish — so work survives a restart and a redelivered event changes nothing.
// Each step may drop an event with a typed reason, which is recorded on the raw event.
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  claimPendingEvents,
  holdLeasedEvents,
  insertRawEvents,
  markFailed,
  markProcessed,
  releaseLeases,
  type Lease,
  type PendingEvent,
  type RawEventInput,
} from '../store/raw-events-repo.js';
import { upsertRecords } from '../store/records-repo.js';
import { touchSourceEvent } from '../store/sources-repo.js';
import { markLedgerPending } from '../store/ledger-repo.js';
import { recomputePending, type Announce } from '../engine/recompute.js';
import { matchCustomersByEmail } from '../engine/customer-identity.js';
import { findWorkspace } from '../store/workspaces-repo.js';
import type { DropReason } from './records.js';
import { markStale, sourceSettings, stepTransform, type Transformed } from './transform-step.js';
import { affectedCustomers } from './affected-customers.js';
import { paymentNotes } from './live-notes.js';
import { appendOutbox } from '../store/live-outbox-repo.js';
import { isTransientDatabaseError } from '../store/db-errors.js';
import { recordEventsProcessed } from '../observability/metrics.js';

export type BatchResult = { processed: number; dropped: Partial<Record<DropReason, number>> };
/** After each batch, with the workspaces it touched; `announce` (when given) publishes what
 *  changed inside the transactions that change it (src/live/publish-updates.ts). */
export type AfterBatch = ((workspaceIds: ReadonlySet<string>) => Promise<void>) & { announce?: Announce };

/** owner: the lease holder the events were claimed by (see raw-events-repo.ts). */
export type ProcessOptions = { owner: string; live?: boolean; now?: Date; announce?: Announce };

/** Stores provider events (already verified) once each; returns how many were new. */
export async function storeEvents(store: Store, events: readonly RawEventInput[]): Promise<number> {
  return (await insertRawEvents(store.db, events)).size;
}

/** Applies claimed events to the stored records and queues their customers' ledgers. With
 *  `live` (webhooks and syncs as they happen, not bulk loads) the payments it stores are also
 *  written to the live outbox, in the same transaction. */
export async function processEvents(store: Store, claimed: readonly PendingEvent[], options: ProcessOptions): Promise<BatchResult> {
  const db = store.db;

  const sourceIds = [...new Set(claimed.map((e) => e.sourceId))];
  const { modes, providers } = sourceSettings(await db.selectFrom('sources').select(['source_id', 'mode', 'provider']).where('source_id', 'in', sourceIds).execute());
  const all = claimed.map((event) => stepTransform(event, modes, providers));
  let transformed: Transformed[] = all;

  // Records, the ledger queue and the processed marks commit together: after a crash an event is
  // either still pending or fully applied, and its customers are queued for the ledger. The
  // events are first locked and checked to still be this worker's: one whose lease ran out and
  // went to another worker is that worker's to apply, never both.
  await db.transaction().execute(async (trx) => {
    const held = new Set((await holdLeasedEvents(trx, options.owner, claimed)).map((e) => e.eventId + '|' + e.sourceId + '|' + e.workspaceId));
    transformed = all.filter((t) => held.has(t.event.eventId + '|' + t.event.sourceId + '|' + t.event.workspaceId));
    const applicable = transformed.flatMap((t) => (t.records ? [t.records] : []));
    markStale(transformed, (await upsertRecords(trx, applicable)).staleEventIds);
    // One customer across sources: e-mail matches link customers before their ledgers are queued.
    for (const [workspaceId, customerIds] of await matchCustomersByEmail(trx, applicable)) await markLedgerPending(trx, workspaceId, customerIds);
    for (const [workspaceId, customerIds] of await affectedCustomers(trx, applicable)) {
      await markLedgerPending(trx, workspaceId, customerIds);
    }
    await markProcessed(trx, transformed.map((t) => t.outcome));
    if (options.live) {
      const applied = transformed.flatMap((t) =>
        t.records && t.outcome.dropReason === null ? [{ workspaceId: t.event.workspaceId, eventId: t.event.eventId, type: t.event.type, records: t.records.records }] : [],
      );
      for (const [workspaceId, notes] of paymentNotes(applied, options.now ?? new Date())) {
        const workspace = options.announce ? await findWorkspace(trx, workspaceId) : null;
        if (workspace && options.announce) await options.announce(trx, workspace, notes, { totals: false });
        else await appendOutbox(trx, workspaceId, notes);
      }
    }
  });

  const newest = new Map<string, PendingEvent>();
  for (const { event } of transformed) {
    const current = newest.get(event.sourceId);
    if (!current || current.created < event.created) newest.set(event.sourceId, event);
  }
  // An import's rows are dated by their own history; the source last heard from us when it ran.
  for (const event of newest.values()) {
    const at = providers.get(event.sourceId) === 'import' ? (options.now ?? new Date()) : new Date(event.created * 1000);
    await touchSourceEvent(db, event.workspaceId, event.sourceId, at);
  }

  const dropped: BatchResult['dropped'] = {};
  for (const t of transformed) {
    const reason = t.outcome.dropReason as DropReason | null;
    if (reason) dropped[reason] = (dropped[reason] ?? 0) + 1;
  }
  recordEventsProcessed(transformed.length, dropped);
  return { processed: transformed.length, dropped };
}

export type IngestWorker = {
  /** Processes pending events until none is left; resolves with how many it processed. Rejects
   *  when the database is unreachable (the events stay queued). */
  drain(): Promise<number>;
  /** Drains in the background (errors are logged, never thrown). */
  wake(): void;
  start(): void;
  stop(): Promise<void>;
  /** This worker's lease owner id. */
  readonly owner: string;
};

/** How long a claimed event stays this worker's before another may take it. */
export const DEFAULT_LEASE_SECONDS = 60;

export function createIngestWorker(options: {
  store: Store;
  logger: Logger;
  now?: () => Date;
  batchSize?: number;
  pollIntervalMs?: number;
  leaseSeconds?: number;
  afterBatch?: AfterBatch;
  /** Bulk loads (demo, backfill, reprocessing): recompute ledgers once per drain, not per batch. */
  deferLedger?: boolean;
  /** Progress: called after every batch with the running count of processed events. */
  onBatch?: (processed: number) => void;
}): IngestWorker {
  const { store, logger } = options;
  const now = options.now ?? (() => new Date());
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const lease: Lease = { owner, seconds: options.leaseSeconds ?? DEFAULT_LEASE_SECONDS };
  const pollMs = options.pollIntervalMs ?? 2000;
  let running: Promise<number> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let outage: { since: number; failures: number } | null = null;

  const publish = async (workspaces: ReadonlySet<string>) => {
    if (!options.afterBatch || workspaces.size === 0) return;
    await options.afterBatch(workspaces).catch((error: unknown) => logger.error({ err: error }, 'publishing live updates failed'));
  };

  // Live: what changed is announced (live outbox) unless this is a bulk load.
  const live = !options.deferLedger && options.afterBatch !== undefined;
  const announce = live ? options.afterBatch?.announce : undefined;
  const recomputeOptions = {
    live,
    ...(announce ? { announce } : {}),
    onFailure: (customerId: string, error: Error) => logger.error({ err: error, customerId }, 'recomputing a customer ledger failed; it is retried, then parked'),
  };
  const processOptions = () => ({ owner, live, now: now(), ...(announce ? { announce } : {}) });

  const processBatch = async (claimed: readonly PendingEvent[]): Promise<BatchResult> => {
    try {
      return await processEvents(store, claimed, processOptions());
    } catch (error) {
      if (isTransientDatabaseError(error)) {
        // Not the events' fault: give them back at once and let the caller back off.
        await releaseLeases(store.db, owner, claimed).catch(() => undefined);
        throw error;
      }
      logger.error({ err: error }, 'ingest batch failed; retrying event by event');
      return isolateFailures(store, claimed, logger, processOptions);
    }
  };

  const runOnce = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      if (stopped && !options.deferLedger) break;
      const claimed = await claimPendingEvents(store.db, options.batchSize ?? 500, lease);
      if (claimed.length === 0) break;
      const result = await processBatch(claimed);
      total += result.processed;
      options.onBatch?.(total);
      if (!options.deferLedger) {
        const touched = await recomputePending(store.db, now(), undefined, recomputeOptions);
        for (const event of claimed) touched.add(event.workspaceId);
        await publish(touched);
      }
    }
    // Also heals a ledger left queued by a crash.
    await publish(await recomputePending(store.db, now(), undefined, recomputeOptions));
    return total;
  };

  const drain = async (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await runOnce();
      } while (again && !stopped);
      return total;
    })().finally(() => (running = null));
    return running;
  };

  /** A background drain: an outage is logged once when it starts and once when it ends. */
  const drainQuietly = async (): Promise<void> => {
    try {
      await drain();
      if (outage) {
        logger.info({ seconds: Math.round((Date.now() - outage.since) / 1000) }, 'database reachable again; ingestion resumed');
        outage = null;
      }
    } catch (error) {
      if (isTransientDatabaseError(error)) {
        if (!outage) logger.warn({ err: error }, 'database unreachable; ingestion paused, retrying');
        outage = { since: outage?.since ?? Date.now(), failures: (outage?.failures ?? 0) + 1 };
      } else {
        logger.error({ err: error }, 'ingest worker failed; retrying');
        outage = { since: outage?.since ?? Date.now(), failures: (outage?.failures ?? 0) + 1 };
      }
    }
  };

  return {
    owner,
    drain,
    wake: () => void drainQuietly(),
    start() {
      stopped = false;
      const tick = () => {
        // Back off while the database is away: 2 s, 4 s, … up to 30 s between tries.
        const delay = outage ? Math.min(pollMs * 2 ** Math.min(outage.failures - 1, 4), 30_000) : pollMs;
        timer = setTimeout(() => void drainQuietly().finally(() => !stopped && tick()), delay);
        timer.unref();
      };
      void drainQuietly();
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}

/** After a failed batch, processes its events one at a time so one bad event cannot block the
 *  rest. A failing event keeps its error, is retried with backoff, and is parked as a dead
 *  letter after MAX_ATTEMPTS failures (raw-events-repo.ts). */
async function isolateFailures(store: Store, claimed: readonly PendingEvent[], logger: Logger, options: () => ProcessOptions): Promise<BatchResult> {
  const merged: BatchResult = { processed: 0, dropped: {} };
  for (const event of claimed) {
    try {
      const result = await processEvents(store, [event], options());
      merged.processed += result.processed;
      for (const [reason, n] of Object.entries(result.dropped)) {
        merged.dropped[reason as DropReason] = (merged.dropped[reason as DropReason] ?? 0) + (n ?? 0);
      }
    } catch (error) {
      if (isTransientDatabaseError(error)) {
        await releaseLeases(store.db, options().owner, claimed).catch(() => undefined);
        throw error;
      }
      const { dead } = await markFailed(store.db, options().owner, event, `${(error as Error).name}: ${(error as Error).message}`);
      logger.error({ err: error, eventId: event.eventId, attempts: event.attempts + 1, dead }, dead ? 'event parked as a dead letter' : 'event failed; it will be retried');
    }
  }
  return merged;
}
