// Single sign-on: the OpenID Connect sign-in flow and each workspace's SSO settings (docs/sso.md).
//   GET /auth/sso/:workspaceSlug        public: is SSO available for the workspace (the login page)
//   GET /auth/sso/:workspaceSlug/start  public: off to the provider (a browser link)
//   GET /auth/sso/callback              public: back from the provider; a session, or /login with the reason
//   GET/PUT /v1/sso                     the workspace's settings (settings:write; the secret write-only)
// The redirect URI is REVPULSE_PUBLIC_URL + /auth/sso/callback, or without it the request's own
// scheme and host (X-Forwarded-* only with REVPULSE_TRUST_PROXY).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionPolicy } from '../../accounts/sessions.js';
import { finishSsoSignIn, safeReturnTo, SSO_STATE_TTL_MS, startSsoSignIn, type SsoDeps } from '../../accounts/sso.js';
import { saveSsoSettings, ssoSettingsBody, ssoSettingsView } from '../../accounts/sso-settings.js';
import { SSO_DEFAULT_ROLES } from '../../store/schema-sso.js';
import { findSsoSettings, type SsoSettings } from '../../store/sso-repo.js';
import { findWorkspaceBySlug, type Workspace } from '../../store/workspaces-repo.js';
import type { AppContext } from '../context.js';
import { SMALL_BODY } from '../hardening.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import { readSessionToken, setSessionCookie } from '../auth/session-cookie.js';
import { resolveWorkspace } from '../workspace-param.js';
import { errors, scoped } from '../schemas/common.js';

/** The cookie that binds a sign-in under way to the browser that started it. */
export const SSO_BROWSER_COOKIE = 'rvp_sso';
export const SSO_CALLBACK_PATH = '/auth/sso/callback';

const slugParam = z.object({ workspaceSlug: z.string().min(1).max(100).regex(/^[\w-]+$/, 'must be a workspace slug') });
const startQuery = z.object({ returnTo: z.string().max(1000).optional() });

const settingsResponse = z.object({
  configured: z.boolean(),
  issuer: z.string().nullable(),
  clientId: z.string().nullable(),
  clientSecretSet: z.boolean(),
  defaultRole: z.enum(SSO_DEFAULT_ROLES),
  ssoRequired: z.boolean(),
  enabled: z.boolean(),
  allowedDomains: z.array(z.string()),
  allowUnverifiedEmail: z.boolean(),
  updatedAt: z.string().nullable(),
  redirectUri: z.string().describe('Register this at the provider as the redirect (callback) URI'),
  startUrl: z.string().describe('Opens a sign-in through this workspace’s provider (the test sign-in link)'),
});

