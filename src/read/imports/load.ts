// The import history (GET /v1/imports, Settings → Sources): a workspace's latest subscription
// imports, newest first, with the name of the source each went to.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { ImportRunView } from './contract.js';

export const IMPORT_HISTORY_LIMIT = 50;

export async function loadImportHistory(db: Kysely<Database>, workspaceId: string, limit = IMPORT_HISTORY_LIMIT): Promise<ImportRunView[]> {
  const rows = await db
    .selectFrom('imports as i')
    .leftJoin('sources as s', (join) => join.onRef('s.workspace_id', '=', 'i.workspace_id').onRef('s.source_id', '=', 'i.source_id'))
    .select([
      'i.import_id', 'i.source_id', 's.name as source_name', 'i.file_name', 'i.format', 'i.dry_run', 'i.status', 'i.rows_total', 'i.rows_valid', 'i.rows_invalid',
      'i.events_new', 'i.events_changed', 'i.created_by', 'i.created_at', 'i.finished_at',
    ])
    .where('i.workspace_id', '=', workspaceId)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.import_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    importId: r.import_id,
    sourceId: r.source_id,
    // A removed source keeps its imports in the history: they show under its id.
    sourceName: r.source_name ?? r.source_id,
    fileName: r.file_name,
    format: r.format,
    dryRun: r.dry_run,
    status: r.status,
    rows: r.rows_total,
    valid: r.rows_valid,
    invalid: r.rows_invalid,
    eventsNew: r.events_new,
    eventsChanged: r.events_changed,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    finishedAt: r.finished_at === null ? null : new Date(r.finished_at).toISOString(),
  }));
}
