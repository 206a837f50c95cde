// Tables added by the accounts and access work (migration 0003_accounts.sql).
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type Role = 'owner' | 'admin' | 'analyst' | 'viewer' | 'billing';
/** A key can also hold 'ingest': it may only send signals (the tracking API), never read. */
export type ApiKeyRole = Exclude<Role, 'owner'> | 'ingest';
/** Any role a grant can carry: a person's membership role or a key's role. */
export type GrantRole = Role | 'ingest';

export type UsersTable = {
  user_id: string;
  email: string;
  name: string | null;
  kind: Generated<'person' | 'demo'>;
  password_hash: string;
  totp_secret_enc: string | null;
  totp_pending_enc: string | null;
  totp_enabled_at: Timestamp | null;
  totp_last_counter: number | null;
  password_changed_at: DefaultedTimestamp;
  last_login_at: Timestamp | null;
  created_at: DefaultedTimestamp;
};

export type MembershipsTable = {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: DefaultedTimestamp;
};

export type WorkspaceSecurityTable = {
  workspace_id: string;
  require_admin_totp: Generated<boolean>;
  updated_at: DefaultedTimestamp;
};

export type SessionsTable = {
  session_hash: string;
  user_id: string;
  stage: 'totp' | 'active';
  mfa: Generated<boolean>;
  csrf_secret: string;
  ip: string | null;
  user_agent: string | null;
  created_at: DefaultedTimestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
};

export type ApiKeysTable = {
  workspace_id: string;
  key_id: string;
  name: string;
  role: ApiKeyRole;
  secret_hash: string;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
};

export type InvitationsTable = {
  workspace_id: string;
  invitation_id: string;
  token_hash: string;
  email: string;
  role: Role;
  invited_by: string | null;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  revoked_at: Timestamp | null;
};

export type AuditLogTable = {
  workspace_id: string;
  entry_id: Generated<number>;
  at: DefaultedTimestamp;
  actor_type: 'user' | 'api_key' | 'cli' | 'system';
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  detail: JSONColumnType<Record<string, unknown>, string, string>;
  ip: string | null;
  user_agent: string | null;
};

export type SecuritySeverity = 'info' | 'warning' | 'critical';

export type SecurityEventsTable = {
  workspace_id: string | null;
  event_id: Generated<number>;
  at: DefaultedTimestamp;
  type: string;
  severity: SecuritySeverity;
  user_id: string | null;
  subject: string | null;
  detail: JSONColumnType<Record<string, unknown>, string, string>;
  ip: string | null;
  user_agent: string | null;
};

/** TOTP recovery codes (0025_recovery_codes.sql): only hashes; used_at set once a code is spent. */
export type UserRecoveryCodesTable = {
  user_id: string;
  code_hash: string;
  created_at: DefaultedTimestamp;
  used_at: Timestamp | null;
};

export type AccountsDatabase = {
  users: UsersTable;
  user_recovery_codes: UserRecoveryCodesTable;
  memberships: MembershipsTable;
  workspace_security: WorkspaceSecurityTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  invitations: InvitationsTable;
  audit_log: AuditLogTable;
  security_events: SecurityEventsTable;
};
