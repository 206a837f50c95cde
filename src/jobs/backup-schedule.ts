// Writes scheduled backups to REVPULSE_BACKUP_DIR and keeps the newest REVPULSE_BACKUP_KEEP.
// (Scaffold: the issue 17 work fills this in.)
import type { BackgroundJob, OperationsJobDeps } from './background-job.js';

export function createBackupScheduleJob(deps: OperationsJobDeps): BackgroundJob {
  void deps;
  return {
    start: () => undefined,
    stop: async () => undefined,
    settle: async () => undefined,
  };
}
