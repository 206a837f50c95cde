-- The demo's product signals (src/ingest/load-demo-signals.ts, issue 13): how far the generated
-- usage, tickets and NPS answers reach, so a start finds them loaded with one lookup and the
-- top-up knows from which day to carry them on.
create table demo_signal_loads (
  workspace_id   text primary key references workspaces (workspace_id) on delete cascade,
  seed           integer not null,
  window_start   date not null,
  loaded_until   timestamptz not null,
  updated_at     timestamptz not null default now()
);
