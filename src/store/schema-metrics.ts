// Tables added by the metrics API and live feed work (migration 0004_metrics_api.sql).
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CustomerStatus } from '../core/customer-state.js';

type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Counter = ColumnType<number, number | undefined, number>;

export type MetricDaysTable = {
  workspace_id: string;
  day: string;
  currency: string;
  new: Counter;
  expansion: Counter;
  contraction: Counter;
  churn: Counter;
  reactivation: Counter;
  new_customers: Counter;
  reactivated_customers: Counter;
  churned_customers: Counter;
};

export type CohortDaysTable = {
  workspace_id: string;
  cohort: string;
  day: string;
  currency: string;
  mrr_delta: Counter;
  joined: Counter;
  paying_delta: Counter;
};

export type PlanLedgerEntriesTable = {
  workspace_id: string;
  customer_id: string;
  plan_id: string;
  currency: string;
  day: string;
  mrr: number;
  delta: number;
};

export type PlanDaysTable = {
  workspace_id: string;
  day: string;
  plan_id: string;
  currency: string;
  mrr_delta: Counter;
  customers_delta: Counter;
};

export type PlansTable = { workspace_id: string; plan_id: string; name: string };

export type PayingSpellsTable = { workspace_id: string; customer_id: string; start_day: string; end_day: string | null };

export type CustomerSummariesTable = {
  workspace_id: string;
  customer_id: string;
  name: string | null;
  email: string | null;
  country: string | null;
  customer_created_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  deleted: Generated<boolean>;
  status: CustomerStatus;
  currency: string | null;
  mrr: Counter;
  mrr_sort: Counter;
  mrr_by_currency: JSONColumnType<Record<string, number>, string, string>;
  plan_id: string | null;
  plan_name: string | null;
  subscriptions: Counter;
  signup_day: string | null;
  first_paid_day: string | null;
  cancel_scheduled: Generated<boolean>;
  next_change_day: string | null;
  as_of_day: string;
};

export type LiveOutboxTable = {
  id: Generated<number>;
  workspace_id: string;
  kind: string;
  data: JSONColumnType<Record<string, unknown>, string, string>;
  created_at: DefaultedTimestamp;
};

export type LiveTrimsTable = { workspace_id: string; through_seq: number };

export type MetricsDatabase = {
  metric_days: MetricDaysTable;
  cohort_days: CohortDaysTable;
  plan_ledger_entries: PlanLedgerEntriesTable;
  plan_days: PlanDaysTable;
  plans: PlansTable;
  paying_spells: PayingSpellsTable;
  customer_summaries: CustomerSummariesTable;
  live_outbox: LiveOutboxTable;
  live_trims: LiveTrimsTable;
};
