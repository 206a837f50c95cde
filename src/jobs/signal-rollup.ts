// Folds stored tracking messages into the per-account daily roll-ups (issue 13, signals in):
// every second, and 200 ms after a wake (the tracking routes wake it after storing), it rolls up
// batches until the queue is empty (src/ingest/segment/rollup.ts: one transaction per batch, so
// nothing is counted twice). Every minute it tends the held messages (released when their user
// was grouped, dropped after 7 days or beyond 200,000 per workspace), and every five minutes it
// tries the link rules again on the accounts still unlinked. One instance at a time (lockedRun).
// On the embedded database the batches are 500 messages and paced (see PGLITE_BATCH).
import { relinkUnlinked, rollUpAll, sweepHeldSignals, ROLLUP_BATCH, type RollupPass } from '../ingest/segment/rollup.js';
import type { BackgroundJob, SuccessJobDeps } from './background-job.js';
import { lockedRun } from './locked-run.js';
import { createPacer } from './share-connection.js';

export type SignalRollupJob = BackgroundJob & {
  /** Asks for a roll-up now (the tracking routes call it after storing messages). */
  wake(): void;
  /** One run: roll up until the queue is empty, with the upkeep when it is due (tests, bench). */
  run(): Promise<RollupPass>;
};

const POLL_MS = 1000;
/** A wake waits this long for more messages, so a stream of small requests rolls up in batches
 *  (one transaction per up to 2,000 messages) instead of one run per request. */
const WAKE_DELAY_MS = 200;
const SWEEP_MS = 60_000;
const RELINK_MS = 5 * 60_000;
/** Messages per run before yielding the lock (the next poll carries on). */
const MAX_MESSAGES = 100_000;
/** On the embedded database a batch is a quarter of the usual, and batches are paced
 *  (src/jobs/share-connection.ts): a dashboard request waits for one short transaction at most. */
const PGLITE_BATCH = ROLLUP_BATCH / 4;

const EMPTY: RollupPass = { claimed: 0, counted: 0, held: 0, dropped: 0, released: 0, linked: 0 };

export function createSignalRollupJob(deps: SuccessJobDeps): SignalRollupJob {
  let timer: NodeJS.Timeout | null = null;
  let wakeTimer: NodeJS.Timeout | null = null;
  let stopped = true;
  let again = false;
  let lastSweep = 0;
  let lastRelink = 0;
  const batchSize = deps.store.kind === 'pglite' ? PGLITE_BATCH : ROLLUP_BATCH;
  /** rollUpAll one batch at a time, paced: the same batches, with rests between them. */
  const rollUpPaced = async (): Promise<RollupPass> => {
    const pacer = createPacer(deps.store);
    const total: RollupPass = { ...EMPTY };
    for (let i = 0; i < MAX_MESSAGES / batchSize; i++) {
      const pass = await rollUpAll(deps.store, { now: deps.now, batchSize, maxBatches: 1 });
      for (const k of Object.keys(total) as Array<keyof RollupPass>) total[k] += pass[k];
      if (pass.claimed < batchSize && pass.released === 0) break;
      await pacer.pace();
    }
    return total;
  };
  const rollup = lockedRun(deps.store, 'signals:rollup', EMPTY, async () => {
    const pass = await rollUpPaced();
    const now = deps.now();
    if (now.getTime() - lastSweep >= SWEEP_MS) {
      lastSweep = now.getTime();
      const swept = await sweepHeldSignals(deps.store, now);
      if (swept.dropped > 0) deps.logger.info({ dropped: swept.dropped }, 'held tracking messages dropped: their users were never grouped');
      pass.released += swept.released;
    }
    if (now.getTime() - lastRelink >= RELINK_MS) {
      lastRelink = now.getTime();
      pass.linked += await relinkUnlinked(deps.store);
    }
    if (pass.claimed > 0) deps.logger.debug(pass, 'tracking messages rolled up');
    return pass;
  });
  // One loop at a time: a wake during a run (which may have claimed before the new messages were
  // stored) makes the loop go round once more instead of starting another.
  let loop: Promise<void> | null = null;
  const kick = (): Promise<void> => {
    again = true;
    loop ??= (async () => {
      while (again && !stopped) {
        again = false;
        await rollup.run().catch((error: unknown) => deps.logger.warn({ err: error }, 'rolling up tracking messages failed'));
      }
    })().finally(() => (loop = null));
    return loop;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void kick().finally(schedule), POLL_MS);
    timer.unref();
  };
  return {
    run: () => rollup.run(),
    start() {
      stopped = false;
      schedule();
    },
    wake() {
      if (stopped || wakeTimer) return;
      wakeTimer = setTimeout(() => {
        wakeTimer = null;
        void kick();
      }, WAKE_DELAY_MS);
      wakeTimer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (wakeTimer) clearTimeout(wakeTimer);
      await loop;
      await rollup.settle();
    },
    settle: () => rollup.settle(),
  };
}
