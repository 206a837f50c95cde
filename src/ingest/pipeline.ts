// The ingestion pipeline, shared by webhooks, backfill, the heartbeat and the demo. Events are
// first stored raw (receive.ts or storeEvents below); this worker then takes them from the table
// in named steps — claim → transform → check mode → upsert records → update the ledger → mark
// processed → publish — so work survives a restart and a redelivered event changes nothing.
// Each step may drop an event with a typed reason, which is recorded on the raw event.
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import {
  claimPendingEvents,
  insertRawEvents,
  markFailed,
  markProcessed,
  type EventOutcome,
  type PendingEvent,
  type RawEventInput,
} from '../store/raw-events-repo.js';
import { upsertRecords, type SourcedRecords } from '../store/records-repo.js';
import { touchSourceEvent } from '../store/sources-repo.js';
import { markLedgerPending } from '../store/ledger-repo.js';
import { recomputePending, type Announce } from '../engine/recompute.js';
import { findWorkspace } from '../store/workspaces-repo.js';
import type { DropReason } from './records.js';
import { transformStripeEvent } from './stripe/transform.js';
import { affectedCustomers } from './affected-customers.js';
import { paymentNotes } from './live-notes.js';
import { appendOutbox } from '../store/live-outbox-repo.js';

export type BatchResult = { processed: number; dropped: Partial<Record<DropReason, number>> };
/** After each batch, with the workspaces it touched; `announce` (when given) publishes what
 *  changed inside the transactions that change it (src/live/publish-updates.ts). */
export type AfterBatch = ((workspaceIds: ReadonlySet<string>) => Promise<void>) & { announce?: Announce };

type Transformed = { event: PendingEvent; outcome: EventOutcome; records: SourcedRecords | null };

type SourceMode = 'test' | 'live' | 'any';

function stepTransform(event: PendingEvent, sourceModes: ReadonlyMap<string, SourceMode>): Transformed {
  const base = { workspaceId: event.workspaceId, sourceId: event.sourceId, eventId: event.eventId };
  const result = transformStripeEvent(event.payload);
  if (!result.ok) return { event, outcome: { ...base, dropReason: result.drop, dropDetail: result.detail }, records: null };
  const mode = sourceModes.get(event.sourceId);
  if (mode && mode !== 'any' && (mode === 'live') !== result.event.livemode) {
    const detail = `${result.event.livemode ? 'live' : 'test'}-mode event on a ${mode}-mode source`;
    return { event, outcome: { ...base, dropReason: 'mode_mismatch', dropDetail: detail }, records: null };
  }
  return {
    event,
    outcome: { ...base, dropReason: null, dropDetail: null },
    records: { ...base, version: result.event.created, records: result.records },
  };
}

/** Stores provider events (already verified) once each; returns how many were new. */
export async function storeEvents(store: Store, events: readonly RawEventInput[]): Promise<number> {
  return (await insertRawEvents(store.db, events)).size;
}

/** Applies claimed events to the stored records and queues their customers' ledgers. With
 *  `live` (webhooks and syncs as they happen, not bulk loads) the payments it stores are also
 *  written to the live outbox, in the same transaction. */
