// Tables of migration 0023: outgoing webhook endpoints, deliveries and their attempts (issue 17).
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'disabled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type WebhookEndpointsTable = {
  workspace_id: string;
  endpoint_id: string;
  url: string;
  description: string | null;
  event_types: Json<string[]>;
  secret_enc: string;
  enabled: Generated<boolean>;
  disabled_at: Timestamp | null;
  disabled_reason: string | null;
  failing_since: Timestamp | null;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
};

export type WebhookDeliveriesTable = {
  workspace_id: string;
  delivery_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
};

export type WebhookDeliveryAttemptsTable = {
  workspace_id: string;
  attempt_id: string;
  delivery_id: string;
  number: number;
  attempted_at: Timestamp;
  manual: Generated<boolean>;
  request_headers: Json<Record<string, string>>;
  request_body: string;
  response_status: number | null;
  response_headers: ColumnType<Record<string, string> | null, string | null, string | null>;
  response_body: string | null;
  duration_ms: number;
  error: string | null;
};

export type OutgoingWebhooksDatabase = {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable;
};
