-- Outgoing webhooks (issue 17): a workspace's endpoints, the deliveries queued for them (one per
-- endpoint and event; the event id is stable, so receivers can drop repeats) and every attempt
-- made, kept as the delivery log (request, response truncated to a few KB, timing).

-- secret_enc: the signing secret, sealed with the SecretBox (never stored in the clear).
-- event_types: the event types the endpoint is subscribed to, a JSON array of strings.
-- failing_since: when the first failed attempt after the last success happened (null: healthy);
-- an endpoint failing for 3 days is disabled (enabled false, disabled_at, disabled_reason).
create table webhook_endpoints (
  workspace_id     text not null references workspaces (workspace_id) on delete cascade,
  endpoint_id      text primary key,
  url              text not null check (length(url) <= 2000),
  description      text check (length(description) <= 200),
  event_types      jsonb not null default '[]',
  secret_enc       text not null,
  enabled          boolean not null default true,
  disabled_at      timestamptz,
  disabled_reason  text,
  failing_since    timestamptz,
  created_by       text,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now()
);
create index webhook_endpoints_workspace on webhook_endpoints (workspace_id, created_at);

-- status: pending (next_attempt_at says when; a sender holding it pushed it a lease ahead),
-- delivered, failed (gave up after 3 days, or the URL cannot be delivered to), disabled (queued
-- while its endpoint was disabled; re-enabling the endpoint queues the recent ones again).
create table webhook_deliveries (
  workspace_id     text not null references workspaces (workspace_id) on delete cascade,
  delivery_id      text primary key,
  endpoint_id      text not null references webhook_endpoints (endpoint_id) on delete cascade,
  event_id         text not null,
  event_type       text not null,
  payload          jsonb not null,
  status           text not null default 'pending' check (status in ('pending', 'delivered', 'failed', 'disabled')),
  attempts         integer not null default 0,
  next_attempt_at  timestamptz,
  last_status      integer,
  last_error       text,
  created_at       timestamptz not null,
  delivered_at     timestamptz,
  unique (endpoint_id, event_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_endpoint on webhook_deliveries (workspace_id, endpoint_id, created_at desc);

-- One attempt (scheduled, or manual: a replay or a test send); number: 1 for the delivery's first.
create table webhook_delivery_attempts (
  workspace_id      text not null references workspaces (workspace_id) on delete cascade,
  attempt_id        text primary key,
  delivery_id       text not null references webhook_deliveries (delivery_id) on delete cascade,
  number            integer not null,
  attempted_at      timestamptz not null,
  manual            boolean not null default false,
  request_headers   jsonb not null,
  request_body      text not null,
  response_status   integer,
  response_headers  jsonb,
  response_body     text,
  duration_ms       integer not null,
  error             text
);
create index webhook_delivery_attempts_delivery on webhook_delivery_attempts (delivery_id, number);
