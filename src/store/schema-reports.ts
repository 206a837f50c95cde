// The tables of reports (migration 0018_reports.sql): custom report definitions, delivery
// schedules, and the delivery log (also the idempotency record of scheduled e-mails).
import type { ColumnType, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** jsonb written as JSON text, read back parsed. */
type Json<T extends object | null> = JSONColumnType<T, string, string>;
type DefaultedJson<T extends object | null> = JSONColumnType<T, string | undefined, string>;

export const REPORT_DELIVERY_STATUSES = ['pending', 'rendering', 'sending', 'sent', 'failed', 'interrupted'] as const;
export type ReportDeliveryStatus = (typeof REPORT_DELIVERY_STATUSES)[number];

export type CustomReportsTable = {
  workspace_id: string;
  report_id: string;
  name: string;
  /** A CustomReportDefinition (src/read/reports/contract.ts). */
  definition: Json<Record<string, unknown>>;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
};

export type ReportSchedulesTable = {
  workspace_id: string;
  schedule_id: string;
  report_key: string;
  cron: string;
  time_zone: Defaulted<string>;
  recipients: DefaultedJson<string[]>;
  formats: DefaultedJson<string[]>;
  enabled: Defaulted<boolean>;
  checked_until: DefaultedTimestamp;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
};

export type ReportDeliveriesTable = {
  workspace_id: string;
  delivery_id: string;
  schedule_id: string | null;
  report_key: string;
  period_key: string;
  as_of: Timestamp;
  recipients: Json<string[]>;
  formats: Json<string[]>;
  trigger: 'schedule' | 'manual';
  requested_by: string | null;
  status: Defaulted<ReportDeliveryStatus>;
  attempts: Defaulted<number>;
  next_attempt_at: DefaultedTimestamp;
  lease_until: Date | string | null;
  last_error: string | null;
  message_id: string | null;
  render_ms: number | null;
  bytes: number | null;
  sent_at: Date | string | null;
  created_at: DefaultedTimestamp;
};

export type ReportsDatabase = {
  custom_reports: CustomReportsTable;
  report_schedules: ReportSchedulesTable;
  report_deliveries: ReportDeliveriesTable;
};
