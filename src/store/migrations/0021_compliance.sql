-- Trust and operations (issue 17): GDPR requests about one end customer (a billing customer of a
-- workspace), per-workspace retention policies and the runs that apply them.

-- One request: export, anonymise or delete everything held about a customer. Who asked and when
-- is also in the audit log. pseudonym: the stable stand-in an anonymise or delete wrote. artifact:
-- an export's ZIP, kept until artifact_expires_at (retention removes it after that).
create table gdpr_requests (
  workspace_id         text not null references workspaces (workspace_id) on delete cascade,
  request_id           text primary key,
  kind                 text not null check (kind in ('export', 'anonymise', 'delete')),
  customer_id          text not null check (length(customer_id) <= 255),
  status               text not null default 'pending' check (status in ('pending', 'processing', 'completed', 'failed')),
  requested_by_type    text not null check (requested_by_type in ('user', 'api_key', 'cli', 'system')),
  requested_by_id      text,
  requested_by_label   text not null,
  requested_at         timestamptz not null default now(),
  started_at           timestamptz,
  completed_at         timestamptz,
  error                text,
  pseudonym            text,
  result               jsonb not null default '{}',
  artifact             bytea,
  artifact_expires_at  timestamptz
);
create index gdpr_requests_workspace on gdpr_requests (workspace_id, requested_at desc);
create index gdpr_requests_pending on gdpr_requests (requested_at) where status in ('pending', 'processing');

-- A workspace's retention policy. null days: kept for ever (the default for each).
create table retention_policies (
  workspace_id             text primary key references workspaces (workspace_id) on delete cascade,
  raw_payload_days         integer check (raw_payload_days between 1 and 36500),
  usage_raw_days           integer check (usage_raw_days between 1 and 36500),
  audit_days               integer check (audit_days between 30 and 36500),
  security_days            integer check (security_days between 30 and 36500),
  export_days              integer not null default 7 check (export_days between 1 and 365),
  updated_by               text,
  updated_at               timestamptz not null default now()
);

-- One run of the retention job over one workspace: what it stripped, rolled up and dropped.
create table retention_runs (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  run_id        text primary key,
  started_at    timestamptz not null,
  finished_at   timestamptz,
  status        text not null check (status in ('running', 'completed', 'failed')),
  counts        jsonb not null default '{}',
  error         text
);
create index retention_runs_workspace on retention_runs (workspace_id, started_at desc);

-- audit_log and security_events stay append-only, except for the two operations the law and the
-- retention policy need: erasing a customer's personal data from them, and dropping entries past
-- the policy's age. Those run in a transaction that sets revpulse.purge = 'on' (SET LOCAL).
create or replace function revpulse_refuse_change() returns trigger language plpgsql as $$
begin
  if coalesce(current_setting('revpulse.purge', true), '') = 'on' then
    if tg_op = 'DELETE' then return old; end if;
    if tg_op = 'UPDATE' then return new; end if;
  end if;
  raise exception '% is append-only', tg_table_name;
end
$$;
