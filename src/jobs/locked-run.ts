// A scheduled job's run: one at a time in this process (a call while one is under way joins it),
// and one instance at a time across instances sharing PostgreSQL (an advisory lock, see
// src/store/source-lock.ts). An instance that finds the lock held skips the run and gets `skipped`.
import type { Store } from '../store/db.js';
import { withSourceLock } from '../store/source-lock.js';
import { observeJob } from '../observability/metrics.js';

export type LockedRun<T> = {
  run(): Promise<T>;
  /** Waits for a run under way (its error is the caller's of run()). */
  settle(): Promise<void>;
};

export function lockedRun<T>(store: Store, lockKey: string, skipped: T, work: () => Promise<T>): LockedRun<T> {
  let running: Promise<T> | null = null;
  return {
    run() {
      running ??= (async () => {
        const result = await withSourceLock(store, lockKey, () => observeJob(lockKey, work)); // runs and failures, by lock key
        return result.acquired ? result.value : skipped;
      })().finally(() => (running = null));
      return running;
    },
    async settle() {
      await running?.catch(() => undefined);
    },
  };
}
