// The session cookie: httpOnly (no script reads it), SameSite=Lax (not sent on cross-site
// posts), Secure whenever the request came over HTTPS (REVPULSE_COOKIE_SECURE overrides).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';

export const SESSION_COOKIE = 'rvp_session';

function secure(request: FastifyRequest, config: Config): boolean {
  if (config.auth.cookieSecure !== 'auto') return config.auth.cookieSecure === 'true';
  return request.protocol === 'https' || (config.publicUrl?.startsWith('https:') ?? false);
}

export function readSessionToken(request: FastifyRequest): string | null {
  const value = request.cookies[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** `now` is the server's clock that `expiresAt` was computed on: the lifetime also goes out as
 *  Max-Age (which browsers prefer to Expires), so the cookie lives as long as the session even
 *  when the browser's clock and the server's disagree (a skewed host, or a test's pinned clock). */
export function setSessionCookie(reply: FastifyReply, config: Config, token: string, expiresAt: Date, now: Date): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secure(reply.request, config),
    expires: expiresAt,
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(reply.request, config) });
}
