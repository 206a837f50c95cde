// THE authorisation hook. Every route declares `config.access` (route-access.ts); this file makes
// sure each one does (a route without it stops the app from building), and for every request:
// authenticates (session cookie or API key), checks cross-site requests (Origin and the CSRF
// token on cookie-authenticated state changes), resolves the workspace the caller may see (a
// member's ?workspace=ID, or the key's own) and checks the role against the matrix in
// permissions.ts. Routes then just call resolveWorkspace(). Successful requests to export routes
// are written to the audit log here, so no export can forget to.
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { workspaceQuery } from '../workspace-param.js';
import type { RouteAccess } from '../route-access.js';
import { recordAudit, recordSecurityEvent } from '../../accounts/security-log.js';
import { authenticate } from './authenticate.js';
import { decide, resolveGrant } from './grant.js';
import { can, UNSCOPED } from '../../accounts/permissions.js';
import { actorOf, requestMeta, type Principal } from './principal.js';
import { clearSessionCookie, readSessionToken } from './session-cookie.js';
import { readSession, sessionPolicy } from '../../accounts/sessions.js';

export type RegisteredRoute = { method: string; url: string; access: RouteAccess; websocket: boolean };

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route the app registered, with its access marker (the route-coverage test reads this). */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return registered.get(app) ?? [];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function expectedOrigin(ctx: AppContext, request: FastifyRequest): string[] {
  const origins = [`${request.protocol}://${request.host}`];
  if (ctx.config.publicUrl) origins.push(new URL(ctx.config.publicUrl).origin);
  return origins;
}

/** A browser request from another site: its Origin is not ours, or the browser says cross-site. */
function crossSite(ctx: AppContext, request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = request.headers.origin;
  return origin !== undefined && !expectedOrigin(ctx, request).includes(origin);
}

async function rejectCrossSite(ctx: AppContext, request: FastifyRequest, principal: Principal | null, reason: string): Promise<never> {
  await recordSecurityEvent(ctx.store.db, {
    type: 'csrf_rejected',
    workspaceId: null,
    userId: principal?.kind === 'user' ? principal.userId : null,
    subject: `${request.method} ${request.routeOptions.url ?? request.url}`,
    detail: { reason, origin: request.headers.origin ?? null },
    meta: requestMeta(request),
    at: ctx.now(),
  });
  throw new ApiError('RVP_CSRF');
}

async function deny(ctx: AppContext, request: FastifyRequest, principal: Principal, workspaceId: string, permission: string): Promise<never> {
  await recordSecurityEvent(ctx.store.db, {
    type: 'permission_denied',
    workspaceId,
    userId: principal.kind === 'user' ? principal.userId : null,
    subject: actorOf(principal).label,
    detail: { permission, route: `${request.method} ${request.routeOptions.url ?? ''}` },
    meta: requestMeta(request),
    at: ctx.now(),
  });
  throw new ApiError('RVP_FORBIDDEN', `Your role does not allow ${permission}.`);
}

function workspaceIdOf(request: FastifyRequest, principal: Principal): string {
  const named = (request.query as Record<string, unknown> | undefined)?.workspace;
  if (principal.kind === 'key' && named === undefined) return principal.workspaceId;
  return workspaceQuery.parse(request.query).workspace;
}

