-- Accounts and access: people, their sessions, their roles in workspaces, API keys, invitations,
-- the audit log and security events. users and sessions describe people, not a tenant's data:
-- they are the two tables without workspace_id (docs/security.md says why). Everything a
-- workspace owns carries workspace_id like the rest of the schema.

create table users (
  user_id              text primary key,
  email                text not null unique check (email = lower(email) and length(email) <= 254),
  name                 text check (length(name) <= 200),
  kind                 text not null default 'person' check (kind in ('person', 'demo')),
  password_hash        text not null,
  totp_secret_enc      text,
  totp_pending_enc     text,
  totp_enabled_at      timestamptz,
  totp_last_counter    bigint,
  password_changed_at  timestamptz not null default now(),
  last_login_at        timestamptz,
  created_at           timestamptz not null default now()
);

create table memberships (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  user_id       text not null references users (user_id) on delete cascade,
  role          text not null check (role in ('owner', 'admin', 'analyst', 'viewer', 'billing')),
  created_at    timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
create index memberships_user on memberships (user_id);

create table workspace_security (
  workspace_id        text primary key references workspaces (workspace_id) on delete cascade,
  require_admin_totp  boolean not null default false,
  updated_at          timestamptz not null default now()
);

-- The cookie holds a random token; only its SHA-256 is stored, so a copy of this table opens
-- no session. stage 'totp': the password was right and the second factor is still due.
create table sessions (
  session_hash  text primary key,
  user_id       text not null references users (user_id) on delete cascade,
  stage         text not null check (stage in ('totp', 'active')),
  mfa           boolean not null default false,
  csrf_secret   text not null,
  ip            text,
  user_agent    text,
  created_at    timestamptz not null default now(),
  last_seen_at  timestamptz not null,
  expires_at    timestamptz not null
);
create index sessions_user on sessions (user_id);

-- key_id is the token's visible prefix (rvp_ + 12 hex); secret_hash is SHA-256 of the whole token.
create table api_keys (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  key_id        text primary key,
  name          text not null check (length(name) between 1 and 100),
  role          text not null check (role in ('admin', 'analyst', 'viewer', 'billing')),
  secret_hash   text not null,
  created_by    text references users (user_id) on delete set null,
  created_at    timestamptz not null default now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
create index api_keys_workspace on api_keys (workspace_id, created_at);

create table invitations (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  invitation_id  text primary key,
  token_hash     text not null unique,
  email          text not null check (email = lower(email) and length(email) <= 254),
  role           text not null check (role in ('owner', 'admin', 'analyst', 'viewer', 'billing')),
  invited_by     text references users (user_id) on delete set null,
  created_at     timestamptz not null default now(),
  expires_at     timestamptz not null,
  accepted_at    timestamptz,
  accepted_by    text references users (user_id) on delete set null,
  revoked_at     timestamptz
);
create index invitations_workspace on invitations (workspace_id, created_at);

-- Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. No foreign keys to users, so
-- nothing can rewrite an entry when a user goes away (the actor's label is kept as text).
create table audit_log (
  workspace_id  text not null references workspaces (workspace_id),
  entry_id      bigserial primary key,
  at            timestamptz not null default now(),
  actor_type    text not null check (actor_type in ('user', 'api_key', 'cli', 'system')),
  actor_id      text,
  actor_label   text not null,
  action        text not null,
  target_type   text,
  target_id     text,
  target_label  text,
  detail        jsonb not null default '{}',
  ip            text,
  user_agent    text
);
create index audit_log_workspace on audit_log (workspace_id, entry_id desc);

-- workspace_id is null for events that belong to no workspace (a login attempt for an unknown
-- email, a malformed API key); user_id names the person an account event is about.
create table security_events (
  workspace_id  text references workspaces (workspace_id),
  event_id      bigserial primary key,
  at            timestamptz not null default now(),
  type          text not null,
  severity      text not null check (severity in ('info', 'warning', 'critical')),
  user_id       text,
  subject       text,
  detail        jsonb not null default '{}',
  ip            text,
  user_agent    text
);
create index security_events_workspace on security_events (workspace_id, event_id desc);
create index security_events_user on security_events (user_id, event_id desc) where user_id is not null;
create index security_events_login_subject on security_events (subject, at) where type = 'login_failed';
create index security_events_login_ip on security_events (ip, at) where type = 'login_failed';

create function revpulse_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end
$$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function revpulse_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function revpulse_refuse_change();
create trigger security_events_append_only before update or delete on security_events
  for each row execute function revpulse_refuse_change();
create trigger security_events_no_truncate before truncate on security_events
  for each statement execute function revpulse_refuse_change();
