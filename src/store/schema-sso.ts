// Tables of migration 0024: single sign-on configuration and identities (issue 17).
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The roles a person provisioned on first sign-in may get: never owner. */
export const SSO_DEFAULT_ROLES = ['admin', 'analyst', 'viewer', 'billing'] as const;
export type SsoDefaultRole = (typeof SSO_DEFAULT_ROLES)[number];

export type WorkspaceSsoTable = {
  workspace_id: string;
  issuer: string;
  client_id: string;
  client_secret_enc: string;
  default_role: Generated<SsoDefaultRole>;
  sso_required: Generated<boolean>;
  enabled: Generated<boolean>;
  allowed_domains: JSONColumnType<string[], string | undefined, string>;
  allow_unverified_email: Generated<boolean>;
  updated_by: string | null;
  updated_at: DefaultedTimestamp;
};

export type SsoIdentitiesTable = {
  workspace_id: string;
  issuer: string;
  subject: string;
  user_id: string;
  created_at: DefaultedTimestamp;
  last_login_at: Timestamp | null;
};

export type SsoLoginStatesTable = {
  workspace_id: string;
  state_hash: string;
  browser_hash: string;
  nonce: string;
  code_verifier: string;
  redirect_uri: string;
  return_to: string;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
};

export type SsoSessionsTable = {
  workspace_id: string;
  session_hash: string;
  issuer: string;
  subject: string;
  created_at: DefaultedTimestamp;
};

export type SsoDatabase = {
  workspace_sso: WorkspaceSsoTable;
  sso_identities: SsoIdentitiesTable;
  sso_login_states: SsoLoginStatesTable;
  sso_sessions: SsoSessionsTable;
};
