// A person's own account: password and the TOTP second factor with its recovery codes (issued
// when TOTP is switched on, regenerated with the password or a TOTP code, shown only in the answer
// that creates them). Changing the password or switching TOTP on ends the person's other
// sessions; the current one is replaced by a new id.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hashPassword, passwordSchema, verifyPassword } from '../../accounts/passwords.js';
import { recordSecurityEvent, type SecurityEventType } from '../../accounts/security-log.js';
import { issueRecoveryCodes, remainingRecoveryCodes, revokeRecoveryCodes } from '../../accounts/recovery-codes.js';
import { sessionPolicy, startSession } from '../../accounts/sessions.js';
import { matchTotp, newTotpSecret, totpUri } from '../../accounts/totp.js';
import { clearUserMfa, deleteSession, deleteUserSessions, markSessionMfa } from '../../store/sessions-repo.js';
import { claimTotpCounter, disableTotp, enableTotp, findCredentials, setPasswordHash, setPendingTotp } from '../../store/users-repo.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { requestMeta, requireUser, type UserPrincipal } from '../auth/principal.js';
import { setSessionCookie } from '../auth/session-cookie.js';
import { csrfTokenFor } from './auth.js';

const passwordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: passwordSchema });
const codeBody = z.object({ code: z.string().trim().min(1).max(16) });
const confirmBody = z.object({ password: z.string().min(1).max(1024) });
/** Regenerating recovery codes is confirmed with the password or a current TOTP code. */
const regenerateBody = z.union([confirmBody.strict(), codeBody.strict()]);

export async function accountRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const options = { bodyLimit: SMALL_BODY, config: { access: 'user' as const } };

  const person = (request: FastifyRequest): UserPrincipal => {
    const user = requireUser(request);
    if (user.userKind === 'demo') throw new ApiError('RVP_FORBIDDEN', 'The shared demo account cannot be changed.');
    return user;
  };
  const credentials = async (user: UserPrincipal) => {
    const found = await findCredentials(ctx.store.db, user.userId);
    if (!found) throw new ApiError('RVP_UNAUTHENTICATED');
    return found;
  };
  const event = (request: FastifyRequest, user: UserPrincipal, type: SecurityEventType) =>
    recordSecurityEvent(ctx.store.db, { type, workspaceId: null, userId: user.userId, subject: user.email, meta: requestMeta(request), at: ctx.now() });
  const checkPassword = async (request: FastifyRequest, user: UserPrincipal, password: string) => {
    if (!(await verifyPassword((await credentials(user)).passwordHash, password))) {
      await recordSecurityEvent(ctx.store.db, {
        type: 'login_failed', workspaceId: null, userId: user.userId, subject: user.email, detail: { reason: 'confirm_password' }, meta: requestMeta(request), at: ctx.now(),
      });
      throw new ApiError('RVP_INVALID_CREDENTIALS', 'The current password is not correct.');
    }
  };
  /** Ends every other session and gives this one a new id (keeping its second-factor state). */
  const rotate = async (request: FastifyRequest, reply: FastifyReply, user: UserPrincipal, mfa: boolean) => {
    await deleteUserSessions(ctx.store.db, user.userId, user.sessionHash);
    await deleteSession(ctx.store.db, user.sessionHash);
    const session = await startSession(ctx.store.db, { userId: user.userId, stage: 'active', mfa, meta: requestMeta(request), now: ctx.now(), policy: sessionPolicy(ctx.config.auth) });
    setSessionCookie(reply, ctx.config, session.token, session.expiresAt, ctx.now());
    return csrfTokenFor(request, reply, session.csrfSecret);
  };

  app.post('/v1/account/password', options, async (request, reply) => {
    const user = person(request);
    const body = passwordBody.parse(request.body);
    await checkPassword(request, user, body.currentPassword);
    await setPasswordHash(ctx.store.db, user.userId, await hashPassword(body.newPassword), ctx.now());
    await event(request, user, 'password_changed');
    return { csrfToken: await rotate(request, reply, user, user.mfa) };
  });

  app.post('/v1/account/totp/setup', options, async (request) => {
    const user = person(request);
    if (!ctx.box.canSeal) throw new ApiError('RVP_TOTP_UNAVAILABLE');
    if ((await credentials(user)).totpEnabled) throw new ApiError('RVP_BAD_REQUEST', 'Two-factor authentication is already on. Turn it off first to set up a new device.');
    const secret = newTotpSecret();
    await setPendingTotp(ctx.store.db, user.userId, ctx.box.seal(secret));
    return { secret, uri: totpUri(secret, user.email) };
  });

  app.post('/v1/account/totp/enable', options, async (request, reply) => {
    const user = person(request);
    const { code } = codeBody.parse(request.body);
    const found = await credentials(user);
    if (!found.totpPendingEnc) throw new ApiError('RVP_BAD_REQUEST', 'Start the set-up first (POST /v1/account/totp/setup).');
    const counter = matchTotp(ctx.box.open(found.totpPendingEnc), code, ctx.now());
    if (counter === null) throw new ApiError('RVP_TOTP_INVALID');
    await enableTotp(ctx.store.db, user.userId, found.totpPendingEnc, counter, ctx.now());
    await markSessionMfa(ctx.store.db, user.sessionHash);
    await event(request, user, 'totp_enabled');
    const recoveryCodes = await issueRecoveryCodes(ctx.store.db, user.userId, ctx.now());
    await event(request, user, 'recovery_codes_generated');
    return { totpEnabled: true, recoveryCodes, csrfToken: await rotate(request, reply, user, true) };
  });

  app.get('/v1/account/recovery-codes', { config: { access: 'user' as const } }, async (request) => {
    const user = person(request);
    const found = await credentials(user);
    return { totpEnabled: found.totpEnabled, remaining: found.totpEnabled ? await remainingRecoveryCodes(ctx.store.db, user.userId) : 0 };
  });

  app.post('/v1/account/recovery-codes', options, async (request) => {
    const user = person(request);
    const body = regenerateBody.parse(request.body);
    const found = await credentials(user);
    if (!found.totpEnabled || !found.totpSecretEnc) throw new ApiError('RVP_BAD_REQUEST', 'Recovery codes come with two-factor authentication: turn it on first.');
    if ('password' in body) await checkPassword(request, user, body.password);
    else {
      const counter = matchTotp(ctx.box.open(found.totpSecretEnc), body.code, ctx.now());
      if (counter === null || !(await claimTotpCounter(ctx.store.db, user.userId, counter))) throw new ApiError('RVP_TOTP_INVALID');
    }
    const recoveryCodes = await issueRecoveryCodes(ctx.store.db, user.userId, ctx.now());
    await event(request, user, 'recovery_codes_generated');
    return { recoveryCodes, remaining: recoveryCodes.length };
  });

  app.post('/v1/account/totp/disable', options, async (request) => {
    const user = person(request);
    const { password } = confirmBody.parse(request.body);
    await checkPassword(request, user, password);
    await disableTotp(ctx.store.db, user.userId);
    await revokeRecoveryCodes(ctx.store.db, user.userId);
    await clearUserMfa(ctx.store.db, user.userId);
    await event(request, user, 'totp_disabled');
    return { totpEnabled: false };
  });
}
