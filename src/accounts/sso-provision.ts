// Who an OpenID Connect sign-in is, here: the person already linked to the provider's subject;
// else the person with the same (verified) e-mail, linked now; else a new person (just-in-time
// provisioning, with no usable password). Then their membership of the workspace (the
// workspace's default role when they had none) and a session opened through SSO. All in one
// transaction, so a session never exists without the record that it came through SSO.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { SsoSettings } from '../store/sso-repo.js';
import { findIdentity, insertIdentity, insertSsoSession, touchIdentity } from '../store/sso-repo.js';
import { addMembershipIfAbsent, membershipRole } from '../store/memberships-repo.js';
import { createUser, findUser, findUserByEmail, recordLogin, type User } from '../store/users-repo.js';
import { hashPassword } from './passwords.js';
import type { RequestMeta } from './security-log.js';
import { startSession, type SessionPolicy, type StartedSession } from './sessions.js';

export type SsoClaims = { issuer: string; subject: string; email: string; emailVerified: boolean; name: string | null; mfa: boolean };

export type Provisioned =
  | { ok: true; user: User; session: StartedSession; created: boolean; linked: boolean; joined: boolean; role: string }
  | { ok: false; reason: 'email_unverified' | 'account_conflict' };

export async function provisionAndSignIn(
  db: Kysely<Database>,
  input: { settings: SsoSettings; claims: SsoClaims; meta: RequestMeta; now: Date; policy: SessionPolicy },
): Promise<Provisioned> {
  const { settings, claims, now } = input;
  return db.transaction().execute(async (trx): Promise<Provisioned> => {
    let created = false;
    let linked = false;
    const identity = await findIdentity(trx, claims.issuer, claims.subject);
    let user = identity ? await findUser(trx, identity.userId) : null;
    if (!user) {
      const existing = await findUserByEmail(trx, claims.email);
      if (existing) {
        // An unverified address never takes over an existing account, whatever the workspace allows.
        if (!claims.emailVerified) return { ok: false, reason: 'email_unverified' };
        if (existing.kind !== 'person') return { ok: false, reason: 'account_conflict' };
        user = existing;
        linked = true;
      } else {
        // A password nobody knows: the person signs in through the provider (an admin can still
        // give them one: revpulse users reset-password).
        const unusable = await hashPassword(randomBytes(32).toString('base64url'));
        user = await createUser(trx, { email: claims.email, name: claims.name, passwordHash: unusable, now });
        created = true;
      }
      await insertIdentity(trx, { workspaceId: settings.workspaceId, issuer: claims.issuer, subject: claims.subject, userId: user.id, now });
    } else {
      await touchIdentity(trx, claims.issuer, claims.subject, now);
    }
    let role: string | null = await membershipRole(trx, settings.workspaceId, user.id);
    const joined = role === null;
    if (role === null) {
      await addMembershipIfAbsent(trx, { workspaceId: settings.workspaceId, userId: user.id, role: settings.defaultRole });
      role = settings.defaultRole;
    }
    await recordLogin(trx, user.id, now);
    const session = await startSession(trx, { userId: user.id, stage: 'active', mfa: claims.mfa, meta: input.meta, now, policy: input.policy });
    await insertSsoSession(trx, { workspaceId: settings.workspaceId, sessionHash: session.hash, issuer: claims.issuer, subject: claims.subject, now });
    return { ok: true, user, session, created, linked, joined, role };
  });
}
