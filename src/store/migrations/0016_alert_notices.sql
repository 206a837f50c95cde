-- Alerts (issue 13, item 7): a rule's second number, and reminders after a snooze.
-- params: usage_drop's minimum volume {"minEvents": 20}, trial_ending_inactive's minimum active
-- days {"minActiveDays": 3}; the kinds' defaults are in src/core/alert-rules.ts.
alter table alert_rules add column params jsonb not null default '{}';

-- notice: 1 for the notice sent when an alert opened, 2… for each reminder sent when a snooze
-- ended with the rule still firing. Still one delivery per alert, channel, target and notice.
alter table alert_deliveries add column notice integer not null default 1 check (notice >= 1);
alter table alert_deliveries drop constraint alert_deliveries_workspace_id_alert_id_channel_target_key;
alter table alert_deliveries add constraint alert_deliveries_one_per_notice unique (workspace_id, alert_id, channel, target, notice);
create index alert_deliveries_alert on alert_deliveries (workspace_id, alert_id);

-- Workspaces whose default alert rules were created (on their first evaluation): deleting every
-- rule later does not bring the defaults back.
create table alert_defaults (
  workspace_id   text primary key references workspaces (workspace_id) on delete cascade,
  created_at     timestamptz not null default now()
);
