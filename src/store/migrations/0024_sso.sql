-- Single sign-on with OpenID Connect (issue 17; docs/sso.md). One identity provider per
-- workspace, the identities it has signed in (issuer + subject, linked to a person), the
-- short-lived state of sign-ins under way, and which sessions were opened through it.

-- A workspace's provider. client_secret_enc is sealed with the secret key (src/store/secret-box.ts)
-- and never leaves the server. default_role: what a person provisioned on first sign-in gets
-- (never owner). allowed_domains: a JSON array of e-mail domains; empty means any.
create table workspace_sso (
  workspace_id            text primary key references workspaces (workspace_id) on delete cascade,
  issuer                  text not null check (length(issuer) between 8 and 500),
  client_id               text not null check (length(client_id) between 1 and 500),
  client_secret_enc       text not null,
  default_role            text not null default 'viewer' check (default_role in ('admin', 'analyst', 'viewer', 'billing')),
  sso_required            boolean not null default false,
  enabled                 boolean not null default true,
  allowed_domains         jsonb not null default '[]',
  allow_unverified_email  boolean not null default false,
  updated_by              text,
  updated_at              timestamptz not null default now()
);

-- Who a provider's subject is here. One person per (issuer, subject), whichever workspace first
-- linked it (workspace_id); another workspace trusting the same issuer finds the same person.
create table sso_identities (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  issuer         text not null check (length(issuer) <= 500),
  subject        text not null check (length(subject) between 1 and 255),
  user_id        text not null references users (user_id) on delete cascade,
  created_at     timestamptz not null default now(),
  last_login_at  timestamptz,
  primary key (issuer, subject)
);
create index sso_identities_user on sso_identities (user_id);
create index sso_identities_workspace on sso_identities (workspace_id);

-- A sign-in under way (10 minutes at most; used once). Kept in the database, not in a cookie, so
-- the callback may reach any instance and a replayed callback finds nothing. Only hashes of the
-- state and of the browser-binding cookie are stored.
create table sso_login_states (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  state_hash     text primary key check (length(state_hash) = 64),
  browser_hash   text not null check (length(browser_hash) = 64),
  nonce          text not null check (length(nonce) <= 200),
  code_verifier  text not null check (length(code_verifier) <= 200),
  redirect_uri   text not null check (length(redirect_uri) <= 1000),
  return_to      text not null check (length(return_to) <= 1000),
  created_at     timestamptz not null default now(),
  expires_at     timestamptz not null
);
create index sso_login_states_expires on sso_login_states (expires_at);

-- Sessions opened through a workspace's provider (a session without a row here was opened with
-- a password). Goes with its session.
create table sso_sessions (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  session_hash  text primary key references sessions (session_hash) on delete cascade,
  issuer        text not null,
  subject       text not null,
  created_at    timestamptz not null default now()
);
create index sso_sessions_workspace on sso_sessions (workspace_id);
