// Tables of migration 0019: one customer across sources, and subscription imports.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DefaultedJson<T extends object | null> = JSONColumnType<T, string | undefined, string>;

export type CustomerIdentitiesTable = {
  workspace_id: string;
  customer_id: string;
  canonical_id: string;
  rule: 'email' | 'mapping';
  created_by: string | null;
  created_at: DefaultedTimestamp;
};

export type ImportLineErrorRow = { line: number; column: string | null; message: string };

export type ImportsTable = {
  workspace_id: string;
  import_id: string;
  source_id: string;
  file_name: string | null;
  format: 'csv' | 'jsonl';
  dry_run: Generated<boolean>;
  status: 'running' | 'completed' | 'failed' | 'refused';
  rows_total: Generated<number>;
  rows_valid: Generated<number>;
  rows_invalid: Generated<number>;
  events_new: Generated<number>;
  events_changed: Generated<number>;
  errors: DefaultedJson<ImportLineErrorRow[]>;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  finished_at: Timestamp | null;
};

export type SourcesDatabase = {
  customer_identities: CustomerIdentitiesTable;
  imports: ImportsTable;
};
