// Processes queued GDPR requests (export, anonymise, delete: src/compliance/gdpr-queue.ts), every
// few seconds and at once on wake() (a request was queued). One drain at a time across instances
// (lockedRun on 'gdpr:requests', a PostgreSQL advisory lock), one request at a time within it —
// and each row is claimed with `for update skip locked` besides. A row left in processing by an
// instance that stopped is taken again once it is older than `staleAfterMs`; the embedded
// database is one process, so there such a row is taken again at the first drain after start.
// Each drain also drops export ZIPs past their expiry.
import { processNextGdprRequest } from '../compliance/gdpr-queue.js';
import { dropExpiredGdprExports } from '../store/gdpr-requests-repo.js';
import type { BackgroundJob, OperationsJobDeps } from './background-job.js';
import { lockedRun } from './locked-run.js';
import { wakeRun } from './wake-run.js';

export const GDPR_POLL_MS = 5_000;
/** How long a request may stay in processing before another instance takes it over. */
export const GDPR_STALE_MS = 15 * 60_000;
/** Requests one drain processes at most (the next poll goes on). */
const DRAIN_LIMIT = 50;

export type GdprRequestJob = BackgroundJob & {
  /** A request was queued: drain now (in the background). */
  wake(): void;
  /** One drain now: the requests processed (0 when another instance held the lock). */
  drain(): Promise<number>;
};

export function createGdprRequestJob(deps: OperationsJobDeps, options: { pollMs?: number; staleAfterMs?: number } = {}): GdprRequestJob {
  const { store, logger, now } = deps;
  const staleAfterMs = options.staleAfterMs ?? GDPR_STALE_MS;
  let recoverAll = store.kind === 'pglite';

  const draining = lockedRun(store, 'gdpr:requests', 0, async () => {
    const dropped = await dropExpiredGdprExports(store.db, now());
    if (dropped > 0) logger.info({ dropped }, 'expired GDPR exports dropped');
    const staleBefore = recoverAll ? new Date('9999-12-31T00:00:00Z') : new Date(now().getTime() - staleAfterMs);
    recoverAll = false;
    let processed = 0;
    while (processed < DRAIN_LIMIT) {
      const request = await processNextGdprRequest(store.db, { now, staleBefore });
      if (!request) break;
      processed += 1;
      logger.info({ requestId: request.id, workspaceId: request.workspaceId, kind: request.kind, status: request.status }, 'GDPR request processed');
    }
    return processed;
  });

  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  const waking = wakeRun(draining, { stopped: () => stopped, onError: (error) => logger.warn({ err: error }, 'processing GDPR requests failed') });
  const wake = () => waking.wake();

  return {
    wake,
    drain: () => draining.run(),
    start() {
      stopped = false;
      timer = setInterval(wake, options.pollMs ?? GDPR_POLL_MS);
      timer.unref();
      wake();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await waking.settle();
      await draining.settle();
    },
    async settle() {
      await waking.settle();
      await draining.settle();
    },
  };
}
