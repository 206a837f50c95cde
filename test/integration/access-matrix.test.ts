// The authorisation matrix, generated from the routes the app actually registers: every route
// (and the live WebSocket) is called unauthenticated (401), by a person and a key of another
// workspace (404), by every role and every API-key role (403 where the matrix says no, success
// where it says yes). A route with no case here fails the suite: parameterless GETs get a default
// case; anything else needs an entry in CASES (what a successful call looks like).
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp } from '../helpers/app.js';
import { startPaypalCertServer, type PaypalCertServer } from '../helpers/paypal-cert.js';
import { apiKeyCaller, signedInMember, TEST_PASSWORD, type Caller } from '../helpers/auth.js';
import { event, signedWebhook } from '../helpers/stripe-events.js';
import { registeredRoutes, type RegisteredRoute } from '../../src/api/auth/authorise.js';
import { API_KEY_ROLES, can, PERSON_ONLY, ROLES, UNSCOPED, type Permission } from '../../src/accounts/permissions.js';
import { createApiKey } from '../../src/accounts/api-keys.js';
import { invite } from '../../src/accounts/team.js';
import { totpCode } from '../../src/accounts/totp.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';
import { newId } from '../../src/store/ids.js';
import { insertSavedFilter } from '../../src/store/saved-filters-repo.js';
import { insertAnnotation } from '../../src/store/annotations-repo.js';
import { freshEmail, inA, type Case, type Fixtures } from '../helpers/access-case.js';
import { CASES as TRACKING_CASES } from './access-cases/tracking.js';
import { CASES as SUPPORT_CASES } from './access-cases/support.js';
import { CASES as HEALTH_CASES } from './access-cases/health.js';
import { CASES as RISK_CASES } from './access-cases/risk.js';
import { CASES as ALERT_CASES } from './access-cases/alerts.js';
import { CASES as SUCCESS_CASES } from './access-cases/success.js';
import { CASES as REPORT_CASES } from './access-cases/reports.js';
import { CASES as PAYPAL_CASES } from './access-cases/paypal.js';
import { CASES as IMPORT_CASES } from './access-cases/imports.js';
import { CASES as IDENTITY_CASES } from './access-cases/identity.js';
import { CASES as GDPR_CASES } from './access-cases/gdpr.js';
import { CASES as RETENTION_CASES } from './access-cases/retention.js';
import { CASES as BACKUP_CASES } from './access-cases/backups.js';
import { CASES as OUTGOING_WEBHOOK_CASES } from './access-cases/webhooks-out.js';
import { CASES as SSO_CASES } from './access-cases/sso.js';
import { CASES as OPERATIONS_CASES } from './access-cases/operations.js';

const SECRET = 'whsec_access_matrix';

/** A preset to change or delete (presets are shared: any caller who may read customers may). */
async function presetOf(f: Fixtures): Promise<string> {
  const filter = await insertSavedFilter(f.t.ctx.store.db, { id: newId('flt'), workspaceId: f.a.id, scope: 'customers', name: `Preset ${Math.random()}`, filters: {}, createdBy: null, createdByLabel: 'matrix', now: new Date() });
  return filter.id;
}

/** An annotation to change or delete. */
async function annotationOf(f: Fixtures): Promise<string> {
  const annotation = await insertAnnotation(f.t.ctx.store.db, { id: newId('ann'), workspaceId: f.a.id, day: '2025-03-01', title: 'Matrix', description: null, kind: 'other', createdBy: null, createdByLabel: 'matrix', now: new Date() });
  return annotation.id;
}