async function authorise(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const access = request.routeOptions.config.access;
  if (!access) throw new ApiError('RVP_INTERNAL');
  const unsafe = !SAFE_METHODS.has(request.method);
  if (access === 'webhook') return;
  if (access === 'public') {
    // Login and invitation forms: a cross-site post could sign a victim in as someone else.
    if (unsafe && crossSite(ctx, request)) await rejectCrossSite(ctx, request, null, 'origin');
    return;
  }

  const authn = await authenticate(ctx, request);
  if (!authn.ok) {
    if (authn.reason === 'expired' || authn.reason === 'bad_session') clearSessionCookie(reply, ctx.config);
    throw new ApiError(
      'RVP_UNAUTHENTICATED',
      authn.reason === 'expired' ? 'Your session has expired. Sign in again.' : authn.reason === 'bad_key' ? 'The API key is not valid.' : undefined,
    );
  }
  const { principal } = authn;
  request.auth = { principal, grant: null };
  if (authn.via === 'cookie' && principal.kind === 'user') {
    request.session = { _csrf: principal.csrfSecret };
    // The WebSocket handshake is a GET, so it gets the Origin check without the token.
    if ((unsafe || request.ws) && crossSite(ctx, request)) await rejectCrossSite(ctx, request, principal, 'origin');
  }

  if (access === 'user') {
    if (principal.kind !== 'user') throw new ApiError('RVP_FORBIDDEN', 'API keys cannot use account routes.');
    return;
  }
  if (UNSCOPED.has(access)) {
    // A key's role is known here (a person's roles are per workspace: the route filters by them).
    if (principal.kind === 'key' && !can(principal.role, access)) throw new ApiError('RVP_FORBIDDEN', `An API key with the ${principal.role} role cannot use this route.`);
    return;
  }

  const workspaceId = workspaceIdOf(request, principal);
  const grant = await resolveGrant(ctx.store.db, principal, workspaceId);
  if (!grant) throw new ApiError('RVP_WORKSPACE_NOT_FOUND', `No workspace with id ${workspaceId}.`);
  const decision = await decide(ctx.store.db, principal, grant, access);
  if (decision === 'person_only') throw new ApiError('RVP_FORBIDDEN', `${access} needs a signed-in person; API keys cannot use it.`);
  if (decision === 'forbidden') await deny(ctx, request, principal, grant.workspace.id, access);
  if (decision === 'totp_required') throw new ApiError('RVP_TOTP_REQUIRED');
  if (decision === 'sso_required') throw new ApiError('RVP_SSO_REQUIRED');
  if (decision === 'sso_other_workspace') throw new ApiError('RVP_SSO_OTHER_WORKSPACE');
  request.auth = { principal, grant };
}

/** The dashboard's entry page: without a valid session the server answers with a redirect to
 *  the login page (so the app never starts only to be turned away). */
async function pageGuard(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = readSessionToken(request);
  const found = token ? await readSession(ctx.store.db, token, { now: ctx.now(), policy: sessionPolicy(ctx.config.auth), stage: 'active', touch: false }) : null;
  if (found?.status === 'ok') return;
  const here = request.url.startsWith('/') && !request.url.startsWith('//') ? request.url : '/';
  await reply.redirect(here === '/' || here === '/index.html' ? '/login' : `/login?next=${encodeURIComponent(here)}`);
}

/** After the authorisation hook, for cookie-authenticated state changes: the CSRF token. */
function csrfCheck(app: FastifyInstance): onRequestHookHandler {
  return function (request, reply, done) {
    const needsToken = !SAFE_METHODS.has(request.method) && request.session !== null;
    if (!needsToken) return done();
    app.csrfProtection.call(app, request, reply, done);
  };
}

function appendHooks<T>(existing: T | T[] | undefined, ...hooks: T[]): T[] {
  return [...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]), ...hooks];
}

/** Registers the hook on the root instance: it then applies to every route registered after. */
export function registerAuthorisation(app: FastifyInstance, ctx: AppContext): void {
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.decorateRequest('auth', null);
  app.decorateRequest('session', null);
  const hook: onRequestHookHandler = (request, reply) => authorise(ctx, request, reply);
  const audit = async (request: FastifyRequest, reply: FastifyReply) => {
    if (reply.statusCode >= 400 || !request.auth?.grant) return;
    await recordAudit(ctx.store.db, {
      workspaceIds: [request.auth.grant.workspace.id],
      actor: actorOf(request.auth.principal),
      action: 'data.exported',
      target: { type: 'export', id: request.routeOptions.url ?? null, label: `${request.method} ${request.url.slice(0, 250)}` },
      meta: requestMeta(request),
      at: ctx.now(),
    });
  };
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as { access?: RouteAccess; rootPath?: string };
    // The dashboard's static files (@fastify/static marks them with rootPath) hold no data.
    const access: RouteAccess | undefined = config.access ?? (config.rootPath !== undefined ? 'public' : undefined);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!access) throw new Error(`Route ${methods.join(',')} ${route.url} declares no config.access (see src/api/route-access.ts)`);
    route.config = { ...config, access };
    for (const method of methods) routes.push({ method, url: route.url, access, websocket: Boolean(route.websocket) });
    route.onRequest = appendHooks(route.onRequest, hook, csrfCheck(app));
    if (access === 'exports:create') route.onResponse = appendHooks(route.onResponse, audit);
    // The dashboard's shell, as @fastify/static serves it at the root (not other static trees).
    const appShell = config.rootPath !== undefined && (route.url === '/' || route.url === '/index.html');
    if (appShell) route.onRequest = appendHooks(route.onRequest, (request, reply) => pageGuard(ctx, request, reply));
  });
}