export async function processEvents(store: Store, claimed: readonly PendingEvent[], options: { live?: boolean; now?: Date; announce?: Announce } = {}): Promise<BatchResult> {
  const db = store.db;

  const sourceIds = [...new Set(claimed.map((e) => e.sourceId))];
  const sources = await db.selectFrom('sources').select(['source_id', 'mode', 'provider']).where('source_id', 'in', sourceIds).execute();
  // A file import may mix test and live events; only live connections are held to one mode.
  const modes = new Map(sources.map((s): [string, SourceMode] => [s.source_id, s.provider === 'file' ? 'any' : s.mode]));
  const transformed = claimed.map((event) => stepTransform(event, modes));
  const applicable = transformed.flatMap((t) => (t.records ? [t.records] : []));

  // Records, the ledger queue and the processed marks commit together: after a crash an event is
  // either still pending or fully applied, and its customers are queued for the ledger.
  await db.transaction().execute(async (trx) => {
    const { staleEventIds } = await upsertRecords(trx, applicable);
    for (const t of transformed) {
      if (staleEventIds.has(t.event.eventId) && t.outcome.dropReason === null) {
        t.outcome.dropReason = 'stale';
        t.outcome.dropDetail = 'a newer version of every object in this event is already stored';
      }
    }
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
  for (const event of claimed) {
    const current = newest.get(event.sourceId);
    if (!current || current.created < event.created) newest.set(event.sourceId, event);
  }
  for (const event of newest.values()) await touchSourceEvent(db, event.workspaceId, event.sourceId, new Date(event.created * 1000));

  const dropped: BatchResult['dropped'] = {};
  for (const t of transformed) {
    const reason = t.outcome.dropReason as DropReason | null;
    if (reason) dropped[reason] = (dropped[reason] ?? 0) + 1;
  }
  return { processed: claimed.length, dropped };
}

export type IngestWorker = {
  /** Processes pending events until none is left; resolves with how many it processed. */
  drain(): Promise<number>;
  wake(): void;
  start(): void;
  stop(): Promise<void>;
};

export function createIngestWorker(options: {
  store: Store;
  logger: Logger;
  now?: () => Date;
  batchSize?: number;
  pollIntervalMs?: number;
  afterBatch?: AfterBatch;
  /** Bulk loads (demo, backfill, reprocessing): recompute ledgers once per drain, not per batch. */
  deferLedger?: boolean;
  /** Progress: called after every batch with the running count of processed events. */
  onBatch?: (processed: number) => void;
}): IngestWorker {
  const { store, logger } = options;
  const now = options.now ?? (() => new Date());
  let running: Promise<number> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const publish = async (workspaces: ReadonlySet<string>) => {
    if (!options.afterBatch || workspaces.size === 0) return;
    await options.afterBatch(workspaces).catch((error: unknown) => logger.error({ err: error }, 'publishing live updates failed'));
  };

  // Live: what changed is announced (live outbox) unless this is a bulk load.
  const live = !options.deferLedger && options.afterBatch !== undefined;
  const announce = live ? options.afterBatch?.announce : undefined;
  const liveOptions = { live, ...(announce ? { announce } : {}) };
  const runOnce = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const claimed = await claimPendingEvents(store.db, options.batchSize ?? 500);
      if (claimed.length === 0) break;
      let result: BatchResult;
      try {
        result = await processEvents(store, claimed, { ...liveOptions, now: now() });
      } catch (error) {
        logger.error({ err: error }, 'ingest batch failed; retrying event by event');
        result = await isolateFailures(store, claimed, logger, { ...liveOptions, now: now() });
      }
      total += result.processed;
      options.onBatch?.(total);
      if (!options.deferLedger) {
        const touched = await recomputePending(store.db, now(), undefined, liveOptions);
        for (const event of claimed) touched.add(event.workspaceId);
        await publish(touched);
      }
    }
    // Also heals a ledger left queued by a crash.
    await publish(await recomputePending(store.db, now(), undefined, liveOptions));
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

  return {
    drain,
    wake: () => void drain(),
    start() {
      stopped = false;
      const tick = () => {
        timer = setTimeout(() => void drain().finally(() => !stopped && tick()), options.pollIntervalMs ?? 2000);
        timer.unref();
      };
      void drain();
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/** After a failed batch, processes its events one at a time so one bad event cannot block the
 *  rest. A failing event keeps its error and is retried on later claims, up to five attempts. */
async function isolateFailures(store: Store, claimed: readonly PendingEvent[], logger: Logger, options: { live: boolean; now: Date; announce?: Announce }): Promise<BatchResult> {
  const merged: BatchResult = { processed: 0, dropped: {} };
  for (const event of claimed) {
    try {
      const result = await processEvents(store, [event], options);
      merged.processed += result.processed;
      for (const [reason, n] of Object.entries(result.dropped)) {
        merged.dropped[reason as DropReason] = (merged.dropped[reason as DropReason] ?? 0) + (n ?? 0);
      }
    } catch (error) {
      logger.error({ err: error, eventId: event.eventId, attempts: event.attempts }, 'event failed');
      await markFailed(store.db, [event], (error as Error).message);
    }
  }
  return merged;
}
