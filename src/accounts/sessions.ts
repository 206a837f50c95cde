// Session lifecycle: start (a new random id every time — at login and again after the second
// factor, so a planted id is never promoted), read (absolute expiry, idle timeout, stage), end.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { deleteExpiredSessions, deleteSession, findSession, insertSession, touchSession, type SessionRecord, type SessionStage } from '../store/sessions-repo.js';
import type { RequestMeta } from './security-log.js';
import { randomToken, sha256 } from './tokens.js';

export type SessionPolicy = { ttlMs: number; idleMs: number };

/** How long a password-verified login may wait for its second factor. */
export const TOTP_STAGE_MS = 5 * 60_000;
/** last_seen_at is written at most this often per session. */
const TOUCH_EVERY_MS = 60_000;

export function sessionPolicy(auth: { sessionTtlHours: number; sessionIdleMinutes: number }): SessionPolicy {
  return { ttlMs: auth.sessionTtlHours * 3_600_000, idleMs: auth.sessionIdleMinutes * 60_000 };
}

export type StartedSession = { token: string; hash: string; csrfSecret: string; expiresAt: Date };

export async function startSession(
  db: Kysely<Database>,
  input: { userId: string; stage: SessionStage; mfa: boolean; meta: RequestMeta; now: Date; policy: SessionPolicy },
): Promise<StartedSession> {
  const token = randomToken();
  const hash = sha256(token);
  const csrfSecret = randomToken(18);
  const lifetime = input.stage === 'totp' ? TOTP_STAGE_MS : input.policy.ttlMs;
  const expiresAt = new Date(input.now.getTime() + lifetime);
  await insertSession(db, {
    hash,
    userId: input.userId,
    stage: input.stage,
    mfa: input.mfa,
    csrfSecret,
    ip: input.meta.ip,
    userAgent: input.meta.userAgent?.slice(0, 500) ?? null,
    now: input.now,
    expiresAt,
  });
  return { token, hash, csrfSecret, expiresAt };
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Ends the session a token names (logout; the old session at a new login). */
export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  if (TOKEN_PATTERN.test(token)) await deleteSession(db, sha256(token));
}

export type SessionLookup = { status: 'ok'; session: SessionRecord } | { status: 'missing' } | { status: 'expired' };

/** The session a cookie names, if it is in the wanted stage and neither expired nor idle too long.
 *  An expired one is deleted. `touch` records activity (not for the live feed's re-checks). */
export async function readSession(
  db: Kysely<Database>,
  token: string,
  input: { now: Date; policy: SessionPolicy; stage: SessionStage; touch: boolean },
): Promise<SessionLookup> {
  if (!TOKEN_PATTERN.test(token)) return { status: 'missing' };
  const session = await findSession(db, sha256(token));
  if (!session || session.stage !== input.stage) return { status: 'missing' };
  const now = input.now.getTime();
  const idle = input.stage === 'active' && now - session.lastSeenAt.getTime() > input.policy.idleMs;
  if (session.expiresAt.getTime() <= now || idle) {
    await deleteSession(db, session.hash);
    return { status: 'expired' };
  }
  if (input.touch && now - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await touchSession(db, session.hash, input.now);
  return { status: 'ok', session };
}

/** Deletes the sessions readSession would refuse — past their absolute lifetime or idle longer
 *  than the policy allows — so the table does not grow with every sign-in never signed out.
 *  Returns how many went (src/jobs/session-prune.ts runs it on start and every hour). */
export async function pruneSessions(db: Kysely<Database>, input: { now: Date; policy: SessionPolicy }): Promise<number> {
  return deleteExpiredSessions(db, { now: input.now, idleSince: new Date(input.now.getTime() - input.policy.idleMs) });
}
