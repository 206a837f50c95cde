// Tables of migration 0021: GDPR requests, retention policies and retention runs (issue 17).
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export const GDPR_REQUEST_KINDS = ['export', 'anonymise', 'delete'] as const;
export type GdprRequestKind = (typeof GDPR_REQUEST_KINDS)[number];
export const GDPR_REQUEST_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;
export type GdprRequestStatus = (typeof GDPR_REQUEST_STATUSES)[number];

export type GdprRequestsTable = {
  workspace_id: string;
  request_id: string;
  kind: GdprRequestKind;
  customer_id: string;
  status: Generated<GdprRequestStatus>;
  requested_by_type: 'user' | 'api_key' | 'cli' | 'system';
  requested_by_id: string | null;
  requested_by_label: string;
  requested_at: DefaultedTimestamp;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  error: string | null;
  pseudonym: string | null;
  result: Generated<Json<Record<string, unknown>>>;
  artifact: Uint8Array | null;
  artifact_expires_at: Timestamp | null;
};

export type RetentionPoliciesTable = {
  workspace_id: string;
  raw_payload_days: number | null;
  usage_raw_days: number | null;
  audit_days: number | null;
  security_days: number | null;
  export_days: Generated<number>;
  updated_by: string | null;
  updated_at: DefaultedTimestamp;
};

export type RetentionRunsTable = {
  workspace_id: string;
  run_id: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  status: 'running' | 'completed' | 'failed';
  counts: Generated<Json<Record<string, number>>>;
  error: string | null;
};

export type ComplianceDatabase = {
  gdpr_requests: GdprRequestsTable;
  retention_policies: RetentionPoliciesTable;
  retention_runs: RetentionRunsTable;
};
