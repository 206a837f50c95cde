// The rules of a team, whoever asks (the web UI, the CLI): only owners make or unmake owners, a
// workspace always keeps an owner, and an invitation is used once, by the email it names.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { GrantRole, Role } from '../store/schema-accounts.js';
import { ApiError } from '../errors.js';
import { mayGrant } from './permissions.js';
import { countOwners, membershipRole, putMembership, removeMembership } from '../store/memberships-repo.js';
import { insertInvitation, type Invitation } from '../store/invitations-repo.js';
import { findUserByEmail, normaliseEmail } from '../store/users-repo.js';
import { randomToken, sha256 } from './tokens.js';

export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

function assertMayGrant(actorRole: GrantRole, role: Role): void {
  if (!mayGrant(actorRole, role)) throw new ApiError('RVP_FORBIDDEN', `Your role (${actorRole}) cannot grant the ${role} role.`);
}

/** Serialises membership changes of one workspace, so two owners cannot demote each other at once. */
async function lockTeam(trx: Kysely<Database>, workspaceId: string): Promise<void> {
  await sql`select user_id from memberships where workspace_id = ${workspaceId} for update`.execute(trx);
}

export async function invite(
  db: Kysely<Database>,
  input: { workspaceId: string; actorRole: GrantRole; actorId: string | null; email: string; role: Role; now: Date },
): Promise<{ invitation: Invitation; token: string }> {
  assertMayGrant(input.actorRole, input.role);
  const email = normaliseEmail(input.email);
  const existing = await findUserByEmail(db, email);
  if (existing && (await membershipRole(db, input.workspaceId, existing.id))) throw new ApiError('RVP_ALREADY_MEMBER');
  const token = randomToken();
  const invitation = await insertInvitation(db, {
    workspaceId: input.workspaceId,
    email,
    role: input.role,
    tokenHash: sha256(token),
    invitedBy: input.actorId,
    now: input.now,
    expiresAt: new Date(input.now.getTime() + INVITATION_TTL_MS),
  });
  return { invitation, token };
}

export async function changeRole(
  db: Kysely<Database>,
  input: { workspaceId: string; actorRole: GrantRole; userId: string; role: Role },
): Promise<{ from: Role; to: Role }> {
  return db.transaction().execute(async (trx) => {
    await lockTeam(trx, input.workspaceId);
    const current = await membershipRole(trx, input.workspaceId, input.userId);
    if (!current) throw new ApiError('RVP_NOT_FOUND', 'No member with this id in the workspace.');
    assertMayGrant(input.actorRole, input.role);
    if (current === 'owner' && input.actorRole !== 'owner') throw new ApiError('RVP_FORBIDDEN', 'Only an owner can change the role of an owner.');
    if (current === 'owner' && input.role !== 'owner' && (await countOwners(trx, input.workspaceId)) <= 1) throw new ApiError('RVP_LAST_OWNER');
    await putMembership(trx, { workspaceId: input.workspaceId, userId: input.userId, role: input.role });
    return { from: current, to: input.role };
  });
}

export async function removeMember(
  db: Kysely<Database>,
  input: { workspaceId: string; actorRole: GrantRole; userId: string },
): Promise<{ role: Role }> {
  return db.transaction().execute(async (trx) => {
    await lockTeam(trx, input.workspaceId);
    const current = await membershipRole(trx, input.workspaceId, input.userId);
    if (!current) throw new ApiError('RVP_NOT_FOUND', 'No member with this id in the workspace.');
    if (current === 'owner' && input.actorRole !== 'owner') throw new ApiError('RVP_FORBIDDEN', 'Only an owner can remove an owner.');
    if (current === 'owner' && (await countOwners(trx, input.workspaceId)) <= 1) throw new ApiError('RVP_LAST_OWNER');
    await removeMembership(trx, input.workspaceId, input.userId);
    return { role: current };
  });
}
