// Kysely's view of the tables in migrations/*.sql. Keep the two in step: a migration that adds
// a column adds it here too (the store tests run every repository against the real schema).
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { AccountsDatabase } from './schema-accounts.js';
import type { SyncDatabase } from './schema-sync.js';
import type { MetricsDatabase } from './schema-metrics.js';
import type { SavedFiltersDatabase } from './schema-saved-filters.js';
import type { AnnotationsDatabase } from './schema-annotations.js';
import type { SuccessDatabase } from './schema-success.js';
import type { DemoSignalsDatabase } from './schema-demo-signals.js';
import type { TrackingDatabase } from './schema-tracking.js';
import type { AlertsDatabase } from './schema-alerts.js';
import type { SourcesDatabase } from './schema-sources.js';
import type { IdentityDatabase } from './schema-identity.js';
import type { ReportsDatabase } from './schema-reports.js';
import type { ComplianceDatabase } from './schema-compliance.js';
import type { RetentionDatabase } from './schema-retention.js';
import type { BackupsDatabase } from './schema-backups.js';
import type { OutgoingWebhooksDatabase } from './schema-webhooks-out.js';
import type { SsoDatabase } from './schema-sso.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export type WorkspacesTable = {
  workspace_id: string;
  name: string;
  slug: string;
  reporting_currency: Generated<string>;
  preset: Generated<'default' | 'stripe' | 'chartmogul'>;
  is_demo: Generated<boolean>;
  mrr_target: number | null;
  created_at: DefaultedTimestamp;
};

/** 'file': a file of Stripe events; 'import': a subscription file (docs/import.md). */
export const SOURCE_PROVIDERS = ['stripe', 'paypal', 'file', 'import'] as const;
export type SourceProvider = (typeof SOURCE_PROVIDERS)[number];

export type SourcesTable = {
  workspace_id: string;
  source_id: string;
  provider: SourceProvider;
  name: string;
  mode: Generated<'test' | 'live'>;
  /** Provider settings that are not secrets (PayPal: clientId, webhookId, sandbox). */
  config: ColumnType<Record<string, unknown>, string | undefined, string>;
  webhook_secret_enc: string | null;
  api_key_enc: string | null;
  status: Generated<string>;
  sync_cursor: string | null;
  last_synced_at: Timestamp | null;
  last_event_at: Timestamp | null;
  last_error: string | null;
  created_at: DefaultedTimestamp;
};

export type RawEventsTable = {
  workspace_id: string;
  source_id: string;
  event_id: string;
  type: string;
  event_created: Timestamp;
  livemode: boolean;
  payload: Json<object>;
  received_at: DefaultedTimestamp;
  processed_at: Timestamp | null;
  drop_reason: string | null;
  drop_detail: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: Timestamp | null;
  next_attempt_at: Timestamp | null;
  dead_at: Timestamp | null;
};

type VersionedRecord = { record: Json<object>; version_at: number; version_rank: Generated<number> };

export type CustomersTable = VersionedRecord & {
  workspace_id: string;
  customer_id: string;
  source_id: string;
  email: string | null;
  name: string | null;
  country: string | null;
  currency: string | null;
  created_at: Timestamp | null;
  deleted: Generated<boolean>;
};

export type SubscriptionSnapshotsTable = {
  workspace_id: string;
  subscription_id: string;
  effective_at: number;
  event_id: string;
  source_id: string;
  customer_id: string;
  state: Json<object>;
  unresolved_discount_ids: Json<string[]>;
  unresolved_tier_price_ids: Json<string[]>;
};

export type DiscountsTable = VersionedRecord & {
  workspace_id: string;
  discount_id: string;
  customer_id: string | null;
  subscription_id: string | null;
  deleted: Generated<boolean>;
};

export type CouponsTable = VersionedRecord & { workspace_id: string; coupon_id: string };
export type InvoicePaymentsTable = VersionedRecord & {
  workspace_id: string;
  invoice_payment_id: string;
  invoice_id: string;
  payment_id: string | null;
};
export type ProductsTable = VersionedRecord & { workspace_id: string; product_id: string; name: string | null };
export type PricesTable = VersionedRecord & { workspace_id: string; price_id: string; product_id: string | null };

