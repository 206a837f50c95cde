-- Customer success (issue 13): product signals in (Segment-compatible tracking, support tickets,
-- NPS/CSAT), plan limits, and the figures out (health snapshots, churn risk, alerts, segments).
-- Every table carries workspace_id and every query is scoped by it.

-- An API key that can only send signals (POST /v1/track, identify, group, page, batch).
alter table api_keys drop constraint api_keys_role_check;
alter table api_keys add constraint api_keys_role_check check (role in ('admin', 'analyst', 'viewer', 'billing', 'ingest'));

-- Every tracking message exactly once, as received (like raw_events for webhooks). The roll-up
-- queue is this table: rows with rolled_up_at null are still to fold into the daily roll-ups.
create table signal_events (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  message_id     text not null,
  type           text not null check (type in ('track', 'identify', 'group', 'page', 'screen')),
  event          text,
  user_id        text,
  anonymous_id   text,
  group_id       text,
  occurred_at    timestamptz not null,
  received_at    timestamptz not null default now(),
  payload        jsonb not null,
  rolled_up_at   timestamptz,
  primary key (workspace_id, message_id)
);
create index signal_events_pending on signal_events (workspace_id, received_at) where rolled_up_at is null;

-- A product account (a Segment group) and the billing customer it is linked to, with the rule
-- that linked it: the billing customer id, the customer's external id (metadata), the e-mail
-- domain, or a person's choice in the UI. customer_id null: not linked yet (listed in the UI).
create table cs_accounts (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  account_id     text not null,
  name           text,
  traits         jsonb not null default '{}',
  customer_id    text,
  link_rule      text check (link_rule in ('customer_id', 'external_id', 'email_domain', 'manual')),
  first_seen_at  timestamptz not null,
  last_seen_at   timestamptz not null,
  primary key (workspace_id, account_id)
);
create index cs_accounts_customer on cs_accounts (workspace_id, customer_id);

-- A person using the product (a Segment userId) and the account they belong to (from group).
create table cs_users (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  user_id        text not null,
  account_id     text,
  email          text,
  traits         jsonb not null default '{}',
  first_seen_at  timestamptz not null,
  last_seen_at   timestamptz not null,
  primary key (workspace_id, user_id)
);
create index cs_users_account on cs_users (workspace_id, account_id);

-- Roll-ups per account per day. usage_daily: per event name ('$page' for page views), how many
-- events, the sum of properties.quantity (the count when absent) and how many distinct users.
create table usage_daily (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  account_id     text not null,
  day            date not null,
  event          text not null,
  events         bigint not null check (events >= 0),
  quantity       double precision not null,
  users          integer not null check (users >= 0),
  primary key (workspace_id, account_id, day, event)
);
create index usage_daily_day on usage_daily (workspace_id, day);

-- Who was active on a day, per account (daily active users, seats in use, power users).
create table user_activity_daily (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  account_id     text not null,
  user_id        text not null,
  day            date not null,
  events         integer not null check (events >= 0),
  primary key (workspace_id, account_id, day, user_id)
);
create index user_activity_daily_day on user_activity_daily (workspace_id, day);

-- Support tickets and NPS/CSAT responses, from the API or a CSV import (idempotent by id).
-- customer_id is the billing customer they were matched to (by id, e-mail or account), or null.
create table support_tickets (
  workspace_id       text not null references workspaces (workspace_id) on delete cascade,
  ticket_id          text not null,
  customer_id        text,
  account_id         text,
  email              text,
  subject            text,
  status             text not null check (status in ('open', 'pending', 'closed')),
  priority           text not null check (priority in ('low', 'normal', 'high', 'urgent')),
  opened_at          timestamptz not null,
  first_response_at  timestamptz,
  closed_at          timestamptz,
  satisfaction       smallint check (satisfaction between 1 and 5),
  source             text not null check (source in ('api', 'csv', 'demo')),
  updated_at         timestamptz not null default now(),
  primary key (workspace_id, ticket_id)
);
create index support_tickets_customer on support_tickets (workspace_id, customer_id, opened_at);

create table survey_responses (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  response_id    text not null,
  kind           text not null check (kind in ('nps', 'csat')),
  customer_id    text,
  account_id     text,
  email          text,
  score          smallint not null check (score between 0 and 10),
  comment        text,
  responded_at   timestamptz not null,
  source         text not null check (source in ('api', 'csv', 'demo')),
  updated_at     timestamptz not null default now(),
  primary key (workspace_id, response_id)
);
create index survey_responses_day on survey_responses (workspace_id, kind, responded_at);
create index survey_responses_customer on survey_responses (workspace_id, customer_id, responded_at);

