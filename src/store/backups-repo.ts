// The backup history (table backup_runs, installation-wide): one row per backup written.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { BackupKind, BackupStatus } from './schema-backups.js';

export type BackupRun = {
  id: string;
  kind: BackupKind;
  status: BackupStatus;
  requestedBy: string;
  startedAt: Date;
  finishedAt: Date;
  file: string;
  bytes: number | null;
  sha256: string | null;
  schemaVersion: string | null;
  tables: number | null;
  rows: number | null;
  error: string | null;
};

export async function recordBackupRun(db: Kysely<Database>, run: BackupRun): Promise<void> {
  await db
    .insertInto('backup_runs')
    .values({
      run_id: run.id,
      kind: run.kind,
      status: run.status,
      requested_by: run.requestedBy,
      started_at: run.startedAt,
      finished_at: run.finishedAt,
      file: run.file,
      bytes: run.bytes,
      sha256: run.sha256,
      schema_version: run.schemaVersion,
      table_count: run.tables,
      row_count: run.rows,
      error: run.error,
    })
    .execute();
}

export async function listBackupRuns(db: Kysely<Database>, limit = 50): Promise<BackupRun[]> {
  const rows = await db.selectFrom('backup_runs').selectAll().orderBy('started_at', 'desc').orderBy('run_id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.run_id,
    kind: r.kind,
    status: r.status,
    requestedBy: r.requested_by,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    file: r.file,
    bytes: r.bytes,
    sha256: r.sha256,
    schemaVersion: r.schema_version,
    tables: r.table_count,
    rows: r.row_count,
    error: r.error,
  }));
}
