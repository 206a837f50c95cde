// Single sign-on's SQL: each workspace's provider settings, the identities providers have signed
// in, sign-ins under way (state, nonce, PKCE verifier) and the sessions opened through SSO.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { SsoDefaultRole } from './schema-sso.js';

export type SsoSettings = {
  workspaceId: string;
  issuer: string;
  clientId: string;
  clientSecretEnc: string;
  defaultRole: SsoDefaultRole;
  ssoRequired: boolean;
  enabled: boolean;
  allowedDomains: string[];
  allowUnverifiedEmail: boolean;
  updatedBy: string | null;
  updatedAt: Date;
};

export async function findSsoSettings(db: Kysely<Database>, workspaceId: string): Promise<SsoSettings | null> {
  const row = await db.selectFrom('workspace_sso').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) return null;
  return {
    workspaceId: row.workspace_id,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecretEnc: row.client_secret_enc,
    defaultRole: row.default_role,
    ssoRequired: row.sso_required,
    enabled: row.enabled,
    allowedDomains: row.allowed_domains,
    allowUnverifiedEmail: row.allow_unverified_email,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

export async function putSsoSettings(db: Kysely<Database>, input: Omit<SsoSettings, 'updatedAt'> & { at: Date }): Promise<void> {
  const values = {
    issuer: input.issuer,
    client_id: input.clientId,
    client_secret_enc: input.clientSecretEnc,
    default_role: input.defaultRole,
    sso_required: input.ssoRequired,
    enabled: input.enabled,
    allowed_domains: JSON.stringify(input.allowedDomains),
    allow_unverified_email: input.allowUnverifiedEmail,
    updated_by: input.updatedBy,
    updated_at: input.at,
  };
  await db
    .insertInto('workspace_sso')
    .values({ workspace_id: input.workspaceId, ...values })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values))
    .execute();
}

export type LoginState = {
  workspaceId: string;
  browserHash: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  returnTo: string;
  expiresAt: Date;
};

export async function insertLoginState(db: Kysely<Database>, input: LoginState & { stateHash: string; now: Date }): Promise<void> {
  await db
    .insertInto('sso_login_states')
    .values({
      workspace_id: input.workspaceId,
      state_hash: input.stateHash,
      browser_hash: input.browserHash,
      nonce: input.nonce,
      code_verifier: input.codeVerifier,
      redirect_uri: input.redirectUri,
      return_to: input.returnTo,
      created_at: input.now,
      expires_at: input.expiresAt,
    })
    .execute();
}

/** The sign-in under way with this state, removed as it is read: a state is used once. */
export async function takeLoginState(db: Kysely<Database>, stateHash: string): Promise<LoginState | null> {
  const row = await db.deleteFrom('sso_login_states').where('state_hash', '=', stateHash).returningAll().executeTakeFirst();
  if (!row) return null;
  return {
    workspaceId: row.workspace_id,
    browserHash: row.browser_hash,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    redirectUri: row.redirect_uri,
    returnTo: row.return_to,
    expiresAt: row.expires_at,
  };
}

export async function deleteExpiredLoginStates(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('sso_login_states').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export type SsoIdentity = { workspaceId: string; issuer: string; subject: string; userId: string };

export async function findIdentity(db: Kysely<Database>, issuer: string, subject: string): Promise<SsoIdentity | null> {
  const row = await db
    .selectFrom('sso_identities')
    .select(['workspace_id', 'issuer', 'subject', 'user_id'])
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row ? { workspaceId: row.workspace_id, issuer: row.issuer, subject: row.subject, userId: row.user_id } : null;
}

/** Links the subject to the person; false when the subject was already linked (to anyone). */
export async function insertIdentity(db: Kysely<Database>, input: SsoIdentity & { now: Date }): Promise<boolean> {
  const result = await db
    .insertInto('sso_identities')
    .values({ workspace_id: input.workspaceId, issuer: input.issuer, subject: input.subject, user_id: input.userId, created_at: input.now, last_login_at: input.now })
    .onConflict((oc) => oc.columns(['issuer', 'subject']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function touchIdentity(db: Kysely<Database>, issuer: string, subject: string, at: Date): Promise<void> {
  await db.updateTable('sso_identities').set({ last_login_at: at }).where('issuer', '=', issuer).where('subject', '=', subject).execute();
}

export async function insertSsoSession(db: Kysely<Database>, input: { workspaceId: string; sessionHash: string; issuer: string; subject: string; now: Date }): Promise<void> {
  await db
    .insertInto('sso_sessions')
    .values({ workspace_id: input.workspaceId, session_hash: input.sessionHash, issuer: input.issuer, subject: input.subject, created_at: input.now })
    .execute();
}

/** What the access rule needs about one session in one workspace: how the session was opened
 *  (null: with a password) and the workspace's provider (null: none). */
export async function ssoAccessFacts(
  db: Kysely<Database>,
  input: { workspaceId: string; sessionHash: string },
): Promise<{ session: { workspaceId: string; issuer: string } | null; workspace: { issuer: string; enabled: boolean; required: boolean } | null }> {
  const [session, workspace] = await Promise.all([
    db.selectFrom('sso_sessions').select(['workspace_id', 'issuer']).where('session_hash', '=', input.sessionHash).executeTakeFirst(),
    db.selectFrom('workspace_sso').select(['issuer', 'enabled', 'sso_required']).where('workspace_id', '=', input.workspaceId).executeTakeFirst(),
  ]);
  return {
    session: session ? { workspaceId: session.workspace_id, issuer: session.issuer } : null,
    workspace: workspace ? { issuer: workspace.issuer, enabled: workspace.enabled, required: workspace.sso_required } : null,
  };
}
