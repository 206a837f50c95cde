// Invitations to a workspace: an email, a role, and the hash of the link's token.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Role } from './schema-accounts.js';
import { newId } from './ids.js';

export type Invitation = {
  id: string;
  workspaceId: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
};

const columns = ['invitation_id', 'workspace_id', 'email', 'role', 'invited_by', 'created_at', 'expires_at', 'accepted_at', 'revoked_at'] as const;

type InvitationRow = {
  invitation_id: string;
  workspace_id: string;
  email: string;
  role: Role;
  invited_by: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
};

function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.invitation_id,
    workspaceId: row.workspace_id,
    email: row.email,
    role: row.role,
    invitedBy: row.invited_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertInvitation(
  db: Kysely<Database>,
  input: { workspaceId: string; email: string; role: Role; tokenHash: string; invitedBy: string | null; now: Date; expiresAt: Date },
): Promise<Invitation> {
  const row = await db
    .insertInto('invitations')
    .values({
      invitation_id: newId('inv'),
      workspace_id: input.workspaceId,
      token_hash: input.tokenHash,
      email: input.email,
      role: input.role,
      invited_by: input.invitedBy,
      created_at: input.now,
      expires_at: input.expiresAt,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toInvitation(row);
}

/** The one invitation lookup not scoped by workspace: the link names only its token. */
export async function findInvitationByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<(Invitation & { workspaceName: string }) | null> {
  const row = await db
    .selectFrom('invitations as i')
    .innerJoin('workspaces as w', 'w.workspace_id', 'i.workspace_id')
    .select(['i.invitation_id', 'i.workspace_id', 'i.email', 'i.role', 'i.invited_by', 'i.created_at', 'i.expires_at', 'i.accepted_at', 'i.revoked_at', 'w.name'])
    .where('i.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? { ...toInvitation(row), workspaceName: row.name } : null;
}

/** Invitations still waiting for an answer. */
export async function listOpenInvitations(db: Kysely<Database>, workspaceId: string, now: Date): Promise<Invitation[]> {
  const rows = await db
    .selectFrom('invitations')
    .select(columns)
    .where('workspace_id', '=', workspaceId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toInvitation);
}

export async function revokeInvitation(db: Kysely<Database>, workspaceId: string, invitationId: string, at: Date): Promise<Invitation | null> {
  const row = await db
    .updateTable('invitations')
    .set({ revoked_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('invitation_id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returning(columns)
    .executeTakeFirst();
  return row ? toInvitation(row) : null;
}

/** Marks the invitation used; false when it was used, revoked or expired meanwhile (one use only). */
export async function claimInvitation(db: Kysely<Database>, invitationId: string, userId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ accepted_at: at, accepted_by: userId })
    .where('invitation_id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
