// Single sign-on against a real OpenID Connect provider (oidc-provider, on a loopback port):
// settings, the code flow with PKCE, just-in-time provisioning, linking a known e-mail, the
// refusals (state, browser, replay, nonce, expiry, unverified e-mail, domain), "SSO required"
// with the owners' break-glass, and what is logged.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller, signedInMember } from '../helpers/auth.js';
import { Browser, startOidcProvider, type OidcTestProvider } from '../helpers/oidc-provider.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

const PUBLIC_URL = 'http://revpulse.test';
const REDIRECT_URI = `${PUBLIC_URL}/auth/sso/callback`;

let idp: OidcTestProvider;
beforeAll(async () => {
  idp = await startOidcProvider({ redirectUri: REDIRECT_URI });
  idp.accounts.set('alice', { email: 'Alice@Acme.test', email_verified: true, name: 'Alice' });
  idp.accounts.set('bob', { email: 'bob@acme.test', email_verified: true });
  idp.accounts.set('mallory', { email: 'mallory@acme.test', email_verified: false });
  idp.accounts.set('eve', { email: 'eve@elsewhere.test', email_verified: true });
});
afterAll(async () => idp?.close());

const cookieOf = (setCookie: string | string[] | undefined, name: string): string | null => {
  for (const line of [setCookie ?? []].flat()) if (line.startsWith(`${name}=`)) return line.slice(name.length + 1).split(';')[0]!;
  return null;
};

