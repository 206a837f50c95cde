// Tables added by the dashboard's saved filter presets (migration 0006_saved_filters.sql).
import type { ColumnType, JSONColumnType } from 'kysely';

type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type SavedFilterScope = 'customers';

export type SavedFiltersTable = {
  workspace_id: string;
  filter_id: string;
  scope: SavedFilterScope;
  name: string;
  filters: JSONColumnType<Record<string, unknown>, string, string>;
  created_by: string | null;
  created_by_label: string;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
};

export type SavedFiltersDatabase = { saved_filters: SavedFiltersTable };
