// Tables added by customer success (migration 0011_customer_success.sql): signals in, figures out.
import type { ColumnType, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** YYYY-MM-DD (DATE columns are read as strings, src/store/db.ts). */
type Day = string;

export type SignalType = 'track' | 'identify' | 'group' | 'page' | 'screen';
export type AccountLinkRule = 'customer_id' | 'external_id' | 'email_domain' | 'manual';
export type SignalSource = 'api' | 'csv' | 'demo';
export type TicketStatus = 'open' | 'pending' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export type SurveyKind = 'nps' | 'csat';
export type LimitPeriod = 'day' | 'month' | 'rolling_30_days';
export type HealthBand = 'high_risk' | 'medium' | 'healthy';
export type AlertRuleKind = 'health_below' | 'risk_above' | 'payment_failed' | 'usage_drop' | 'limit_near' | 'trial_ending_inactive';
export type AlertStatus = 'open' | 'acknowledged' | 'snoozed' | 'cleared';
export type DeliveryChannel = 'email' | 'webhook';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export type SignalEventsTable = {
  workspace_id: string;
  message_id: string;
  type: SignalType;
  event: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  group_id: string | null;
  occurred_at: Timestamp;
  received_at: DefaultedTimestamp;
  payload: Json<Record<string, unknown>>;
  rolled_up_at: Date | null;
};

export type CsAccountsTable = {
  workspace_id: string;
  account_id: string;
  name: string | null;
  traits: ColumnType<Record<string, unknown>, string | undefined, string>;
  customer_id: string | null;
  link_rule: AccountLinkRule | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
};

export type CsUsersTable = {
  workspace_id: string;
  user_id: string;
  account_id: string | null;
  email: string | null;
  traits: ColumnType<Record<string, unknown>, string | undefined, string>;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
};

export type UsageDailyTable = {
  workspace_id: string;
  account_id: string;
  day: Day;
  event: string;
  events: number;
  quantity: number;
  users: number;
};

export type UserActivityDailyTable = {
  workspace_id: string;
  account_id: string;
  user_id: string;
  day: Day;
  events: number;
};

export type SupportTicketsTable = {
  workspace_id: string;
  ticket_id: string;
  customer_id: string | null;
  account_id: string | null;
  email: string | null;
  subject: string | null;
  status: TicketStatus;
  priority: TicketPriority;
  opened_at: Timestamp;
  first_response_at: Date | null;
  closed_at: Date | null;
  satisfaction: number | null;
  source: SignalSource;
  updated_at: DefaultedTimestamp;
};

export type SurveyResponsesTable = {
  workspace_id: string;
  response_id: string;
  kind: SurveyKind;
  customer_id: string | null;
  account_id: string | null;
  email: string | null;
  score: number;
  comment: string | null;
  responded_at: Timestamp;
  source: SignalSource;
  updated_at: DefaultedTimestamp;
};

export type PlanLimitsTable = {
  workspace_id: string;
  plan_id: string;
  metric: string;
  limit_value: number;
  period: Defaulted<LimitPeriod>;
  updated_at: DefaultedTimestamp;
};

export type SuccessSettingsTable = {
  workspace_id: string;
  config: Json<Record<string, unknown>>;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
};

export type HealthSnapshotsTable = {
  workspace_id: string;
  customer_id: string;
  day: Day;
  score: number | null;
  band: HealthBand | null;
  partial: boolean;
  components: Json<unknown[]>;
};

export type RiskScoresTable = {
  workspace_id: string;
  customer_id: string;
  day: Day;
  probability: number;
  model_id: string;
  reasons: Json<unknown[]>;
};

export type ChurnModelsTable = {
  workspace_id: string;
  model_id: string;
  kind: 'rules' | 'logistic';
  trained_at: Timestamp;
  params: Json<Record<string, unknown>>;
  evaluation: Json<Record<string, unknown>>;
  training_rows: number;
  active: Defaulted<boolean>;
};

export type AlertRulesTable = {
  workspace_id: string;
  rule_id: string;
  kind: AlertRuleKind;
  name: string;
  threshold: number | null;
  enabled: Defaulted<boolean>;
  email_to: ColumnType<string[], string | undefined, string>;
  webhook_url: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
};

export type AlertsTable = {
  workspace_id: string;
  alert_id: string;
  rule_id: string;
  customer_id: string;
  status: AlertStatus;
  opened_at: Timestamp;
  cleared_at: Date | null;
  snoozed_until: Date | null;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  assigned_to: string | null;
  evidence: Json<Record<string, unknown>>;
  updated_at: DefaultedTimestamp;
};

export type AlertDeliveriesTable = {
  workspace_id: string;
  delivery_id: string;
  alert_id: string;
  channel: DeliveryChannel;
  target: string;
  status: DeliveryStatus;
  attempts: Defaulted<number>;
  next_attempt_at: DefaultedTimestamp;
  last_error: string | null;
  sent_at: Date | null;
  created_at: DefaultedTimestamp;
};

export type SegmentsTable = {
  workspace_id: string;
  segment_id: string;
  name: string;
  filters: Json<Record<string, unknown>>;
  action: Defaulted<string>;
  position: Defaulted<number>;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
};

export type SuccessDatabase = {
  signal_events: SignalEventsTable;
  cs_accounts: CsAccountsTable;
  cs_users: CsUsersTable;
  usage_daily: UsageDailyTable;
  user_activity_daily: UserActivityDailyTable;
  support_tickets: SupportTicketsTable;
  survey_responses: SurveyResponsesTable;
  plan_limits: PlanLimitsTable;
  success_settings: SuccessSettingsTable;
  health_snapshots: HealthSnapshotsTable;
  risk_scores: RiskScoresTable;
  churn_models: ChurnModelsTable;
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  alert_deliveries: AlertDeliveriesTable;
  segments: SegmentsTable;
};
