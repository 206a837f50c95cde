// Applies each workspace's retention policy (src/compliance/retention.ts) every day at 03:41 UTC —
// a quiet minute, away from the hour's other jobs — and once two minutes after start, one instance
// at a time (an advisory lock on PostgreSQL; an instance that finds it held skips the run).
import { Cron } from 'croner';
import { runRetention, type WorkspaceRetention } from '../compliance/retention.js';
import type { BackgroundJob, OperationsJobDeps } from './background-job.js';
import { lockedRun } from './locked-run.js';

export const RETENTION_CRON = '0 41 3 * * *';
export const FIRST_RUN_DELAY_MS = 2 * 60_000;

export type RetentionJob = BackgroundJob & {
  /** One run over every workspace with a policy ([] when another instance holds the lock). */
  run(): Promise<WorkspaceRetention[]>;
};

export function createRetentionJob(deps: OperationsJobDeps): RetentionJob {
  let cron: Cron | null = null;
  let first: NodeJS.Timeout | null = null;
  const retention = lockedRun(deps.store, 'retention:run', [] as WorkspaceRetention[], async () => {
    const results = await runRetention({ store: deps.store, logger: deps.logger, now: deps.now, auth: deps.config.auth });
    const failed = results.filter((r) => r.status === 'failed').length;
    if (results.length > 0) deps.logger.info({ workspaces: results.length, failed }, 'retention policies applied');
    return results;
  });
  const safeRun = () => retention.run().catch((error: unknown) => deps.logger.warn({ err: error }, 'the retention run failed'));
  return {
    run: () => retention.run(),
    start() {
      cron = new Cron(RETENTION_CRON, { timezone: 'UTC', unref: true, protect: true }, () => void safeRun());
      first = setTimeout(() => void safeRun(), FIRST_RUN_DELAY_MS);
      first.unref();
    },
    async stop() {
      cron?.stop();
      if (first) clearTimeout(first);
      await retention.settle();
    },
    settle: () => retention.settle(),
  };
}
