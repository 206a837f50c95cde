-- Settings that rebuild run as jobs (issue "Real workspaces"): changing the reporting currency
-- or the definitions preset starts a background rebuild; this records it, so every instance and
-- the dashboard can show it, and a failure keeps its error.
create table rebuild_jobs (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  job_id        text not null,
  reason        text not null,
  status        text not null check (status in ('running', 'done', 'failed')),
  done          integer not null default 0,
  total         integer,
  error         text,
  started_at    timestamptz not null,
  finished_at   timestamptz,
  primary key (workspace_id, job_id)
);
create index rebuild_jobs_latest on rebuild_jobs (workspace_id, started_at desc);
