// Scheduled backups: on REVPULSE_BACKUP_SCHEDULE (a cron expression in UTC, or 'off'), a backup
// into REVPULSE_BACKUP_DIR with a timestamped name, the newest REVPULSE_BACKUP_KEEP kept, each run
// in the backup history. One instance at a time across instances sharing PostgreSQL (an advisory
// lock; the others skip that tick). Nothing runs at start: the first backup is at the first tick.
import { Cron } from 'croner';
import { runBackup, type BackupOutcome } from '../operations/backup/run-backup.js';
import type { BackgroundJob, OperationsJobDeps } from './background-job.js';
import { lockedRun } from './locked-run.js';

export type BackupScheduleJob = BackgroundJob & {
  /** One scheduled backup now; null when another instance is making one. */
  run(): Promise<BackupOutcome | null>;
};

export function createBackupScheduleJob(deps: OperationsJobDeps): BackupScheduleJob {
  const { schedule } = deps.config.backups;
  let job: Cron | null = null;
  const backup = lockedRun<BackupOutcome | null>(deps.store, 'backups:scheduled', null, () =>
    runBackup({ store: deps.store, config: deps.config, kind: 'scheduled', requestedBy: 'schedule', now: deps.now }),
  );
  const safeRun = () =>
    backup
      .run()
      .then((run) => {
        if (run) deps.logger.info({ file: run.file, bytes: run.bytes, rows: run.rows, pruned: run.pruned.length }, 'scheduled backup written');
      })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'scheduled backup failed (see Settings → Backups)'));
  return {
    run: () => backup.run(),
    start() {
      if (schedule === 'off') return;
      job = new Cron(schedule, { timezone: 'UTC', unref: true, protect: true }, () => void safeRun());
    },
    async stop() {
      job?.stop();
      job = null;
      await backup.settle();
    },
    settle: () => backup.settle(),
  };
}
