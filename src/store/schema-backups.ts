// Tables of migration 0022: backup history (installation-wide, no workspace_id; issue 17).
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export const BACKUP_KINDS = ['manual', 'scheduled'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];
export type BackupStatus = 'completed' | 'failed';

export type BackupRunsTable = {
  run_id: string;
  kind: BackupKind;
  status: BackupStatus;
  requested_by: string;
  started_at: Timestamp;
  finished_at: Timestamp;
  file: string;
  bytes: number | null;
  sha256: string | null;
  schema_version: string | null;
  table_count: number | null;
  row_count: number | null;
  error: string | null;
};

export type BackupsDatabase = { backup_runs: BackupRunsTable };