export type InvoicesTable = VersionedRecord & {
  workspace_id: string;
  invoice_id: string;
  customer_id: string | null;
  subscription_id: string | null;
  status: string | null;
  currency: string;
  total: number;
  amount_paid: number;
  created_at: Timestamp;
};

export type PaymentsTable = VersionedRecord & {
  workspace_id: string;
  payment_id: string;
  customer_id: string | null;
  invoice_id: string | null;
  status: string;
  currency: string;
  amount: number;
  amount_refunded: Generated<number>;
  failure_code: string | null;
  created_at: Timestamp;
};

type MoneyEventTable = VersionedRecord & {
  workspace_id: string;
  status: string | null;
  currency: string;
  amount: number;
  created_at: Timestamp;
};
export type RefundsTable = MoneyEventTable & { refund_id: string; payment_id: string | null };
export type DisputesTable = MoneyEventTable & { dispute_id: string; payment_id: string | null };
export type CreditNotesTable = MoneyEventTable & {
  credit_note_id: string;
  invoice_id: string | null;
  customer_id: string | null;
};

export type LedgerEntriesTable = {
  workspace_id: string;
  customer_id: string;
  day: string;
  currency: string;
  mrr: number;
  delta: number;
  movement: 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';
  cause_event_id: string;
};

export type LedgerPendingTable = {
  workspace_id: string;
  customer_id: string;
  mark: Generated<number>;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp | null;
  dead_at: Timestamp | null;
};

export type TrialsTable = {
  workspace_id: string;
  subscription_id: string;
  customer_id: string;
  started_day: string;
  converted_day: string | null;
  trial_end_day: string | null;
  ended_day: string | null;
};

export type FxRatesTable = {
  workspace_id: string;
  currency: string;
  quote_currency: string;
  day: string;
  rate: ColumnType<string, string, string>;
  source: Generated<string>;
  updated_at: Timestamp | null;
};

export type RebuildJobsTable = {
  workspace_id: string;
  job_id: string;
  reason: string;
  status: string;
  done: Generated<number>;
  total: number | null;
  error: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
};

export type FxFetchesTable = {
  workspace_id: string;
  source: string;
  fetched_at: Timestamp | null;
  rates_stored: Generated<number>;
  last_error: string | null;
  last_error_at: Timestamp | null;
};

export type LiveMessagesTable = {
  seq: Generated<number>;
  workspace_id: string;
  type: string;
  payload: Json<object>;
  created_at: DefaultedTimestamp;
};

export type MigrationsTable = {
  version: string;
  name: string;
  checksum: string;
  applied_at: DefaultedTimestamp;
};

/** Tables of the core schema (migration 0001). Later areas add theirs with `&`. */
export type CoreDatabase = {
  workspaces: WorkspacesTable;
  sources: SourcesTable;
  raw_events: RawEventsTable;
  customers: CustomersTable;
  subscription_snapshots: SubscriptionSnapshotsTable;
  discounts: DiscountsTable;
  coupons: CouponsTable;
  invoice_payments: InvoicePaymentsTable;
  products: ProductsTable;
  prices: PricesTable;
  invoices: InvoicesTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  disputes: DisputesTable;
  credit_notes: CreditNotesTable;
  ledger_entries: LedgerEntriesTable;
  ledger_pending: LedgerPendingTable;
  trials: TrialsTable;
  fx_rates: FxRatesTable;
  fx_fetches: FxFetchesTable;
  rebuild_jobs: RebuildJobsTable;
  live_messages: LiveMessagesTable;
  revpulse_migrations: MigrationsTable;
};

export type Database = CoreDatabase & SyncDatabase & AccountsDatabase & MetricsDatabase & SavedFiltersDatabase & AnnotationsDatabase & SuccessDatabase & TrackingDatabase & AlertsDatabase & DemoSignalsDatabase & ReportsDatabase & SourcesDatabase & IdentityDatabase & ComplianceDatabase & RetentionDatabase & BackupsDatabase & OutgoingWebhooksDatabase & SsoDatabase;
