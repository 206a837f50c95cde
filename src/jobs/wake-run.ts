// A job's wake: a wake needs a run that starts after it (a run under way may have passed the new
// row already), so it waits for that run and then runs once more — once, however many wakes came
// meanwhile. Used by the jobs that are woken when a route queues work (GDPR requests, reports).
import type { LockedRun } from './locked-run.js';

export type WakeRun = {
  wake(): void;
  /** Waits for the wakes under way (their errors went to onError). */
  settle(): Promise<void>;
};

export function wakeRun(run: LockedRun<unknown>, options: { stopped: () => boolean; onError: (error: unknown) => void }): WakeRun {
  let waking: Promise<void> | null = null;
  let again = false;
  return {
    wake() {
      if (options.stopped()) return;
      if (waking) {
        again = true;
        return;
      }
      waking = (async () => {
        do {
          again = false;
          await run.settle();
          await run.run();
        } while (again && !options.stopped());
      })()
        .catch(options.onError)
        .finally(() => (waking = null));
    },
    async settle() {
      await waking;
    },
  };
}
