// Tables and columns added by the tracking roll-up (migration 0012_signal_rollup.sql).
import type { ColumnType } from 'kysely';

/** Why a stored tracking message was not counted (it stays in signal_events, marked rolled up). */
export type SignalDropReason = 'anonymous' | 'held_too_long' | 'held_over_cap';

/** The columns 0012 adds to signal_events (merged with its 0011 shape by `&`). */
export type SignalEventsHoldColumns = {
  held_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  drop_reason: ColumnType<SignalDropReason | null, SignalDropReason | null | undefined, SignalDropReason | null>;
};

export type UsageDailyUsersTable = {
  workspace_id: string;
  account_id: string;
  /** YYYY-MM-DD */
  day: string;
  event: string;
  user_id: string;
};

export type TrackingDatabase = {
  signal_events: SignalEventsHoldColumns;
  usage_daily_users: UsageDailyUsersTable;
};