describe.each(BACKENDS)('single sign-on with OpenID Connect (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let acme: Workspace;
  let other: Workspace;
  let owner: Awaited<ReturnType<typeof signedInMember>>;
  let ip = 0;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { env: { REVPULSE_PUBLIC_URL: PUBLIC_URL, REVPULSE_RATE_LIMIT_AUTH: '100000' } });
    acme = await ensureWorkspace(db.store.db, { slug: 'acme', name: 'Acme' });
    other = await ensureWorkspace(db.store.db, { slug: 'other', name: 'Other' });
    owner = await signedInMember(t, [{ workspaceId: acme.id, role: 'owner' }]);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const settings = (extra: Record<string, unknown> = {}) => ({ issuer: idp.issuer, clientId: idp.clientId, defaultRole: 'analyst', ssoRequired: false, ...extra });
  const put = (body: Record<string, unknown>) => t.app.inject({ method: 'PUT', url: `/v1/sso?workspace=${acme.id}`, headers: owner.headers, payload: body });

  /** Starts at Revpulse, signs in at the provider as `accountId`; returns the callback to call. */
  async function signInAtProvider(accountId: string, amr?: string[], returnTo?: string) {
    idp.nextLogin = { accountId, ...(amr ? { amr } : {}) };
    const remoteAddress = `10.0.0.${++ip}`; // one client per flow: failures are never folded together
    const start = await t.app.inject({ url: `/auth/sso/acme/start${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`, remoteAddress });
    expect(start.statusCode, start.body).toBe(302);
    const browserToken = cookieOf(start.headers['set-cookie'], 'rvp_sso');
    expect(browserToken).toBeTruthy();
    const back = await new Browser().followUntilLeaving(String(start.headers.location), idp.issuer);
    expect(back.href.startsWith(`${REDIRECT_URI}?`)).toBe(true);
    const state = back.searchParams.get('state')!;
    const callback = (options: { url?: string; browser?: string | null } = {}) =>
      t.app.inject({ url: options.url ?? `${back.pathname}${back.search}`, remoteAddress, cookies: options.browser === null ? {} : { rvp_sso: options.browser ?? browserToken! } });
    return { callback, state, url: `${back.pathname}${back.search}` };
  }

  const refusedWith = (response: { statusCode: number; headers: Record<string, unknown> }, reason: string) => {
    expect(response.statusCode).toBe(302);
    const location = new URL(String(response.headers.location), PUBLIC_URL);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('ssoError')).toBe(reason);
    expect(cookieOf(response.headers['set-cookie'] as string[], 'rvp_session')).toBeNull();
  };

  async function sessionOf(response: { headers: Record<string, unknown> }) {
    const token = cookieOf(response.headers['set-cookie'] as string[], 'rvp_session');
    expect(token).toBeTruthy();
    const session = await t.app.inject({ url: '/v1/auth/session', cookies: { rvp_session: token! } });
    expect(session.statusCode).toBe(200);
    return { token: token!, body: session.json() as { user: { id: string; email: string; signedInWithTotp: boolean } } };
  }

  const securityReasons = async () =>
    (await db.store.db.selectFrom('security_events').select('detail').where('type', '=', 'sso_login_failed').execute()).map((r) => (r.detail as { reason: string }).reason);

  it('keeps the settings per workspace, the client secret write-only, and refuses bad ones', async () => {
    const empty = await t.app.inject({ url: `/v1/sso?workspace=${acme.id}`, headers: owner.headers });
    expect(empty.json()).toMatchObject({ configured: false, redirectUri: REDIRECT_URI, startUrl: '/auth/sso/acme/start' });
    expect((await t.app.inject({ url: '/auth/sso/acme' })).json()).toEqual({ available: false, required: false, startUrl: null });

    expect((await put(settings())).json().error.message).toMatch(/client secret is required/);
    expect((await put(settings({ clientSecret: 'x', issuer: 'http://idp.example.com' }))).json().error.message).toMatch(/https/);
    expect((await put(settings({ clientSecret: 'x', defaultRole: 'owner' }))).statusCode).toBe(400);
    expect((await put(settings({ clientSecret: 'x', allowedDomains: ['not a domain'] }))).statusCode).toBe(400);

    const saved = await put(settings({ clientSecret: idp.clientSecret }));
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ configured: true, issuer: idp.issuer, clientSecretSet: true, defaultRole: 'analyst', enabled: true });
    expect(saved.body).not.toContain(idp.clientSecret);
    const row = await db.store.db.selectFrom('workspace_sso').select('client_secret_enc').where('workspace_id', '=', acme.id).executeTakeFirstOrThrow();
    expect(row.client_secret_enc).not.toContain(idp.clientSecret);
    expect((await put(settings())).statusCode).toBe(200); // the stored secret is kept
    expect((await t.app.inject({ url: '/auth/sso/acme' })).json()).toEqual({ available: true, required: false, startUrl: '/auth/sso/acme/start' });
    const audit = await db.store.db.selectFrom('audit_log').select('detail').where('workspace_id', '=', acme.id).where('action', '=', 'sso.settings_updated').execute();
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(idp.clientSecret);
  });

  it('provisions a new person on first sign-in with the default role, and reuses them after', async () => {
    const flow = await signInAtProvider('alice', undefined, '/customers?range=30d');
    const done = await flow.callback();
    expect(done.statusCode, done.body).toBe(302);
    expect(done.headers.location).toBe('/customers?range=30d');
    const first = await sessionOf(done);
    expect(first.body.user).toMatchObject({ email: 'alice@acme.test', signedInWithTotp: false });
    const member = await db.store.db.selectFrom('memberships').select('role').where('workspace_id', '=', acme.id).where('user_id', '=', first.body.user.id).executeTakeFirstOrThrow();
    expect(member.role).toBe('analyst');
    expect((await t.app.inject({ url: `/v1/settings/workspace?workspace=${acme.id}`, cookies: { rvp_session: first.token } })).statusCode).toBe(200);

    // Again, this time the provider says a second factor was used.
    const again = await (await signInAtProvider('alice', ['pwd', 'mfa'])).callback();
    expect(again.headers.location).toBe(`/?workspace=${acme.id}`);
    const second = await sessionOf(again);
    expect(second.body.user.id).toBe(first.body.user.id);
    expect(second.body.user.signedInWithTotp).toBe(true);
    expect(await db.store.db.selectFrom('users').select('user_id').where('email', '=', 'alice@acme.test').execute()).toHaveLength(1);
    expect(await db.store.db.selectFrom('sso_identities').selectAll().where('user_id', '=', first.body.user.id).execute()).toEqual([expect.objectContaining({ issuer: idp.issuer, subject: 'alice', workspace_id: acme.id })]);

    const actions = (await db.store.db.selectFrom('audit_log').select(['action', 'detail']).where('workspace_id', '=', acme.id).where('actor_id', '=', first.body.user.id).orderBy('entry_id').execute());
    expect(actions.map((a) => a.action)).toEqual(['sso.member_provisioned', 'auth.signed_in', 'auth.signed_in']);
    expect(actions[1]!.detail).toMatchObject({ method: 'sso', issuer: idp.issuer, mfa: false });
    expect(actions[2]!.detail).toMatchObject({ method: 'sso', mfa: true });
  });

  it('links a known e-mail on first sign-in, and such a session opens only that workspace', async () => {
    const bob = await signedInMember(t, [{ workspaceId: other.id, role: 'viewer' }], { email: 'bob@acme.test' });
    const done = await (await signInAtProvider('bob')).callback();
    const session = await sessionOf(done);
    expect(session.body.user.id).toBe(bob.userId);
    const linked = await db.store.db.selectFrom('audit_log').select('detail').where('workspace_id', '=', acme.id).where('action', '=', 'auth.signed_in').where('actor_id', '=', bob.userId).executeTakeFirstOrThrow();
    expect(linked.detail).toMatchObject({ linked: true });
    expect((await t.app.inject({ url: `/v1/settings/workspace?workspace=${acme.id}`, cookies: { rvp_session: session.token } })).statusCode).toBe(200);
    const elsewhere = await t.app.inject({ url: `/v1/settings/workspace?workspace=${other.id}`, cookies: { rvp_session: session.token } });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().error.code).toBe('RVP_SSO_OTHER_WORKSPACE');
    // His password session still opens the other workspace.
    expect((await t.app.inject({ url: `/v1/settings/workspace?workspace=${other.id}`, headers: bob.headers })).statusCode).toBe(200);
  });

  it('refuses an unknown state, another browser, a replay, a wrong nonce and an expired sign-in', async () => {
    const tampered = await signInAtProvider('alice');
    refusedWith(await tampered.callback({ url: tampered.url.replace(tampered.state, randomUUID()) }), 'state');
    refusedWith(await tampered.callback({ browser: 'a'.repeat(43) }), 'state'); // the state is spent now
    const noCookie = await signInAtProvider('alice');
    refusedWith(await noCookie.callback({ browser: null }), 'state');

    const replayed = await signInAtProvider('alice');
    expect((await replayed.callback()).headers.location).toBe(`/?workspace=${acme.id}`);
    refusedWith(await replayed.callback(), 'state');

    const nonce = await signInAtProvider('alice');
    await db.store.db.updateTable('sso_login_states').set({ nonce: 'not-the-nonce-sent' }).execute();
    refusedWith(await nonce.callback(), 'token');

    const slow = await signInAtProvider('alice');
    await db.store.db.updateTable('sso_login_states').set({ expires_at: new Date(Date.now() - 1000) }).execute();
    refusedWith(await slow.callback(), 'expired');

    expect(await securityReasons()).toEqual(expect.arrayContaining(['state', 'token', 'expired']));
    expect((await securityReasons()).filter((r) => r === 'state')).toHaveLength(4);
  });

  it('refuses an unverified e-mail and a domain the workspace does not allow', async () => {
    refusedWith(await (await signInAtProvider('mallory')).callback(), 'email_unverified');
    expect(await db.store.db.selectFrom('users').select('user_id').where('email', '=', 'mallory@acme.test').execute()).toHaveLength(0);

    expect((await put(settings({ allowedDomains: ['acme.test'] }))).statusCode).toBe(200);
    refusedWith(await (await signInAtProvider('eve')).callback(), 'domain');
    expect((await put(settings())).statusCode).toBe(200);
    const events = await db.store.db.selectFrom('security_events').select(['workspace_id', 'subject', 'detail']).where('type', '=', 'sso_login_failed').execute();
    expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ workspace_id: acme.id, subject: 'eve@elsewhere.test', detail: expect.objectContaining({ reason: 'domain' }) })]));
  });

  it('with SSO required, refuses password sessions except owners; API keys and SSO sessions go on', async () => {
    const analyst = await signedInMember(t, [{ workspaceId: acme.id, role: 'analyst' }]);
    const url = `/v1/settings/workspace?workspace=${acme.id}`;
    expect((await t.app.inject({ url, headers: analyst.headers })).statusCode).toBe(200);
    expect((await put(settings({ ssoRequired: true }))).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/auth/sso/acme' })).json()).toMatchObject({ available: true, required: true });

    const refused = await t.app.inject({ url, headers: analyst.headers });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toEqual({ code: 'RVP_SSO_REQUIRED', message: expect.stringMatching(/requires single sign-on/) });
    expect((await t.app.inject({ url, headers: owner.headers })).statusCode).toBe(200); // break-glass
    expect((await t.app.inject({ url, headers: (await apiKeyCaller(t, acme.id, 'viewer')).headers })).statusCode).toBe(200);
    const sso = await sessionOf(await (await signInAtProvider('alice')).callback());
    expect((await t.app.inject({ url, cookies: { rvp_session: sso.token } })).statusCode).toBe(200);

    // The password sign-in itself still works (the person may belong to other workspaces).
    expect((await put(settings({ ssoRequired: false }))).statusCode).toBe(200);
    expect((await t.app.inject({ url, headers: analyst.headers })).statusCode).toBe(200);
  });

  it('sends an unknown or switched-off workspace back to the login page', async () => {
    refusedWith(await t.app.inject({ url: '/auth/sso/nowhere/start' }), 'unavailable');
    expect((await t.app.inject({ url: '/auth/sso/nowhere' })).json()).toEqual({ available: false, required: false, startUrl: null });
    const flow = await signInAtProvider('alice');
    expect((await put(settings({ enabled: false }))).statusCode).toBe(200);
    refusedWith(await flow.callback(), 'disabled');
    refusedWith(await t.app.inject({ url: '/auth/sso/acme/start' }), 'unavailable');
    expect((await put(settings())).statusCode).toBe(200);
  });
});
