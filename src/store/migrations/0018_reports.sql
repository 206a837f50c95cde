-- Reports (issue 14): custom report definitions, delivery schedules, and the delivery log whose
-- rows are also the idempotency record — one scheduled delivery per schedule and period.

-- A custom report: metrics from the registry, a segment, a period and granularity, a comparison.
-- definition is the zod-checked CustomReportDefinition (src/read/reports/contract.ts).
create table custom_reports (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  report_id      text not null,
  name           text not null check (length(name) between 1 and 80),
  definition     jsonb not null,
  created_by     text,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  primary key (workspace_id, report_id)
);
create unique index custom_reports_name on custom_reports (workspace_id, lower(name));

-- When a report is sent and to whom. report_key: 'daily', 'weekly', 'board' or a custom report's
-- id. cron is a 5-field croner expression read in time_zone (IANA). formats: the attachments
-- (['pdf', 'xlsx', 'csv']); the HTML body is always there.
create table report_schedules (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  schedule_id    text not null,
  report_key     text not null check (length(report_key) between 1 and 80),
  cron           text not null check (length(cron) between 9 and 120),
  time_zone      text not null default 'UTC' check (length(time_zone) between 1 and 64),
  recipients     jsonb not null default '[]',
  formats        jsonb not null default '["pdf","xlsx"]',
  enabled        boolean not null default true,
  -- The last fire time the scheduler has queued a delivery for: a fire time after it and not
  -- after now is due. Set to the creation time, so a new schedule does not send for the past.
  checked_until  timestamptz not null default now(),
  created_by     text,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  primary key (workspace_id, schedule_id)
);

-- One e-mail of one report for one period. Scheduled rows are unique per schedule and period (the
-- idempotency record: two instances, or a restart, queue the same row once). status:
--   pending    queued, waiting for next_attempt_at
--   rendering  claimed by an instance until lease_until; a crash here leaves it to be claimed
--              again when the lease ends (rendered and sent once)
--   sending    handed to SMTP; a row found here with its lease over was interrupted mid-send and
--              is marked `interrupted`, never sent again automatically (no second e-mail)
--   sent / failed / interrupted
create table report_deliveries (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  delivery_id    text not null,
  schedule_id    text,
  report_key     text not null,
  period_key     text not null,
  as_of          timestamptz not null,
  recipients     jsonb not null,
  formats        jsonb not null,
  trigger        text not null check (trigger in ('schedule', 'manual')),
  requested_by   text,
  status         text not null default 'pending' check (status in ('pending', 'rendering', 'sending', 'sent', 'failed', 'interrupted')),
  attempts       integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_until    timestamptz,
  last_error     text,
  message_id     text,
  render_ms      integer,
  bytes          integer,
  sent_at        timestamptz,
  created_at     timestamptz not null default now(),
  primary key (workspace_id, delivery_id)
);
create unique index report_deliveries_once on report_deliveries (workspace_id, schedule_id, period_key) where trigger = 'schedule';
create index report_deliveries_due on report_deliveries (next_attempt_at) where status in ('pending', 'rendering', 'sending');
create index report_deliveries_log on report_deliveries (workspace_id, created_at desc);
