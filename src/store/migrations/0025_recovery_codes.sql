-- TOTP recovery codes (issue 17): ten single-use codes a person can sign in with instead of a
-- TOTP code when the authenticator is lost. Only their SHA-256 (salted with the user id) is kept;
-- a used code keeps its row with used_at set, so the remaining count is a count of unused rows.
-- Like users and sessions, a person's codes belong to no workspace (docs/security.md).
create table user_recovery_codes (
  user_id     text not null references users (user_id) on delete cascade,
  code_hash   text not null check (length(code_hash) = 64),
  created_at  timestamptz not null default now(),
  used_at     timestamptz,
  primary key (user_id, code_hash)
);
