// The import history (migration 0019's `imports`): one row per run of a subscription import —
// what it read, what it changed, its first errors — scoped by workspace. (The history is read by
// src/read/imports/load.ts.)
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { ImportLineErrorRow } from './schema-sources.js';

export type ImportRunStatus = 'running' | 'completed' | 'failed' | 'refused';

/** At most this many errors are kept with a run. */
export const STORED_ERRORS = 200;

export type ImportRunCounts = { rows: number; valid: number; invalid: number; eventsNew: number; eventsChanged: number; errors: readonly ImportLineErrorRow[] };

export async function insertImportRun(
  db: Kysely<Database>,
  run: { workspaceId: string; importId: string; sourceId: string; fileName: string | null; format: 'csv' | 'jsonl'; dryRun: boolean; createdBy: string | null; status: ImportRunStatus; finished: boolean } & ImportRunCounts,
): Promise<void> {
  await db
    .insertInto('imports')
    .values({
      workspace_id: run.workspaceId,
      import_id: run.importId,
      source_id: run.sourceId,
      file_name: run.fileName,
      format: run.format,
      dry_run: run.dryRun,
      status: run.status,
      rows_total: run.rows,
      rows_valid: run.valid,
      rows_invalid: run.invalid,
      events_new: run.eventsNew,
      events_changed: run.eventsChanged,
      errors: JSON.stringify(run.errors.slice(0, STORED_ERRORS)),
      created_by: run.createdBy,
      finished_at: run.finished ? new Date() : null,
    })
    .execute();
}

export async function finishImportRun(db: Kysely<Database>, workspaceId: string, importId: string, status: Exclude<ImportRunStatus, 'running'>, counts: ImportRunCounts): Promise<void> {
  await db
    .updateTable('imports')
    .set({
      status,
      rows_total: counts.rows,
      rows_valid: counts.valid,
      rows_invalid: counts.invalid,
      events_new: counts.eventsNew,
      events_changed: counts.eventsChanged,
      errors: JSON.stringify(counts.errors.slice(0, STORED_ERRORS)),
      finished_at: new Date(),
    })
    .where('workspace_id', '=', workspaceId)
    .where('import_id', '=', importId)
    .execute();
}
