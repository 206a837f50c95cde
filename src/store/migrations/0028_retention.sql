-- Retention (issue 17): which stored payloads the retention job has already stripped of personal
-- data, so a row is scrubbed once and the job's batches only read what is left to do.
alter table raw_events add column scrubbed_at timestamptz;
alter table signal_events add column scrubbed_at timestamptz;
create index raw_events_unscrubbed on raw_events (workspace_id, received_at) where scrubbed_at is null;
create index signal_events_unscrubbed on signal_events (workspace_id, received_at) where scrubbed_at is null;
-- Deleting a workspace's old rolled-up tracking messages by age.
create index signal_events_received on signal_events (workspace_id, received_at);
