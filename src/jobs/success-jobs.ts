// Customer success's background work, started and stopped with the server: signal roll-ups,
// daily health snapshots, churn-model training and scoring, alert evaluation and delivery — and
// the report scheduler (issue 14), which shares their start, stop and settle.
import type { BackgroundJob, SuccessJobDeps } from './background-job.js';
import { createSignalRollupJob } from './signal-rollup.js';
import { createHealthSnapshotJob } from './health-snapshots.js';
import { createChurnModelJob } from './churn-model.js';
import { createAlertsJob } from './alerts.js';
import { createReportScheduler } from './report-scheduler.js';

export type SuccessJobs = BackgroundJob & { wakeSignals(): void; wakeReports(): void };

export function createSuccessJobs(deps: SuccessJobDeps): SuccessJobs {
  const rollup = createSignalRollupJob(deps);
  const reports = createReportScheduler(deps);
  const jobs: BackgroundJob[] = [rollup, createHealthSnapshotJob(deps), createChurnModelJob(deps), createAlertsJob(deps), reports];
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
    wakeReports: () => reports.wake(),
  };
}
