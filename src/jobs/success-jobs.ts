// Customer success's background work, started and stopped with the server: signal roll-ups,
// daily health snapshots, churn-model training and scoring, alert evaluation and delivery.
import type { BackgroundJob, SuccessJobDeps } from './background-job.js';
import { createSignalRollupJob } from './signal-rollup.js';
import { createHealthSnapshotJob } from './health-snapshots.js';
import { createChurnModelJob } from './churn-model.js';
import { createAlertsJob } from './alerts.js';

export type SuccessJobs = BackgroundJob & { wakeSignals(): void };

export function createSuccessJobs(deps: SuccessJobDeps): SuccessJobs {
  const rollup = createSignalRollupJob(deps);
  const jobs: BackgroundJob[] = [rollup, createHealthSnapshotJob(deps), createChurnModelJob(deps), createAlertsJob(deps)];
  return {
    start() {
      for (const job of jobs) job.start();
    },
    async stop() {
      for (const job of jobs) await job.stop();
    },
    async settle() {
      for (const job of jobs) await job.settle();
    },
    wakeSignals: () => rollup.wake(),
  };
}
