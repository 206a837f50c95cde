// Signing in: throttling (per email and per IP, counted from the recorded failed logins so every
// instance agrees), the password check, the optional second factor (a TOTP code or a single-use
// recovery code), and a fresh session. The shared demo account signs in only where the server
// allows it (deps.demoAllowed: from the machine itself, or a public demo site). Every sign-in and
// every failed attempt of a known person is audited in that person's workspaces.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { SecretBox } from '../store/secret-box.js';
import { countFailedLogins } from '../store/security-events-repo.js';
import { deleteSession } from '../store/sessions-repo.js';
import { claimTotpCounter, findCredentials, findCredentialsByEmail, normaliseEmail, recordLogin, type UserCredentials } from '../store/users-repo.js';
import { verifyPassword } from './passwords.js';
import { redeemRecoveryCode, remainingRecoveryCodes } from './recovery-codes.js';
import { recordSecurityEvent, type RequestMeta } from './security-log.js';
import { auditSignIn, type SignInMethod } from './sign-in-audit.js';
import { endSession, readSession, startSession, type SessionPolicy, type StartedSession } from './sessions.js';
import { matchTotp } from './totp.js';

export const THROTTLE_WINDOW_MS = 15 * 60_000;
/** Failed attempts for one email (since its last successful login) before it is locked. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** Failed attempts from one IP, across all emails, before that IP is throttled. */
export const MAX_FAILURES_PER_IP = 30;

export type LoginDeps = {
  db: Kysely<Database>;
  box: SecretBox;
  now: Date;
  policy: SessionPolicy;
  meta: RequestMeta;
  /** Whether the shared demo account may sign in from this request (see demo-access.ts). */
  demoAllowed: boolean;
};

