// The table added by the demo's product signals (migration 0017_demo_signal_loads.sql).
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type DemoSignalLoadsTable = {
  workspace_id: string;
  seed: number;
  /** YYYY-MM-DD: the first day of the generated usage. */
  window_start: string;
  /** Nothing generated is dated after this instant. */
  loaded_until: Timestamp;
  updated_at: DefaultedTimestamp;
};

export type DemoSignalsDatabase = { demo_signal_loads: DemoSignalLoadsTable };
