// Who belongs to which workspace, with which role, and the workspace's security policy.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Role } from './schema-accounts.js';

export type Member = {
  userId: string;
  email: string;
  name: string | null;
  kind: 'person' | 'demo';
  role: Role;
  totpEnabled: boolean;
  joinedAt: Date;
  lastLoginAt: Date | null;
};

export type UserWorkspace = { id: string; name: string; reportingCurrency: string; isDemo: boolean; role: Role };

export async function membershipRole(db: Kysely<Database>, workspaceId: string, userId: string): Promise<Role | null> {
  const row = await db
    .selectFrom('memberships')
    .select('role')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role ?? null;
}

/** The workspaces a person belongs to, Demo first (as GET /v1/workspaces always listed them). */
export async function listUserWorkspaces(db: Kysely<Database>, userId: string): Promise<UserWorkspace[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('workspaces as w', 'w.workspace_id', 'm.workspace_id')
    .select(['w.workspace_id', 'w.name', 'w.reporting_currency', 'w.is_demo', 'm.role'])
    .where('m.user_id', '=', userId)
    .orderBy('w.is_demo', 'desc')
    .orderBy('w.created_at')
    .execute();
  return rows.map((r) => ({ id: r.workspace_id, name: r.name, reportingCurrency: r.reporting_currency, isDemo: r.is_demo, role: r.role }));
}

export async function listMembers(db: Kysely<Database>, workspaceId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.user_id', 'm.user_id')
    .select(['u.user_id', 'u.email', 'u.name', 'u.kind', 'u.totp_enabled_at', 'u.last_login_at', 'm.role', 'm.created_at'])
    .where('m.workspace_id', '=', workspaceId)
    .orderBy('m.created_at')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    email: r.email,
    name: r.name,
    kind: r.kind,
    role: r.role,
    totpEnabled: r.totp_enabled_at !== null,
    joinedAt: r.created_at,
    lastLoginAt: r.last_login_at,
  }));
}

/** Adds the person to the workspace, or changes their role there. */
export async function putMembership(db: Kysely<Database>, input: { workspaceId: string; userId: string; role: Role }): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ workspace_id: input.workspaceId, user_id: input.userId, role: input.role })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ role: input.role }))
    .execute();
}

/** Adds a membership only when there is none (an existing role is kept). */
export async function addMembershipIfAbsent(db: Kysely<Database>, input: { workspaceId: string; userId: string; role: Role }): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ workspace_id: input.workspaceId, user_id: input.userId, role: input.role })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doNothing())
    .execute();
}

export async function removeMembership(db: Kysely<Database>, workspaceId: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function countOwners(db: Kysely<Database>, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listOwnerIds(db: Kysely<Database>, workspaceId: string): Promise<string[]> {
  const rows = await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('role', '=', 'owner').execute();
  return rows.map((r) => r.user_id);
}

export async function requiresAdminTotp(db: Kysely<Database>, workspaceId: string): Promise<boolean> {
  const row = await db.selectFrom('workspace_security').select('require_admin_totp').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row?.require_admin_totp ?? false;
}

export async function setRequireAdminTotp(db: Kysely<Database>, workspaceId: string, value: boolean, at: Date): Promise<void> {
  await db
    .insertInto('workspace_security')
    .values({ workspace_id: workspaceId, require_admin_totp: value, updated_at: at })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ require_admin_totp: value, updated_at: at }))
    .execute();
}
