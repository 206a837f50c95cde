// Ingestion off the HTTP event loop. On PostgreSQL the server runs its ingest worker in a worker
// thread (ingest-thread-entry.ts) with its own pool: a webhook's answer then waits only for its
// own insert, never behind a batch's transforms and ledger recomputes, and the two cores are both
// used. This file is the main thread's side: an IngestWorker-shaped facade (wake, drain, start,
// stop) that talks to the thread by message. A thread that dies is logged and started again
// (its events stay queued in the database; their leases run out or are taken back at restart);
// drains asked meanwhile are asked again of the new thread. The embedded database (PGlite, one
// connection in this process) keeps the in-process worker.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../logger.js';
import type { IngestWorker } from './pipeline.js';
import { recordEventsProcessed } from '../observability/metrics.js';

export type ThreadData = {
  databaseUrl: string;
  logLevel: string;
  /** The thread's clock is the process clock plus this (0 unless the server was given a clock). */
  clockOffsetMs: number;
  leaseSeconds?: number;
  batchSize?: number;
  pollIntervalMs?: number;
};
export type ToThread = { type: 'wake' } | { type: 'drain'; id: number } | { type: 'stop' };
export type FromThread =
  | { type: 'ready'; owner: string }
  | { type: 'drained'; id: number; count: number }
  | { type: 'drain-failed'; id: number; message: string }
  /** What the thread's ingest counters gained (GET /metrics is served by the main thread). */
  | { type: 'counted'; processed: number; dropped: Record<string, number> }
  | { type: 'stopped' };

export type ThreadedIngestWorker = IngestWorker & {
  /** How many times the thread was started again after dying. */
  readonly restarts: number;
  /** Ends the current thread abruptly, as a crash would (tests of the restart). */
  crashForTest(): Promise<void>;
};

const STOP_DEADLINE_MS = 30_000;

/** Code that starts the entry module in a new thread, compiling TypeScript on the fly when the
 *  source runs as TypeScript (tsx, vitest) and importing it directly once built. */
function bootstrap(): string {
  const self = new URL(import.meta.url);
  const typescript = self.pathname.endsWith('.ts');
  const entry = new URL(`./ingest-thread-entry.${typescript ? 'ts' : 'js'}`, self).href;
  if (!typescript) return `import(${JSON.stringify(entry)});`;
  // The ESM build of tsx's API (its CommonJS one cannot register hooks from an eval'd thread).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}

export function createThreadedIngestWorker(options: { data: ThreadData; logger: Logger }): ThreadedIngestWorker {
  const { logger } = options;
  const code = bootstrap();
  const pending = new Map<number, { resolve: (count: number) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let thread: Worker | null = null;
  let owner = '';
  let restarts = 0;
  let failuresInRow = 0;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | null = null;
  let exited: Promise<void> = Promise.resolve();
  let wakeQueued = false;

  const post = (message: ToThread) => thread?.postMessage(message);

  const spawn = () => {
    const current = new Worker(code, { eval: true, workerData: options.data, name: 'revpulse-ingest' });
    thread = current;
    let announceExit: () => void = () => undefined;
    exited = new Promise<void>((resolve) => (announceExit = resolve));
    current.on('message', (message: FromThread) => {
      switch (message.type) {
        case 'ready':
          owner = message.owner;
          failuresInRow = 0;
          return;
        case 'drained':
          pending.get(message.id)?.resolve(message.count);
          pending.delete(message.id);
          return;
        case 'drain-failed':
          pending.get(message.id)?.reject(new Error(message.message));
          pending.delete(message.id);
          return;
        case 'counted':
          recordEventsProcessed(message.processed, message.dropped);
          return;
        case 'stopped':
          return;
      }
    });
    current.on('error', (error) => logger.error({ err: error }, 'the ingest thread failed'));
    current.on('exit', (code) => {
      announceExit();
      if (thread === current) thread = null;
      if (stopping) {
        for (const { reject } of pending.values()) reject(new Error('the ingest worker stopped'));
        pending.clear();
        return;
      }
      // Died: start again (backing off while it keeps dying) and ask the new thread for the
      // drains the old one never answered.
      failuresInRow += 1;
      const delay = Math.min(250 * 2 ** (failuresInRow - 1), 10_000);
      logger.error({ exitCode: code, restartInMs: delay }, 'the ingest thread ended unexpectedly; starting it again (events stay queued)');
      restartTimer = setTimeout(() => {
        restartTimer = null;
        if (stopping) return;
        restarts += 1;
        spawn();
        for (const id of pending.keys()) post({ type: 'drain', id });
      }, delay);
      restartTimer.unref();
    });
  };

  return {
    get owner() {
      return owner;
    },
    get restarts() {
      return restarts;
    },
    drain() {
      if (stopping) return Promise.reject(new Error('the ingest worker stopped'));
      const id = nextId++;
      return new Promise<number>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        post({ type: 'drain', id }); // none while restarting: the new thread is asked at spawn
      });
    },
    // Webhooks arrive by the hundred a second: one wake per turn of the event loop is enough.
    wake: () => {
      if (wakeQueued) return;
      wakeQueued = true;
      setImmediate(() => {
        wakeQueued = false;
        post({ type: 'wake' });
      });
    },
    start() {
      if (thread || restartTimer) return;
      stopping = false;
      spawn();
    },
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      restartTimer = null;
      const current = thread;
      if (!current) return;
      current.postMessage({ type: 'stop' } satisfies ToThread);
      const deadline = setTimeout(() => {
        logger.error('the ingest thread did not stop in time; ending it');
        void current.terminate();
      }, STOP_DEADLINE_MS);
      await exited;
      clearTimeout(deadline);
    },
    async crashForTest() {
      await thread?.terminate();
    },
  };
}
