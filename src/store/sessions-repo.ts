// Server-side sessions. Rows are keyed by the SHA-256 of the cookie's token, never the token.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export type SessionStage = 'totp' | 'active';

export type SessionRecord = {
  hash: string;
  userId: string;
  stage: SessionStage;
  mfa: boolean;
  csrfSecret: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  user: { email: string; name: string | null; kind: 'person' | 'demo'; totpEnabled: boolean };
};

export async function insertSession(
  db: Kysely<Database>,
  input: {
    hash: string;
    userId: string;
    stage: SessionStage;
    mfa: boolean;
    csrfSecret: string;
    ip: string | null;
    userAgent: string | null;
    now: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      session_hash: input.hash,
      user_id: input.userId,
      stage: input.stage,
      mfa: input.mfa,
      csrf_secret: input.csrfSecret,
      ip: input.ip,
      user_agent: input.userAgent,
      created_at: input.now,
      last_seen_at: input.now,
      expires_at: input.expiresAt,
    })
    .execute();
}

export async function findSession(db: Kysely<Database>, hash: string): Promise<SessionRecord | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.user_id', 's.user_id')
    .select([
      's.session_hash', 's.user_id', 's.stage', 's.mfa', 's.csrf_secret', 's.created_at', 's.last_seen_at', 's.expires_at',
      'u.email', 'u.name', 'u.kind', 'u.totp_enabled_at',
    ])
    .where('s.session_hash', '=', hash)
    .executeTakeFirst();
  if (!row) return null;
  return {
    hash: row.session_hash,
    userId: row.user_id,
    stage: row.stage,
    mfa: row.mfa,
    csrfSecret: row.csrf_secret,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    user: { email: row.email, name: row.name, kind: row.kind, totpEnabled: row.totp_enabled_at !== null },
  };
}

export async function touchSession(db: Kysely<Database>, hash: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('session_hash', '=', hash).execute();
}

export async function markSessionMfa(db: Kysely<Database>, hash: string): Promise<void> {
  await db.updateTable('sessions').set({ mfa: true }).where('session_hash', '=', hash).execute();
}

export async function deleteSession(db: Kysely<Database>, hash: string): Promise<void> {
  await db.deleteFrom('sessions').where('session_hash', '=', hash).execute();
}

/** Ends every session of the person (optionally all but one); returns how many ended. */
export async function deleteUserSessions(db: Kysely<Database>, userId: string, except?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (except) query = query.where('session_hash', '!=', except);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes every session nobody can use any more: past its absolute expiry, or signed in and
 *  last seen before `idleSince` (the idle timeout). Returns how many went. */
export async function deleteExpiredSessions(db: Kysely<Database>, input: { now: Date; idleSince: Date }): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', input.now), eb.and([eb('stage', '=', 'active'), eb('last_seen_at', '<', input.idleSince)])]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** After the second factor is switched off, no session of the person counts as two-factor. */
export async function clearUserMfa(db: Kysely<Database>, userId: string): Promise<void> {
  await db.updateTable('sessions').set({ mfa: false }).where('user_id', '=', userId).execute();
}