export type LoginOutcome =
  | { ok: true; stage: 'active' | 'totp'; session: StartedSession; userId: string }
  | { ok: false; reason: 'invalid' | 'totp_invalid' | 'recovery_code_invalid' | 'expired' | 'demo_remote' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

type Throttle = { blocked: false; failures: number } | { blocked: true; retryAfterSeconds: number; scope: 'account' | 'ip' };

async function throttle(deps: LoginDeps, email: string, user: UserCredentials | null): Promise<Throttle> {
  const since = new Date(deps.now.getTime() - THROTTLE_WINDOW_MS);
  const resetAt = Math.max(since.getTime(), user?.lastLoginAt?.getTime() ?? 0, user?.passwordChangedAt.getTime() ?? 0);
  const counts = await countFailedLogins(deps.db, { email, ip: deps.meta.ip, since, accountSince: new Date(resetAt) });
  const retryAfter = (oldest: Date | null) => Math.max(1, Math.ceil(((oldest?.getTime() ?? deps.now.getTime()) + THROTTLE_WINDOW_MS - deps.now.getTime()) / 1000));
  if (counts.forEmail >= MAX_FAILURES_PER_ACCOUNT) return { blocked: true, retryAfterSeconds: retryAfter(counts.oldestForEmail), scope: 'account' };
  if (counts.fromIp >= MAX_FAILURES_PER_IP) return { blocked: true, retryAfterSeconds: retryAfter(counts.oldestFromIp), scope: 'ip' };
  return { blocked: false, failures: counts.forEmail };
}

async function recordFailure(deps: LoginDeps, email: string, user: UserCredentials | null, failuresBefore: number, reason: string): Promise<void> {
  const event = { workspaceId: null, userId: user?.id ?? null, subject: email, meta: deps.meta, at: deps.now };
  await recordSecurityEvent(deps.db, { ...event, type: 'login_failed', detail: { reason } });
  if (user) await auditSignIn(deps.db, { action: 'auth.sign_in_failed', user, detail: { reason }, meta: deps.meta, at: deps.now });
  if (failuresBefore + 1 === MAX_FAILURES_PER_ACCOUNT) {
    await recordSecurityEvent(deps.db, { ...event, type: 'account_locked', detail: { minutes: THROTTLE_WINDOW_MS / 60_000 } });
  }
}

async function blocked(deps: LoginDeps, email: string, user: UserCredentials | null, t: Throttle & { blocked: true }): Promise<LoginOutcome> {
  if (t.scope === 'ip') await recordSecurityEvent(deps.db, { type: 'ip_throttled', workspaceId: null, userId: user?.id ?? null, subject: email, meta: deps.meta, at: deps.now });
  return { ok: false, reason: 'throttled', retryAfterSeconds: t.retryAfterSeconds };
}

/** Step one: email and password. `previousToken` (the caller's current cookie) is always ended. */
export async function loginWithPassword(deps: LoginDeps, input: { email: string; password: string; previousToken?: string | null }): Promise<LoginOutcome> {
  const email = normaliseEmail(input.email).slice(0, 254);
  const user = await findCredentialsByEmail(deps.db, email);
  const t = await throttle(deps, email, user);
  if (t.blocked) return blocked(deps, email, user, t);
  if (!(await verifyPassword(user?.passwordHash ?? null, input.password)) || !user) {
    await recordFailure(deps, email, user, t.failures, 'password');
    return { ok: false, reason: 'invalid' };
  }
  if (user.kind === 'demo' && !deps.demoAllowed) {
    await recordSecurityEvent(deps.db, { type: 'demo_login_refused', workspaceId: null, userId: user.id, subject: email, meta: deps.meta, at: deps.now });
    return { ok: false, reason: 'demo_remote' };
  }
  if (input.previousToken) await endSession(deps.db, input.previousToken);
  if (user.totpEnabled) {
    const session = await startSession(deps.db, { userId: user.id, stage: 'totp', mfa: false, meta: deps.meta, now: deps.now, policy: deps.policy });
    return { ok: true, stage: 'totp', session, userId: user.id };
  }
  return signedIn(deps, user, 'password');
}

async function signedIn(deps: LoginDeps, user: UserCredentials, method: SignInMethod, detail: Record<string, unknown> = {}): Promise<LoginOutcome> {
  await recordLogin(deps.db, user.id, deps.now);
  const session = await startSession(deps.db, { userId: user.id, stage: 'active', mfa: method !== 'password', meta: deps.meta, now: deps.now, policy: deps.policy });
  await auditSignIn(deps.db, { action: 'auth.signed_in', user, detail: { method, ...detail }, meta: deps.meta, at: deps.now });
  return { ok: true, stage: 'active', session, userId: user.id };
}

/** Step two, when the account has TOTP: a code from the app — or one of the person's recovery
 *  codes — against the pending session's user. */
export async function loginWithTotp(deps: LoginDeps, input: { pendingToken: string } & ({ code: string } | { recoveryCode: string })): Promise<LoginOutcome> {
  const pending = await readSession(deps.db, input.pendingToken, { now: deps.now, policy: deps.policy, stage: 'totp', touch: false });
  if (pending.status !== 'ok') return { ok: false, reason: 'expired' };
  const user = await findCredentials(deps.db, pending.session.userId);
  if (!user?.totpSecretEnc) return { ok: false, reason: 'expired' };
  const t = await throttle(deps, user.email, user);
  if (t.blocked) return blocked(deps, user.email, user, t);
  if ('recoveryCode' in input) {
    if (!(await redeemRecoveryCode(deps.db, user.id, input.recoveryCode, deps.now))) {
      await recordFailure(deps, user.email, user, t.failures, 'recovery_code');
      return { ok: false, reason: 'recovery_code_invalid' };
    }
    const remaining = await remainingRecoveryCodes(deps.db, user.id);
    await recordSecurityEvent(deps.db, { type: 'recovery_code_used', workspaceId: null, userId: user.id, subject: user.email, detail: { remaining }, meta: deps.meta, at: deps.now });
    await deleteSession(deps.db, pending.session.hash);
    return signedIn(deps, user, 'recovery_code', { recoveryCodesRemaining: remaining });
  }
  const counter = matchTotp(deps.box.open(user.totpSecretEnc), input.code.trim(), deps.now);
  if (counter === null || !(await claimTotpCounter(deps.db, user.id, counter))) {
    await recordFailure(deps, user.email, user, t.failures, 'totp');
    return { ok: false, reason: 'totp_invalid' };
  }
  await deleteSession(deps.db, pending.session.hash);
  return signedIn(deps, user, 'totp');
}
