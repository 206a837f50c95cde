// Who is calling (a person through a session, or an API key) and, on workspace routes, which
// workspace and role the authorisation hook granted. Set on every request by authorise.ts.
import type { FastifyRequest } from 'fastify';
import type { Workspace } from '../../store/workspaces-repo.js';
import type { ApiKeyRole, GrantRole } from '../../accounts/permissions.js';
import type { RequestMeta } from '../../accounts/security-log.js';

export type UserPrincipal = {
  kind: 'user';
  userId: string;
  email: string;
  name: string | null;
  userKind: 'person' | 'demo';
  totpEnabled: boolean;
  /** The session cookie's token: kept in memory only, to re-check the session (live feed). */
  token: string;
  sessionHash: string;
  csrfSecret: string;
  /** The session was established with a second factor. */
  mfa: boolean;
};

export type KeyPrincipal = { kind: 'key'; keyId: string; workspaceId: string; role: ApiKeyRole; name: string };

export type Principal = UserPrincipal | KeyPrincipal;

export type Grant = { workspace: Workspace; role: GrantRole };

export type Auth = { principal: Principal; grant: Grant | null };

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
    /** Read by @fastify/csrf-protection ('@fastify/session' mode): the session's CSRF secret. */
    session: { _csrf?: string } | null;
  }
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  const agent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent.slice(0, 500) : null };
}

/** The caller as a person; throws when a route marked 'user' is reached otherwise (a bug). */
export function requireUser(request: FastifyRequest): UserPrincipal {
  const principal = request.auth?.principal;
  if (principal?.kind !== 'user') throw new Error('route expects a signed-in user: is its access marker "user"?');
  return principal;
}

export function requireGrant(request: FastifyRequest): Grant & { principal: Principal } {
  const auth = request.auth;
  if (!auth?.grant) throw new Error('route expects a workspace grant: is its access marker a workspace permission?');
  return { ...auth.grant, principal: auth.principal };
}

export function actorOf(principal: Principal): { type: 'user' | 'api_key'; id: string; label: string } {
  return principal.kind === 'user'
    ? { type: 'user', id: principal.userId, label: principal.email }
    : { type: 'api_key', id: principal.keyId, label: `${principal.name} (${principal.keyId})` };
}
