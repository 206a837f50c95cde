// Tables added by the Stripe connection work (migration 0002_sync.sql).
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Where one object type's listing stopped in a backfill. */
export type BackfillCursor = {
  after: string | null;
  done: boolean;
  count: number;
  total: number | null;
  /** Events only: the oldest event time listed (where reconstructed history stops). */
  oldest?: number | null;
};
export type BackfillCursors = Record<string, BackfillCursor>;

export type SourceSyncStateTable = {
  workspace_id: string;
  source_id: string;
  backfill_status: Generated<'none' | 'running' | 'done' | 'failed'>;
  backfill_as_of: number | null;
  backfill_cutoff: number | null;
  backfill_cursors: ColumnType<BackfillCursors, string | undefined, string>;
  backfill_started_at: Timestamp | null;
  backfill_finished_at: Timestamp | null;
  running_kind: 'full' | 'incremental' | null;
  running_since: Timestamp | null;
};

export type SyncStagingTable = {
  workspace_id: string;
  source_id: string;
  object_type: 'subscription' | 'invoice' | 'charge' | 'price';
  object_id: string;
  parent_id: string | null;
  payload: JSONColumnType<Record<string, unknown>, string, string>;
};

export type SyncDatabase = {
  source_sync_state: SourceSyncStateTable;
  sync_staging: SyncStagingTable;
};
