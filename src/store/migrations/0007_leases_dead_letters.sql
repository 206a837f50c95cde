-- Leases, not claims (issue "Never wrong, never down"). A worker takes an event with a lease
-- that expires, so a crashed worker's events return to the queue; `attempts` counts failures,
-- not claims; a failed event waits `next_attempt_at` (backoff) and one that keeps failing is
-- parked as a dead letter (`dead_at`) until someone retries it.
alter table raw_events
  add column lease_owner     text,
  add column lease_until     timestamptz,
  add column next_attempt_at timestamptz,
  add column dead_at         timestamptz;

-- Attempts were counted at claim time before: they say nothing about failures. Events that the
-- old rule skipped (five claims) go back to the queue.
update raw_events set attempts = 0 where processed_at is null;

drop index if exists raw_events_pending;
create index raw_events_pending on raw_events (event_created, event_id) where processed_at is null and dead_at is null;
create index raw_events_dead on raw_events (workspace_id, dead_at) where dead_at is not null;

-- The same for a customer's ledger recompute: one that throws is retried with backoff and, after
-- repeated failures, parked (visible, retryable) instead of blocking the queue.
alter table ledger_pending
  add column attempts        integer not null default 0,
  add column last_error      text,
  add column next_attempt_at timestamptz,
  add column dead_at         timestamptz;
