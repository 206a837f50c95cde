// People: identity, password hash and second factor. Users are global (one person, many
// workspaces); what they may see is decided by memberships, never by this table.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { newId } from './ids.js';

export type User = {
  id: string;
  email: string;
  name: string | null;
  kind: 'person' | 'demo';
  totpEnabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
};

/** What the login path needs. Never serialise it. */
export type UserCredentials = User & {
  passwordHash: string;
  passwordChangedAt: Date;
  totpSecretEnc: string | null;
  totpPendingEnc: string | null;
  totpLastCounter: number | null;
};

const columns = ['user_id', 'email', 'name', 'kind', 'totp_enabled_at', 'last_login_at', 'created_at'] as const;

type UserRow = {
  user_id: string;
  email: string;
  name: string | null;
  kind: 'person' | 'demo';
  totp_enabled_at: Date | null;
  last_login_at: Date | null;
  created_at: Date;
};

function toUser(row: UserRow): User {
  return {
    id: row.user_id,
    email: row.email,
    name: row.name,
    kind: row.kind,
    totpEnabled: row.totp_enabled_at !== null,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(
  db: Kysely<Database>,
  input: { email: string; name?: string | null; passwordHash: string; kind?: 'person' | 'demo'; now?: Date },
): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({
      user_id: newId('usr'),
      email: normaliseEmail(input.email),
      name: input.name ?? null,
      password_hash: input.passwordHash,
      kind: input.kind ?? 'person',
      ...(input.now ? { created_at: input.now, password_changed_at: input.now } : {}),
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function findUser(db: Kysely<Database>, userId: string): Promise<User | null> {
  const row = await db.selectFrom('users').select(columns).where('user_id', '=', userId).executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | null> {
  const row = await db.selectFrom('users').select(columns).where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return row ? toUser(row) : null;
}

async function credentialsWhere(db: Kysely<Database>, column: 'email' | 'user_id', value: string): Promise<UserCredentials | null> {
  const row = await db
    .selectFrom('users')
    .select([...columns, 'password_hash', 'password_changed_at', 'totp_secret_enc', 'totp_pending_enc', 'totp_last_counter'])
    .where(column, '=', value)
    .executeTakeFirst();
  if (!row) return null;
  return {
    ...toUser(row),
    passwordHash: row.password_hash,
    passwordChangedAt: row.password_changed_at,
    totpSecretEnc: row.totp_secret_enc,
    totpPendingEnc: row.totp_pending_enc,
    totpLastCounter: row.totp_last_counter,
  };
}

export const findCredentialsByEmail = (db: Kysely<Database>, email: string) => credentialsWhere(db, 'email', normaliseEmail(email));
export const findCredentials = (db: Kysely<Database>, userId: string) => credentialsWhere(db, 'user_id', userId);

export async function setPasswordHash(db: Kysely<Database>, userId: string, passwordHash: string, at: Date): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, password_changed_at: at }).where('user_id', '=', userId).execute();
}

export async function recordLogin(db: Kysely<Database>, userId: string, at: Date): Promise<void> {
  await db.updateTable('users').set({ last_login_at: at }).where('user_id', '=', userId).execute();
}

export async function setPendingTotp(db: Kysely<Database>, userId: string, sealed: string | null): Promise<void> {
  await db.updateTable('users').set({ totp_pending_enc: sealed }).where('user_id', '=', userId).execute();
}

export async function enableTotp(db: Kysely<Database>, userId: string, sealed: string, counter: number, at: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret_enc: sealed, totp_pending_enc: null, totp_enabled_at: at, totp_last_counter: counter })
    .where('user_id', '=', userId)
    .execute();
}

export async function disableTotp(db: Kysely<Database>, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret_enc: null, totp_pending_enc: null, totp_enabled_at: null, totp_last_counter: null })
    .where('user_id', '=', userId)
    .execute();
}

/** Records that a TOTP code of this time step was used; false when it (or a later one) already was,
 *  so a code cannot be replayed, even by two instances at once. */
export async function claimTotpCounter(db: Kysely<Database>, userId: string, counter: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_counter: counter })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_counter', 'is', null), eb('totp_last_counter', '<', counter)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countPeople(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('kind', '=', 'person')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteUser(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('users').where('user_id', '=', userId).execute();
}
