// Signing in and out. The session cookie changes at every step (password, second factor), so an
// id planted before login is never the one that ends up signed in.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEMO_REMOTE_MESSAGE, demoLoginAllowed } from '../../accounts/demo-access.js';
import { loginWithPassword, loginWithTotp, type LoginOutcome } from '../../accounts/login.js';
import { recordSecurityEvent } from '../../accounts/security-log.js';
import { endSession, sessionPolicy } from '../../accounts/sessions.js';
import { auditSignIn } from '../../accounts/sign-in-audit.js';
import { listUserWorkspaces } from '../../store/memberships-repo.js';
import { deleteUserSessions, findSession } from '../../store/sessions-repo.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { text } from '../text-schema.js';
import { requestMeta, requireUser, type UserPrincipal } from '../auth/principal.js';
import { clearSessionCookie, readSessionToken, setSessionCookie } from '../auth/session-cookie.js';

const loginBody = z.object({ email: text(254).pipe(z.string().trim().min(1)), password: z.string().min(1).max(1024) });
/** The second step: a code from the authenticator app, or one of the person's recovery codes. */
const totpBody = z.union([
  z.object({ code: z.string().trim().min(1).max(16) }).strict(),
  z.object({ recoveryCode: z.string().trim().min(1).max(64) }).strict(),
]);
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const;

/** The CSRF token for a session: the dashboard sends it back as X-CSRF-Token on every change. */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply, csrfSecret: string): string {
  request.session = { _csrf: csrfSecret };
  return reply.generateCsrf();
}

export async function sessionView(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, user: Omit<UserPrincipal, 'kind' | 'token'>) {
  const workspaces = await listUserWorkspaces(ctx.store.db, user.userId);
  return {
    user: { id: user.userId, email: user.email, name: user.name, totpEnabled: user.totpEnabled, signedInWithTotp: user.mfa, isDemo: user.userKind === 'demo' },
    csrfToken: csrfTokenFor(request, reply, user.csrfSecret),
    workspaces,
  };
}

export async function authRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const deps = (request: FastifyRequest) => ({
    db: ctx.store.db,
    box: ctx.box,
    now: ctx.now(),
    policy: sessionPolicy(ctx.config.auth),
    meta: requestMeta(request),
    demoAllowed: demoLoginAllowed({
      demoPublic: ctx.config.demoPublic,
      ip: request.ip ?? null,
      viaUntrustedProxy: !ctx.config.auth.trustProxy && PROXY_HEADERS.some((h) => request.headers[h] !== undefined),
    }),
  });

  const answer = async (request: FastifyRequest, reply: FastifyReply, outcome: LoginOutcome) => {
    if (!outcome.ok) {
      if (outcome.reason === 'throttled') {
        void reply.header('retry-after', String(outcome.retryAfterSeconds));
        throw new ApiError('RVP_LOGIN_THROTTLED', `Too many failed sign-in attempts. Try again in ${Math.ceil(outcome.retryAfterSeconds / 60)} minute(s).`);
      }
      if (outcome.reason === 'totp_invalid') throw new ApiError('RVP_TOTP_INVALID');
      if (outcome.reason === 'recovery_code_invalid') throw new ApiError('RVP_TOTP_INVALID', 'That recovery code is not valid, or it was used already.');
      if (outcome.reason === 'demo_remote') throw new ApiError('RVP_FORBIDDEN', DEMO_REMOTE_MESSAGE);
      if (outcome.reason === 'expired') throw new ApiError('RVP_UNAUTHENTICATED', 'The sign-in has expired: enter your password again.');
      throw new ApiError('RVP_INVALID_CREDENTIALS');
    }
    setSessionCookie(reply, ctx.config, outcome.session.token, outcome.session.expiresAt, ctx.now());
    if (outcome.stage === 'totp') return { stage: 'totp' as const };
    const session = await findSession(ctx.store.db, outcome.session.hash);
    if (!session) throw new ApiError('RVP_INTERNAL');
    const view = await sessionView(ctx, request, reply, {
      userId: session.userId,
      email: session.user.email,
      name: session.user.name,
      userKind: session.user.kind,
      totpEnabled: session.user.totpEnabled,
      sessionHash: session.hash,
      csrfSecret: session.csrfSecret,
      mfa: session.mfa,
    });
    return { stage: 'active' as const, ...view };
  };

  app.post('/v1/auth/login', { bodyLimit: SMALL_BODY, config: { access: 'public' } }, async (request, reply) => {
    const body = loginBody.parse(request.body);
    const outcome = await loginWithPassword(deps(request), { ...body, previousToken: readSessionToken(request) });
    return answer(request, reply, outcome);
  });

  app.post('/v1/auth/totp', { bodyLimit: SMALL_BODY, config: { access: 'public' } }, async (request, reply) => {
    const body = totpBody.parse(request.body);
    const pendingToken = readSessionToken(request);
    if (!pendingToken) throw new ApiError('RVP_UNAUTHENTICATED', 'The sign-in has expired: enter your password again.');
    return answer(request, reply, await loginWithTotp(deps(request), { pendingToken, ...body }));
  });

  app.get('/v1/auth/session', { config: { access: 'user' } }, async (request, reply) => sessionView(ctx, request, reply, requireUser(request)));

  app.post('/v1/auth/logout', { bodyLimit: SMALL_BODY, config: { access: 'user' } }, async (request, reply) => {
    const user = requireUser(request);
    await endSession(ctx.store.db, user.token);
    await auditSignIn(ctx.store.db, { action: 'auth.signed_out', user: { id: user.userId, email: user.email }, meta: requestMeta(request), at: ctx.now() });
    clearSessionCookie(reply, ctx.config);
    return { signedOut: true };
  });

  app.post('/v1/auth/logout-all', { bodyLimit: SMALL_BODY, config: { access: 'user' } }, async (request, reply) => {
    const user = requireUser(request);
    // The shared demo login: one visitor must not sign out all the others.
    const ended = user.userKind === 'demo' ? (await endSession(ctx.store.db, user.token), 1) : await deleteUserSessions(ctx.store.db, user.userId);
    await recordSecurityEvent(ctx.store.db, {
      type: 'sessions_revoked',
      workspaceId: null,
      userId: user.userId,
      subject: user.email,
      detail: { sessions: ended },
      meta: requestMeta(request),
      at: ctx.now(),
    });
    await auditSignIn(ctx.store.db, { action: 'auth.signed_out', user: { id: user.userId, email: user.email }, detail: { everywhere: user.userKind !== 'demo', sessions: ended }, meta: requestMeta(request), at: ctx.now() });
    clearSessionCookie(reply, ctx.config);
    return { signedOut: true, sessions: ended };
  });
}
