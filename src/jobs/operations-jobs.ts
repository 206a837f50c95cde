// The scheduled jobs of issue 17 (trust and operations), started and stopped together by the
// server: the GDPR request queue, retention, scheduled backups and outgoing webhook deliveries.
import type { BackgroundJob, OperationsJobDeps } from './background-job.js';
import { createBackupScheduleJob } from './backup-schedule.js';
import { createGdprRequestJob } from './gdpr-requests.js';
import { createOutgoingWebhookJob } from './outgoing-webhooks.js';
import { createRetentionJob } from './retention.js';

export type OperationsJobs = BackgroundJob & {
  /** A GDPR request was queued: process it now (the job also polls). */
  wakeGdpr(): void;
  /** Outgoing webhook deliveries were queued: send them now (the job also polls). */
  wakeWebhooks(): void;
};

export function createOperationsJobs(deps: OperationsJobDeps): OperationsJobs {
  const gdpr = createGdprRequestJob(deps);
  const webhooks = createOutgoingWebhookJob(deps);
  const jobs: BackgroundJob[] = [gdpr, webhooks, createRetentionJob(deps), createBackupScheduleJob(deps)];
  return {
    start: () => jobs.forEach((job) => job.start()),
    async stop() {
      await Promise.all(jobs.map((job) => job.stop()));
    },
    async settle() {
      await Promise.all(jobs.map((job) => job.settle()));
    },
    wakeGdpr: () => gdpr.wake(),
    wakeWebhooks: () => webhooks.wake(),
  };
}
