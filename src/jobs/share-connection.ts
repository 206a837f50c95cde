// Pacing for background jobs that work in batches. On the embedded database (PGlite) every
// request and every job share one connection, handed out first come, first served: a batch that
// queues a dozen statements at once makes a request's each statement wait behind all of them. So
// between two batches a job on PGlite rests as long as its last batch took (bounded), and the
// requests that queued meanwhile run on an idle connection; the job then takes at most about half
// the connection's time, and a request waits for one batch at most. On PostgreSQL (a pool of
// connections) a job only yields the event loop.
import type { Store } from '../store/db.js';

/** The longest rest between two batches. */
const MAX_REST_MS = 1_000;
/** The shortest: a request's few statements fit in it. */
const MIN_REST_MS = 15;

export type Pacer = {
  /** Call between two batches: rests (PGlite) or yields (PostgreSQL). */
  pace(): Promise<void>;
  /** Batches paced so far. */
  readonly rests: number;
};

export function createPacer(store: Pick<Store, 'kind'>): Pacer {
  let since = performance.now();
  let rests = 0;
  return {
    async pace() {
      rests += 1;
      const ms = store.kind === 'pglite' ? Math.min(MAX_REST_MS, Math.max(MIN_REST_MS, performance.now() - since)) : 0;
      await new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
      since = performance.now();
    },
    get rests() {
      return rests;
    },
  };
}