function baseUrl(ctx: AppContext, request: FastifyRequest): string {
  return (ctx.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}

export function ssoRedirectUri(ctx: AppContext, request: FastifyRequest): string {
  return `${baseUrl(ctx, request)}${SSO_CALLBACK_PATH}`;
}

const startPath = (slug: string) => `/auth/sso/${encodeURIComponent(slug)}/start`;

function loginWithError(slug: string | null, reason: string): string {
  const query = new URLSearchParams({ ...(slug ? { sso: slug } : {}), ssoError: reason });
  return `/login?${query.toString()}`;
}

function cookieSecure(ctx: AppContext, request: FastifyRequest): boolean {
  if (ctx.config.auth.cookieSecure !== 'auto') return ctx.config.auth.cookieSecure === 'true';
  return request.protocol === 'https' || (ctx.config.publicUrl?.startsWith('https:') ?? false);
}

async function enabledSso(ctx: AppContext, slug: string): Promise<{ workspace: Workspace; settings: SsoSettings } | null> {
  const workspace = await findWorkspaceBySlug(ctx.store.db, slug);
  const settings = workspace ? await findSsoSettings(ctx.store.db, workspace.id) : null;
  return workspace && settings?.enabled ? { workspace, settings } : null;
}

export async function ssoRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = (request: FastifyRequest): SsoDeps => ({ db: ctx.store.db, box: ctx.box, now: ctx.now(), meta: requestMeta(request), policy: sessionPolicy(ctx.config.auth) });

  r.get('/auth/sso/:workspaceSlug', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Whether a workspace signs in with SSO (for the login page; an unknown workspace answers like one without SSO)',
      params: slugParam,
      response: { 200: z.object({ available: z.boolean(), required: z.boolean(), startUrl: z.string().nullable() }), ...errors },
    },
  }, async (request) => {
    const found = await enabledSso(ctx, request.params.workspaceSlug);
    return { available: found !== null, required: found?.settings.ssoRequired ?? false, startUrl: found ? startPath(found.workspace.slug) : null };
  });

  r.get('/auth/sso/:workspaceSlug/start', {
    config: { access: 'public' },
    schema: { tags: ['auth'], summary: "Start signing in through the workspace's identity provider (redirects there)", params: slugParam, querystring: startQuery },
  }, async (request, reply) => {
    const slug = request.params.workspaceSlug;
    const found = await enabledSso(ctx, slug);
    if (!found) return reply.redirect(loginWithError(slug, 'unavailable'));
    let started: Awaited<ReturnType<typeof startSsoSignIn>>;
    try {
      started = await startSsoSignIn(deps(request), { settings: found.settings, redirectUri: ssoRedirectUri(ctx, request), returnTo: safeReturnTo(request.query.returnTo) });
    } catch (error) {
      request.log.warn({ err: error, workspace: found.workspace.id }, 'single sign-on: the identity provider could not be reached');
      return reply.redirect(loginWithError(slug, 'provider'));
    }
    void reply.setCookie(SSO_BROWSER_COOKIE, started.browserToken, {
      path: '/auth/sso',
      httpOnly: true,
      sameSite: 'lax', // sent on the provider's top-level redirect back to the callback
      secure: cookieSecure(ctx, request),
      maxAge: SSO_STATE_TTL_MS / 1000,
    });
    return reply.redirect(started.authorizationUrl);
  });

  r.get(SSO_CALLBACK_PATH, {
    config: { access: 'public' },
    schema: { tags: ['auth'], summary: 'Where the identity provider sends the browser back: signs in and redirects, or redirects to /login?ssoError=REASON' },
  }, async (request, reply) => {
    const params = new URLSearchParams(request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '');
    const browserToken = request.cookies[SSO_BROWSER_COOKIE] ?? null;
    void reply.clearCookie(SSO_BROWSER_COOKIE, { path: '/auth/sso', httpOnly: true, sameSite: 'lax', secure: cookieSecure(ctx, request) });
    const outcome = await finishSsoSignIn(deps(request), { params, browserToken, previousToken: readSessionToken(request) });
    if (!outcome.ok) return reply.redirect(loginWithError(outcome.workspace?.slug ?? null, outcome.reason));
    setSessionCookie(reply, ctx.config, outcome.session.token, outcome.session.expiresAt, ctx.now());
    const to = outcome.returnTo === '/' ? `/?workspace=${encodeURIComponent(outcome.workspace.id)}` : outcome.returnTo;
    return reply.redirect(to);
  });

  r.get('/v1/sso', {
    config: { access: 'settings:write' },
    schema: { tags: ['settings'], summary: "The workspace's single sign-on settings (the client secret is never shown)", querystring: z.object(scoped), response: { 200: settingsResponse, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    return ssoSettingsView(ctx.store.db, workspace, { redirectUri: ssoRedirectUri(ctx, request), startUrl: startPath(workspace.slug) });
  });

  r.put('/v1/sso', {
    bodyLimit: SMALL_BODY,
    config: { access: 'settings:write' },
    schema: { tags: ['settings'], summary: "Set the workspace's OpenID Connect provider, default role and 'SSO required'", querystring: z.object(scoped), body: ssoSettingsBody, response: { 200: settingsResponse, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const { principal } = requireGrant(request);
    await saveSsoSettings(ctx.store.db, ctx.box, { workspaceId: workspace.id, body: request.body, actor: actorOf(principal), meta: requestMeta(request), at: ctx.now() });
    return ssoSettingsView(ctx.store.db, workspace, { redirectUri: ssoRedirectUri(ctx, request), startUrl: startPath(workspace.slug) });
  });
}