const CORE_CASES: Record<string, Case> = {
  'GET /v1/metrics/monthly': { ok: 200, build: (f) => inA(f, '/v1/metrics/monthly?from=2025-01&to=2025-03') },
  'POST /v1/team/invitations': { ok: 201, build: (f) => inA(f, '/v1/team/invitations', { method: 'POST', payload: { email: freshEmail(), role: 'viewer' } }) },
  'DELETE /v1/team/invitations/:invitationId': {
    ok: 200,
    build: async (f) => {
      const { invitation } = await invite(f.t.ctx.store.db, { workspaceId: f.a.id, actorRole: 'owner', actorId: null, email: freshEmail(), role: 'viewer', now: new Date() });
      return inA(f, `/v1/team/invitations/${invitation.id}`, { method: 'DELETE' });
    },
  },
  'PATCH /v1/team/members/:userId': {
    ok: 200,
    build: async (f) => {
      const target = await signedInMember(f.t, [{ workspaceId: f.a.id, role: 'viewer' }]);
      return inA(f, `/v1/team/members/${target.userId}`, { method: 'PATCH', payload: { role: 'analyst' } });
    },
  },
  'DELETE /v1/team/members/:userId': {
    ok: 200,
    build: async (f) => {
      const target = await signedInMember(f.t, [{ workspaceId: f.a.id, role: 'viewer' }]);
      return inA(f, `/v1/team/members/${target.userId}`, { method: 'DELETE' });
    },
  },
  'PUT /v1/team/security': { ok: 200, build: (f) => inA(f, '/v1/team/security', { method: 'PUT', payload: { requireAdminTotp: false } }) },
  'POST /v1/api-keys': { ok: 201, build: (f) => inA(f, '/v1/api-keys', { method: 'POST', payload: { name: 'matrix', role: 'viewer' } }) },
  'DELETE /v1/api-keys/:keyId': {
    ok: 200,
    build: async (f) => {
      const { key } = await createApiKey(f.t.ctx.store.db, { workspaceId: f.a.id, name: 'victim', role: 'viewer', createdBy: null, now: new Date() });
      return inA(f, `/v1/api-keys/${key.id}`, { method: 'DELETE' });
    },
  },
  // Sources (sources:read/write/sync).
  'POST /v1/sources': { ok: 201, build: (f) => inA(f, '/v1/sources', { method: 'POST', payload: { provider: 'stripe', name: 'Matrix', webhookSecret: 'whsec_matrixsecret123' } }) },
  'DELETE /v1/sources/:id': {
    ok: 204,
    build: async (f) => {
      const source = await createSource(f.t.ctx.store.db, f.t.ctx.box, { workspaceId: f.a.id, provider: 'stripe', name: 'Doomed', mode: 'test', webhookSecret: 'whsec_doomed' });
      return inA(f, `/v1/sources/${source.id}`, { method: 'DELETE' });
    },
  },
  'POST /v1/fx/import': { ok: 200, build: (f) => inA(f, '/v1/fx/import?dryRun=true', { method: 'POST', headers: { 'content-type': 'text/csv' }, payload: 'date,currency,rate_to_usd\n2025-01-02,eur,1.0350\n' }) },
  'POST /v1/fx/refresh': { ok: 503, okCode: 'RVP_FX_FETCH_OFF', build: (f) => inA(f, '/v1/fx/refresh', { method: 'POST' }) },
  'POST /v1/dead-letters/retry': { ok: 200, build: (f) => inA(f, '/v1/dead-letters/retry', { method: 'POST', payload: {} }) },
  'POST /v1/sources/:id/sync': { ok: 422, okCode: 'RVP_SOURCE_NO_API_KEY', build: (f) => inA(f, `/v1/sources/${f.source.id}/sync`, { method: 'POST' }) },
  'GET /v1/customers/:id': { ok: 404, okCode: 'RVP_CUSTOMER_NOT_FOUND', build: (f) => inA(f, '/v1/customers/cus_nobody') },
  'GET /v1/explain': { ok: 200, build: (f) => inA(f, '/v1/explain?metric=mrr') },
  'GET /v1/metrics/series': { ok: 200, build: (f) => inA(f, '/v1/metrics/series?metric=mrr') },
  'GET /v1/metrics/cohorts/customers': { ok: 200, build: (f) => inA(f, '/v1/metrics/cohorts/customers?cohort=2025-01&age=0') },
  'PUT /v1/settings/mrr-target': { ok: 200, build: (f) => inA(f, '/v1/settings/mrr-target', { method: 'PUT', payload: { mrrTarget: 1_000_000 } }) },
  'PUT /v1/settings/workspace': { ok: 200, build: (f) => inA(f, '/v1/settings/workspace', { method: 'PUT', payload: { preset: 'default' } }) }, // unchanged: 200, no rebuild
  // Saved filter presets (customers:read).
  'POST /v1/saved-filters': { ok: 201, build: (f) => inA(f, '/v1/saved-filters', { method: 'POST', payload: { name: `Matrix ${Math.random()}`, filters: { status: ['active'] } } }) },
  'PUT /v1/saved-filters/:id': { ok: 200, build: async (f) => inA(f, `/v1/saved-filters/${await presetOf(f)}`, { method: 'PUT', payload: { name: `Renamed ${Math.random()}` } }) },
  'DELETE /v1/saved-filters/:id': { ok: 204, build: async (f) => inA(f, `/v1/saved-filters/${await presetOf(f)}`, { method: 'DELETE' }) },
  // Chart annotations (metrics:read to list, settings:write to change).
  'POST /v1/annotations': { ok: 201, build: (f) => inA(f, '/v1/annotations', { method: 'POST', payload: { day: '2025-03-01', title: 'Matrix launch', kind: 'launch' } }) },
  'PUT /v1/annotations/:id': { ok: 200, build: async (f) => inA(f, `/v1/annotations/${await annotationOf(f)}`, { method: 'PUT', payload: { title: 'Renamed' } }) },
  'DELETE /v1/annotations/:id': { ok: 204, build: async (f) => inA(f, `/v1/annotations/${await annotationOf(f)}`, { method: 'DELETE' }) },
  // Account routes: each allowed call gets a fresh person (the call may end their session).
  'POST /v1/auth/logout': { ok: 200, build: () => ({ method: 'POST', url: '/v1/auth/logout' }) },
  'POST /v1/auth/logout-all': { ok: 200, build: () => ({ method: 'POST', url: '/v1/auth/logout-all' }) },
  'POST /v1/account/password': {
    ok: 200,
    build: () => ({ method: 'POST', url: '/v1/account/password', payload: { currentPassword: TEST_PASSWORD, newPassword: 'an entirely new passphrase' } }),
  },
  'POST /v1/account/totp/setup': { ok: 200, build: () => ({ method: 'POST', url: '/v1/account/totp/setup' }) },
  'POST /v1/account/totp/enable': {
    ok: 200,
    build: async (f, caller) => {
      const setup = await f.t.app.inject({ method: 'POST', url: '/v1/account/totp/setup', headers: caller.headers });
      return { method: 'POST', url: '/v1/account/totp/enable', payload: { code: totpCode(setup.json().secret, new Date()) } };
    },
  },
  'POST /v1/account/totp/disable': { ok: 200, build: () => ({ method: 'POST', url: '/v1/account/totp/disable', payload: { password: TEST_PASSWORD } }) },
  'POST /v1/invitations/join': {
    ok: 200,
    build: async (f, caller) => {
      const { token } = await invite(f.t.ctx.store.db, { workspaceId: f.b.id, actorRole: 'owner', actorId: null, email: caller.email!, role: 'viewer', now: new Date() });
      return { method: 'POST', url: '/v1/invitations/join', payload: { token } };
    },
  },
  // Public routes: no authentication, a successful call needs only the right input.
  'GET /healthz': { ok: 200, build: () => ({ url: '/healthz' }) },
  'GET /docs/static/*': { ok: 200, build: () => ({ url: '/docs/static/swagger-ui.css' }) },
  'GET /docs/static/index.html': { ok: 302, build: () => ({ url: '/docs/static/index.html' }) }, // swagger-ui sends it to /docs/
  'GET /readyz': { ok: 200, build: () => ({ url: '/readyz' }) },
  'GET /': { ok: 200, build: () => ({ url: '/' }) },
  'POST /v1/auth/login': {
    ok: 200,
    build: async (f) => {
      const person = await signedInMember(f.t, [{ workspaceId: f.a.id, role: 'viewer' }]);
      return { method: 'POST', url: '/v1/auth/login', payload: { email: person.email, password: TEST_PASSWORD } };
    },
  },
  'POST /v1/auth/totp': {
    ok: 200,
    build: async (f) => {
      const person = await signedInMember(f.t, [{ workspaceId: f.a.id, role: 'viewer' }]);
      const setup = await f.t.app.inject({ method: 'POST', url: '/v1/account/totp/setup', headers: person.headers });
      const secret = setup.json().secret as string;
      const earlier = new Date(Date.now() - 30_000);
      await f.t.app.inject({ method: 'POST', url: '/v1/account/totp/enable', headers: person.headers, payload: { code: totpCode(secret, earlier) } });
      const login = await f.t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: person.email, password: TEST_PASSWORD } });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      return { method: 'POST', url: '/v1/auth/totp', payload: { code: totpCode(secret, new Date()) }, cookies: Object.fromEntries([cookie.split('=') as [string, string]]) };
    },
  },
  'POST /v1/invitations/lookup': {
    ok: 200,
    build: async (f) => {
      const { token } = await invite(f.t.ctx.store.db, { workspaceId: f.a.id, actorRole: 'owner', actorId: null, email: freshEmail(), role: 'viewer', now: new Date() });
      return { method: 'POST', url: '/v1/invitations/lookup', payload: { token } };
    },
  },
  'POST /v1/invitations/accept': {
    ok: 201,
    build: async (f) => {
      const { token } = await invite(f.t.ctx.store.db, { workspaceId: f.a.id, actorRole: 'owner', actorId: null, email: freshEmail(), role: 'viewer', now: new Date() });
      return { method: 'POST', url: '/v1/invitations/accept', payload: { token, password: 'a brand new passphrase' } };
    },
  },
  'POST /webhooks/stripe/:sourceId': {
    ok: 200,
    build: (f) => {
      const now = Math.floor(Date.now() / 1000);
      const { body, headers } = signedWebhook(event('customer.created', { id: `cus_${Math.random().toString(36).slice(2)}`, object: 'customer', created: now, metadata: {} }, now), SECRET);
      return { method: 'POST', url: `/webhooks/stripe/${f.source.id}`, payload: body, headers } as Omit<InjectOptions, 'headers'>;
    },
  },
};

