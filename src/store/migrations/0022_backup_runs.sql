-- Backup history (issue 17): one row per backup written, manual (CLI, Settings, API) or
-- scheduled. Installation-wide, so no workspace_id: an archive holds the whole database, every
-- workspace at once, and only owners of the installation's home workspace ('default') may see
-- this history (docs/security.md lists the tables without workspace_id). A row is written when
-- the backup ends, so an archive never contains its own, unfinished entry.
create table backup_runs (
  run_id        text primary key,
  kind          text not null check (kind in ('manual', 'scheduled')),
  status        text not null check (status in ('completed', 'failed')),
  requested_by  text not null,
  started_at    timestamptz not null,
  finished_at   timestamptz not null,
  file          text not null,
  bytes         bigint,
  sha256        text,
  schema_version text,
  table_count   integer,
  row_count     bigint,
  error         text
);
create index backup_runs_started on backup_runs (started_at desc);
