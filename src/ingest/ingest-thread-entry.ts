// The body of the ingest thread (started by ingest-thread.ts): its own PostgreSQL pool, its own
// ingest worker and live update publisher, so transforms, ledger recomputes and message building
// never hold up the HTTP event loop. Live messages need no way back: the publisher stores them and
// NOTIFYs in the transaction that commits the change, and the main thread's hub is listening.
// The main thread says `wake` after storing a webhook, asks `drain` (answered `drained`) and
// `stop` (the batch under way finishes, the pool closes, the thread ends).
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../logger.js';
import { createDb } from '../store/db.js';
import { createLiveBus } from '../live/bus.js';
import { createUpdatePublisher } from '../live/publish-updates.js';
import { createIngestWorker } from './pipeline.js';
import { registry } from '../observability/metrics.js';
import type { ThreadData, ToThread, FromThread } from './ingest-thread.js';

const data = workerData as ThreadData;
const port = parentPort;
if (!port) throw new Error('ingest-thread-entry.ts runs as a worker thread (see ingest-thread.ts)');

const logger = createLogger(data.logLevel).child({ thread: 'ingest' });
const now = () => new Date(Date.now() + data.clockOffsetMs);
const store = await createDb({ kind: 'postgres', url: data.databaseUrl }, { onError: (err, where) => logger.warn({ err, where }, 'database connection error') });
const bus = createLiveBus(store, data.clockOffsetMs === 0 ? {} : { now }); // as the main thread's: the database stamps messages unless a clock was given
const worker = createIngestWorker({
  store,
  logger,
  now,
  ...(data.leaseSeconds !== undefined ? { leaseSeconds: data.leaseSeconds } : {}),
  ...(data.batchSize !== undefined ? { batchSize: data.batchSize } : {}),
  ...(data.pollIntervalMs !== undefined ? { pollIntervalMs: data.pollIntervalMs } : {}),
  afterBatch: createUpdatePublisher(store, bus, logger, now),
  onBatch: () => void forwardCounts().catch(() => undefined),
});
const send = (message: FromThread) => port.postMessage(message);

// GET /metrics is served by the main thread: after each batch, what this thread's counters gained.
const counted = new Map<string, number>();
async function forwardCounts(): Promise<void> {
  let processed = 0;
  const dropped: Record<string, number> = {};
  for (const name of ['revpulse_ingest_events_processed_total', 'revpulse_ingest_events_dropped_total']) {
    for (const value of (await registry.getSingleMetric(name)?.get())?.values ?? []) {
      const key = `${name}|${String(value.labels.reason ?? '')}`;
      const gained = value.value - (counted.get(key) ?? 0);
      counted.set(key, value.value);
      if (gained <= 0) continue;
      if (name.endsWith('processed_total')) processed += gained;
      else dropped[String(value.labels.reason)] = gained;
    }
  }
  if (processed > 0 || Object.keys(dropped).length > 0) send({ type: 'counted', processed, dropped });
}

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'wake':
      worker.wake();
      return;
    case 'drain':
      worker.drain().then(
        (count) => send({ type: 'drained', id: message.id, count }),
        (error: unknown) => send({ type: 'drain-failed', id: message.id, message: error instanceof Error ? error.message : String(error) }),
      );
      return;
    case 'stop':
      void (async () => {
        await worker.stop();
        await store.close().catch((error: unknown) => logger.warn({ err: error }, 'closing the ingest thread database failed'));
        send({ type: 'stopped' });
        port.close();
      })();
      return;
  }
});

worker.start();
send({ type: 'ready', owner: worker.owner });
