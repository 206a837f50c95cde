// Which workspace a principal may act in and with which role: a person's membership, or an API
// key's own workspace. Used by the authorisation hook for every request and by the live feed for
// every message, so both decide the same way.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { membershipRole, requiresAdminTotp } from '../../store/memberships-repo.js';
import { findApiKeyForAuth } from '../../store/api-keys-repo.js';
import { findWorkspace } from '../../store/workspaces-repo.js';
import { readSession, type SessionPolicy } from '../../accounts/sessions.js';
import { ADMIN_ROLES, PERSON_ONLY, can, type GrantRole, type Permission } from '../../accounts/permissions.js';
import { ssoAccess } from '../../accounts/sso-policy.js';
import type { Grant, Principal } from './principal.js';

/** The principal's grant in the workspace, or null when it may not see it (or it does not exist:
 *  the two must look the same to the caller). */
export async function resolveGrant(db: Kysely<Database>, principal: Principal, workspaceId: string): Promise<Grant | null> {
  const role: GrantRole | null =
    principal.kind === 'key'
      ? principal.workspaceId === workspaceId
        ? principal.role
        : null
      : await membershipRole(db, workspaceId, principal.userId);
  if (!role) return null;
  const workspace = await findWorkspace(db, workspaceId);
  return workspace ? { workspace, role } : null;
}

export type Decision = 'allow' | 'forbidden' | 'person_only' | 'totp_required' | 'sso_required' | 'sso_other_workspace';

/** The matrix, plus the rules that are not about roles: people-only permissions, single sign-on
 *  (src/accounts/sso-policy.ts), and the workspace's second-factor requirement for owners and admins. */
export async function decide(db: Kysely<Database>, principal: Principal, grant: Grant, permission: Permission): Promise<Decision> {
  if (PERSON_ONLY.has(permission) && principal.kind !== 'user') return 'person_only';
  if (principal.kind === 'user') {
    const sso = await ssoAccess(db, { workspaceId: grant.workspace.id, sessionHash: principal.sessionHash, role: grant.role });
    if (sso !== 'allow') return sso;
  }
  if (!can(grant.role, permission)) return 'forbidden';
  if (principal.kind === 'user' && ADMIN_ROLES.has(grant.role) && !principal.mfa && (await requiresAdminTotp(db, grant.workspace.id))) {
    return 'totp_required';
  }
  return 'allow';
}

/** The live feed's re-check: is the session or key still valid, and which role does it hold now?
 *  Null when access is gone (logged out, expired, revoked, removed from the workspace). */
export async function recheckRole(
  db: Kysely<Database>,
  principal: Principal,
  workspaceId: string,
  input: { now: Date; policy: SessionPolicy },
): Promise<GrantRole | null> {
  if (principal.kind === 'key') {
    const key = await findApiKeyForAuth(db, principal.keyId);
    return key && !key.revokedAt && key.workspaceId === workspaceId ? key.role : null;
  }
  const session = await readSession(db, principal.token, { ...input, stage: 'active', touch: false });
  if (session.status !== 'ok') return null;
  const role = await membershipRole(db, workspaceId, principal.userId);
  if (!role) return null;
  if ((await ssoAccess(db, { workspaceId, sessionHash: session.session.hash, role })) !== 'allow') return null;
  if (ADMIN_ROLES.has(role) && !session.session.mfa && (await requiresAdminTotp(db, workspaceId))) return null;
  return role;
}