const CASES: Record<string, Case> = { ...CORE_CASES, ...TRACKING_CASES, ...SUPPORT_CASES, ...HEALTH_CASES, ...RISK_CASES, ...ALERT_CASES, ...SUCCESS_CASES, ...REPORT_CASES, ...PAYPAL_CASES, ...IMPORT_CASES, ...IDENTITY_CASES, ...GDPR_CASES, ...RETENTION_CASES, ...BACKUP_CASES, ...OUTGOING_WEBHOOK_CASES, ...SSO_CASES, ...OPERATIONS_CASES };

function caseFor(route: RegisteredRoute): Case {
  const method = route.method === 'HEAD' ? 'GET' : route.method;
  const key = `${method} ${route.url}`;
  const found = CASES[key];
  if (found) return found;
  if (method === 'GET' && !/[:*]/.test(route.url)) {
    const workspaceScoped = route.access !== 'public' && route.access !== 'webhook' && route.access !== 'user' && !UNSCOPED.has(route.access);
    return { ok: 200, build: (f) => (workspaceScoped ? inA(f, route.url) : { url: route.url }) };
  }
  throw new Error(`No access-matrix case for ${key}: add one to CASES in test/integration/access-matrix.test.ts or test/integration/access-cases/<area>.ts`);
}

describe.each(BACKENDS)('every route behind the authorisation matrix (%s)', (backend) => {
  let db: TestDatabase;
  let f: Fixtures;
  let routes: RegisteredRoute[];
  let certs: PaypalCertServer;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    certs = await startPaypalCertServer(); // signs the PayPal webhook case (access-cases/paypal.ts)
    const t = await buildTestApp(db.store, { env: { REVPULSE_RATE_LIMIT_AUTH: '100000' }, paypalCertSource: certs.certSource });
    const a = await ensureWorkspace(db.store.db, { slug: 'acme', name: 'Acme' });
    const b = await ensureWorkspace(db.store.db, { slug: 'other', name: 'Other' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: a.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
    f = { t, a, b, source };
    routes = [...registeredRoutes(t.app)];
  });
  afterAll(async () => {
    await f?.t.close();
    await db?.drop();
    await certs?.close();
  });

  it('registers every route with an access marker and a case here', () => {
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) expect(() => caseFor(route), `${route.method} ${route.url}`).not.toThrow();
  });

  /** Calls the route as `caller`; for the WebSocket, opens it and reports the HTTP answer. */
  const call = async (route: RegisteredRoute, caller: Caller | null, request: Omit<InjectOptions, 'headers'>): Promise<{ status: number; code?: string }> => {
    const headers = { ...((request as { headers?: Record<string, string> }).headers ?? {}), ...(caller?.headers ?? {}) };
    if (route.websocket && route.method === 'GET') {
      try {
        const ws = await f.t.app.injectWS(String(request.url), { headers });
        ws.terminate();
        return { status: 101 };
      } catch (error) {
        return { status: Number(/(\d{3})/.exec((error as Error).message)?.[1] ?? 0) };
      }
    }
    const response = await f.t.app.inject({ ...request, method: route.method as InjectOptions['method'], headers });
    const code = response.headers['content-type']?.toString().includes('json') && response.body ? (response.json() as { error?: { code: string } }).error?.code : undefined;
    return { status: response.statusCode, ...(code ? { code } : {}) };
  };
  /** What an allowed caller gets: HEAD answers like GET without a body; a WebSocket upgrades (101),
   *  except over HEAD, which cannot upgrade (404). */
  const okStatus = (route: RegisteredRoute, c: Case) => {
    if (route.method === 'HEAD') return route.websocket ? 404 : c.ok;
    return route.websocket ? 101 : c.ok;
  };
  const quiet = (route: RegisteredRoute) => route.websocket || route.method === 'HEAD'; // no JSON body to read a code from

  it('answers 401 to a caller without credentials, or with made-up ones, on every non-public route', { timeout: 420_000 }, async () => {
    for (const route of routes) {
      const c = caseFor(route);
      const request = await c.build(f, await signedInMember(f.t, [{ workspaceId: f.a.id, role: 'viewer' }]));
      const label = `${route.method} ${route.url}`;
      if (route.access === 'public' || route.access === 'webhook') {
        expect((await call(route, null, request)).status, label).toBe(okStatus(route, c));
        continue;
      }
      expect(await call(route, null, request), label).toMatchObject({ status: 401 });
      expect((await call(route, { headers: { authorization: 'Bearer rvp_000000000000_' + 'x'.repeat(43) } }, request)).status, label).toBe(401);
      expect((await call(route, { headers: { cookie: 'rvp_session=' + 'y'.repeat(43) } }, request)).status, label).toBe(401);
    }
  });

  it("answers 404 to a person or key of another workspace, exactly as for a workspace that does not exist", async () => {
    const outsider = await signedInMember(f.t, [{ workspaceId: f.b.id, role: 'owner' }]);
    const outsiderKey = await apiKeyCaller(f.t, f.b.id, 'admin');
    for (const route of routes) {
      const access = route.access;
      if (access === 'public' || access === 'webhook' || access === 'user' || UNSCOPED.has(access)) continue;
      const request = await caseFor(route).build(f, await signedInMember(f.t, [{ workspaceId: f.b.id, role: 'viewer' }]));
      const label = `${route.method} ${route.url}`;
      expect(await call(route, outsider, request), label).toMatchObject({ status: 404, ...(quiet(route) ? {} : { code: 'RVP_WORKSPACE_NOT_FOUND' }) });
      if (!PERSON_ONLY.has(access)) expect((await call(route, outsiderKey, request)).status, `${label} (key)`).toBe(404);
      const missing = { ...request, url: String(request.url).replace(f.a.id, 'ws_does_not_exist') };
      expect((await call(route, outsider, missing)).status, `${label} (no such workspace)`).toBe(404);
    }
  });

  it('gives every role exactly what the matrix grants: 403 below it, success at it', { timeout: 420_000 }, async () => {
    for (const route of routes) {
      const access = route.access;
      if (access === 'public' || access === 'webhook') continue;
      const c = caseFor(route);
      for (const role of ROLES) {
        const member = await signedInMember(f.t, [{ workspaceId: f.a.id, role }], { mfa: true });
        const allowed = access === 'user' || can(role, access as Permission);
        const result = await call(route, member, await c.build(f, member));
        const label = `${route.method} ${route.url} as ${role}`;
        if (allowed) expect(result, label).toMatchObject({ status: okStatus(route, c), ...(c.okCode && !quiet(route) ? { code: c.okCode } : {}) });
        else expect(result, label).toMatchObject({ status: 403, ...(quiet(route) ? {} : { code: 'RVP_FORBIDDEN' }) });
      }
    }
  });

  it('gives API keys their role, never the people-only permissions, and no account routes', { timeout: 420_000 }, async () => {
    for (const route of routes) {
      const access = route.access;
      if (access === 'public' || access === 'webhook') continue;
      const c = caseFor(route);
      for (const role of API_KEY_ROLES) {
        const key = await apiKeyCaller(f.t, f.a.id, role);
        const allowed = access !== 'user' && !PERSON_ONLY.has(access) && can(role, access);
        const result = await call(route, key, await c.build(f, await signedInMember(f.t, [{ workspaceId: f.a.id, role: 'viewer' }])));
        const label = `${route.method} ${route.url} with a ${role} key`;
        expect(result.status, label).toBe(allowed ? okStatus(route, c) : 403);
      }
    }
  });

  it('lists only the workspaces the caller belongs to', async () => {
    const outsider = await signedInMember(f.t, [{ workspaceId: f.b.id, role: 'viewer' }]);
    const list = await f.t.app.inject({ url: '/v1/workspaces', headers: outsider.headers });
    expect(list.json().data.map((w: { id: string }) => w.id)).toEqual([f.b.id]);
    const key = await apiKeyCaller(f.t, f.a.id, 'viewer');
    const keyList = await f.t.app.inject({ url: '/v1/workspaces', headers: key.headers });
    expect(keyList.json().data).toEqual([expect.objectContaining({ id: f.a.id, role: 'viewer' })]);
  });
});