-- Per plan, the limits that matter: metric is a usage event name, or '$seats' (distinct active
-- users in the last 30 days). period: the window the usage is summed over.
create table plan_limits (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  plan_id        text not null,
  metric         text not null check (length(metric) between 1 and 200),
  limit_value    double precision not null check (limit_value > 0),
  period         text not null default 'month' check (period in ('day', 'month', 'rolling_30_days')),
  updated_at     timestamptz not null default now(),
  primary key (workspace_id, plan_id, metric)
);

-- The workspace's customer-success settings (health weights, component definitions, bands, risk
-- thresholds, onboarding milestones), validated by src/core/success-settings.ts before storing.
create table success_settings (
  workspace_id   text primary key references workspaces (workspace_id) on delete cascade,
  config         jsonb not null,
  updated_at     timestamptz not null default now(),
  updated_by     text
);

-- One health score per customer per day: score null only when no component had data.
create table health_snapshots (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  customer_id    text not null,
  day            date not null,
  score          smallint check (score between 0 and 100),
  band           text check (band in ('high_risk', 'medium', 'healthy')),
  partial        boolean not null,
  components     jsonb not null,
  primary key (workspace_id, customer_id, day)
);
create index health_snapshots_day on health_snapshots (workspace_id, day);

-- Churn risk per paying customer per day, from the workspace's model or the rules baseline.
create table risk_scores (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  customer_id    text not null,
  day            date not null,
  probability    double precision not null check (probability between 0 and 1),
  model_id       text not null,
  reasons        jsonb not null,
  primary key (workspace_id, customer_id, day)
);
create index risk_scores_day on risk_scores (workspace_id, day);

create table churn_models (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  model_id       text not null,
  kind           text not null check (kind in ('rules', 'logistic')),
  trained_at     timestamptz not null,
  params         jsonb not null,
  evaluation     jsonb not null,
  training_rows  integer not null,
  active         boolean not null default false,
  primary key (workspace_id, model_id)
);

-- Alert rules and the alerts they open: one open alert per rule per customer until it clears.
create table alert_rules (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  rule_id        text not null,
  kind           text not null check (kind in ('health_below', 'risk_above', 'payment_failed', 'usage_drop', 'limit_near', 'trial_ending_inactive')),
  name           text not null check (length(name) between 1 and 100),
  threshold      double precision,
  enabled        boolean not null default true,
  email_to       jsonb not null default '[]',
  webhook_url    text,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  primary key (workspace_id, rule_id)
);

create table alerts (
  workspace_id     text not null references workspaces (workspace_id) on delete cascade,
  alert_id         text not null,
  rule_id          text not null,
  customer_id      text not null,
  status           text not null check (status in ('open', 'acknowledged', 'snoozed', 'cleared')),
  opened_at        timestamptz not null,
  cleared_at       timestamptz,
  snoozed_until    timestamptz,
  acknowledged_by  text,
  acknowledged_at  timestamptz,
  assigned_to      text,
  evidence         jsonb not null,
  updated_at       timestamptz not null default now(),
  primary key (workspace_id, alert_id),
  foreign key (workspace_id, rule_id) references alert_rules (workspace_id, rule_id) on delete cascade
);
create unique index alerts_one_open on alerts (workspace_id, rule_id, customer_id) where status <> 'cleared';
create index alerts_status on alerts (workspace_id, status, opened_at);

-- Each e-mail or webhook sent for an alert; a delivery is tried again with backoff until sent.
create table alert_deliveries (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  delivery_id    text not null,
  alert_id       text not null,
  channel        text not null check (channel in ('email', 'webhook')),
  target         text not null,
  status         text not null check (status in ('pending', 'sent', 'failed')),
  attempts       integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error     text,
  sent_at        timestamptz,
  created_at     timestamptz not null default now(),
  primary key (workspace_id, delivery_id),
  unique (workspace_id, alert_id, channel, target)
);
create index alert_deliveries_due on alert_deliveries (next_attempt_at) where status = 'pending';

-- Segments: named filters over customers (plan, health, risk, usage, status) with the action
-- suggested for the customers in them. filters holds GET /v1/customers query parameters.
create table segments (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  segment_id     text not null,
  name           text not null check (length(name) between 1 and 80),
  filters        jsonb not null,
  action         text not null default '' check (length(action) <= 200),
  position       integer not null default 0,
  created_by     text,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  primary key (workspace_id, segment_id)
);
create unique index segments_name on segments (workspace_id, lower(name));
