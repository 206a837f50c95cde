// Answering an invitation: a newcomer creates their account with it; someone who already has an
// account signs in first and joins with it. Either way the invitation is used once.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { ApiError } from '../errors.js';
import { claimInvitation, findInvitationByTokenHash, type Invitation } from '../store/invitations-repo.js';
import { addMembershipIfAbsent } from '../store/memberships-repo.js';
import { createUser, findUserByEmail } from '../store/users-repo.js';
import { hashPassword } from './passwords.js';
import { sha256 } from './tokens.js';

export type OpenInvitation = Invitation & { workspaceName: string; accountExists: boolean };

export async function lookupInvitation(db: Kysely<Database>, token: string, now: Date): Promise<OpenInvitation> {
  const invitation = /^[A-Za-z0-9_-]{43}$/.test(token) ? await findInvitationByTokenHash(db, sha256(token)) : null;
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) throw new ApiError('RVP_INVITATION_INVALID');
  return { ...invitation, accountExists: (await findUserByEmail(db, invitation.email)) !== null };
}

/** A newcomer: creates the account (with the invited email) and the membership. */
export async function acceptAsNewcomer(
  db: Kysely<Database>,
  input: { token: string; name: string | null; password: string; now: Date },
): Promise<{ userId: string; invitation: OpenInvitation }> {
  const invitation = await lookupInvitation(db, input.token, input.now);
  if (invitation.accountExists) throw new ApiError('RVP_ACCOUNT_EXISTS');
  const passwordHash = await hashPassword(input.password);
  const userId = await db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, invitation.email)) throw new ApiError('RVP_ACCOUNT_EXISTS');
    const user = await createUser(trx, { email: invitation.email, name: input.name, passwordHash, now: input.now });
    if (!(await claimInvitation(trx, invitation.id, user.id, input.now))) throw new ApiError('RVP_INVITATION_INVALID');
    await addMembershipIfAbsent(trx, { workspaceId: invitation.workspaceId, userId: user.id, role: invitation.role });
    return user.id;
  });
  return { userId, invitation };
}

/** A signed-in person whose email the invitation names. */
export async function acceptAsMember(
  db: Kysely<Database>,
  input: { token: string; userId: string; email: string; now: Date },
): Promise<OpenInvitation> {
  const invitation = await lookupInvitation(db, input.token, input.now);
  if (invitation.email !== input.email) {
    throw new ApiError('RVP_FORBIDDEN', `This invitation is for ${invitation.email}; you are signed in as ${input.email}.`);
  }
  await db.transaction().execute(async (trx) => {
    if (!(await claimInvitation(trx, invitation.id, input.userId, input.now))) throw new ApiError('RVP_INVITATION_INVALID');
    await addMembershipIfAbsent(trx, { workspaceId: invitation.workspaceId, userId: input.userId, role: invitation.role });
  });
  return invitation;
}
