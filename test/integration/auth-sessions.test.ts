// Signing in and staying signed in: cookies, session fixation, expiry and idle timeout, logout
// everywhere, login throttling per account and per IP, rate limits, CSRF, TOTP, and the
// workspace rule that owners and admins use a second factor.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember, TEST_PASSWORD } from '../helpers/auth.js';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP, THROTTLE_WINDOW_MS } from '../../src/accounts/login.js';
import { totpCode } from '../../src/accounts/totp.js';
import { SESSION_COOKIE } from '../../src/api/auth/session-cookie.js';
import { findCredentialsByEmail } from '../../src/store/users-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

const HOUR = 3_600_000;

describe.each(BACKENDS)('sessions, throttling, CSRF and two-factor (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let acme: Workspace;
  let clock = Date.now();

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => new Date(clock), env: { REVPULSE_RATE_LIMIT_AUTH: '100000' } });
    acme = await ensureWorkspace(db.store.db, { slug: 'acme', name: 'Acme' });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const sessionCookie = (response: LightMyRequestResponse) => response.cookies.find((c) => c.name === SESSION_COOKIE);
  const login = (email: string, password: string, extra: { cookie?: string; ip?: string; origin?: string } = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email, password },
      remoteAddress: extra.ip ?? '127.0.0.1',
      headers: { ...(extra.cookie ? { cookie: extra.cookie } : {}), ...(extra.origin ? { origin: extra.origin } : {}) },
    });
  const summary = (cookie: string) => t.app.inject({ url: `/v1/metrics/summary?workspace=${acme.id}`, headers: { cookie } });
  const member = (role: 'owner' | 'admin' | 'analyst' | 'viewer' = 'viewer') => signedInMember(t, [{ workspaceId: acme.id, role }]);

  it('stores passwords with argon2id and signs in with an httpOnly, SameSite=Lax session cookie', async () => {
    const person = await member();
    const stored = await findCredentialsByEmail(db.store.db, person.email);
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const response = await login(person.email.toUpperCase(), TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ stage: 'active', user: { email: person.email }, workspaces: [{ id: acme.id, role: 'viewer' }] });
    expect(response.json().csrfToken).toEqual(expect.any(String));
    const cookie = sessionCookie(response)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await summary(`${SESSION_COOKIE}=${cookie.value}`)).statusCode).toBe(200);
    expect(JSON.stringify(response.json())).not.toContain(cookie.value);
  });

  it('marks the cookie Secure over HTTPS (behind a trusted proxy) and when forced', async () => {
    const person = await member();
    const proxied = await buildTestApp(db.store, { env: { REVPULSE_TRUST_PROXY: 'true' } });
    const https = await proxied.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: person.email, password: TEST_PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
    expect(sessionCookie(https)?.secure).toBe(true);
    await proxied.close();
    const plain = await login(person.email, TEST_PASSWORD);
    expect(sessionCookie(plain)?.secure).toBeFalsy();
  });

  it('gives a new session id at login and ends the one the browser had (session fixation)', async () => {
    const person = await member();
    const before = person.token;
    const response = await login(person.email, TEST_PASSWORD, { cookie: `${SESSION_COOKIE}=${before}` });
    const after = sessionCookie(response)!.value;
    expect(after).not.toBe(before);
    expect((await summary(`${SESSION_COOKIE}=${before}`)).statusCode).toBe(401);
    expect((await summary(`${SESSION_COOKIE}=${after}`)).statusCode).toBe(200);
    // A planted, made-up id is never adopted either.
    const planted = 'p'.repeat(43);
    const fresh = sessionCookie(await login(person.email, TEST_PASSWORD, { cookie: `${SESSION_COOKIE}=${planted}` }))!.value;
    expect(fresh).not.toBe(planted);
  });

  it('answers a wrong password and an unknown email identically, and records both', async () => {
    const person = await member();
    const wrong = await login(person.email, 'not the password at all');
    const unknown = await login('nobody@example.com', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('RVP_INVALID_CREDENTIALS');
    expect(sessionCookie(wrong)).toBeUndefined();
    const events = await db.store.db.selectFrom('security_events').select(['subject', 'user_id']).where('type', '=', 'login_failed').execute();
    expect(events).toEqual(expect.arrayContaining([{ subject: person.email, user_id: person.userId }, { subject: 'nobody@example.com', user_id: null }]));
  });

  it('locks an account after repeated failures — even for the right password — and lets it in again later', async () => {
    const person = await member();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) expect((await login(person.email, `wrong password ${i}`, { ip: `10.0.0.${i + 1}` })).statusCode).toBe(401);
    const locked = await login(person.email, TEST_PASSWORD, { ip: '10.0.0.99' });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('RVP_LOGIN_THROTTLED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const lockEvents = await db.store.db.selectFrom('security_events').select(['severity']).where('type', '=', 'account_locked').where('user_id', '=', person.userId).execute();
    expect(lockEvents).toEqual([{ severity: 'critical' }]);
    // Unknown emails lock the same way, so a lock tells nothing about which emails exist.
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await login('ghost@example.com', `guess ${i}`, { ip: `10.0.1.${i + 1}` });
    expect((await login('ghost@example.com', 'another guess', { ip: '10.0.1.99' })).statusCode).toBe(429);
    clock += THROTTLE_WINDOW_MS + 1000;
    expect((await login(person.email, TEST_PASSWORD, { ip: '10.0.0.99' })).statusCode).toBe(200);
  });

  it('throttles an IP that fails across many accounts, not other IPs', async () => {
    const person = await member();
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) await login(`spray${i}@example.com`, 'Password123456', { ip: '192.0.2.7' });
    const throttled = await login(person.email, TEST_PASSWORD, { ip: '192.0.2.7' });
    expect(throttled.statusCode).toBe(429);
    expect((await login(person.email, TEST_PASSWORD, { ip: '192.0.2.8' })).statusCode).toBe(200);
    clock += THROTTLE_WINDOW_MS + 1000;
  });

  it('rate-limits the sign-in routes per IP with @fastify/rate-limit', async () => {
    const limited = await buildTestApp(db.store, { env: { REVPULSE_RATE_LIMIT_AUTH: '3' } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await limited.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'rl@example.com', password: 'x' }, remoteAddress: '198.51.100.1' });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) expect(response.json().error.code).toBe('RVP_RATE_LIMITED');
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await limited.app.inject({ url: '/healthz', remoteAddress: '198.51.100.1' })).statusCode).toBe(200);
    await limited.close();
  });

  it('expires sessions at their absolute lifetime and after the idle timeout', async () => {
    const { auth } = t.ctx.config;
    const idle = await member();
    clock += auth.sessionIdleMinutes * 60_000 + 1000;
    const idleResponse = await summary(idle.headers.cookie!);
    expect(idleResponse.statusCode).toBe(401);
    expect(idleResponse.json().error.message).toMatch(/expired/);
    expect(sessionCookie(idleResponse)?.value).toBe('');

    const active = await member();
    const end = clock + auth.sessionTtlHours * HOUR;
    while (clock + (auth.sessionIdleMinutes * 60_000) / 2 < end) {
      clock += (auth.sessionIdleMinutes * 60_000) / 2;
      expect((await summary(active.headers.cookie!)).statusCode).toBe(200);
    }
    clock = end + 1000;
    expect((await summary(active.headers.cookie!)).statusCode).toBe(401);
  });

  it('signs out one session, or every session of the person', async () => {
    const person = await member();
    const second = sessionCookie(await login(person.email, TEST_PASSWORD))!.value;
    const out = await t.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: person.headers });
    expect(out.statusCode).toBe(200);
    expect(sessionCookie(out)?.value).toBe('');
    expect((await summary(person.headers.cookie!)).statusCode).toBe(401);
    expect((await summary(`${SESSION_COOKIE}=${second}`)).statusCode).toBe(200);

    const third = sessionCookie(await login(person.email, TEST_PASSWORD))!.value;
    const csrf = (await t.app.inject({ url: '/v1/auth/session', headers: { cookie: `${SESSION_COOKIE}=${third}` } })).json().csrfToken;
    const all = await t.app.inject({ method: 'POST', url: '/v1/auth/logout-all', headers: { cookie: `${SESSION_COOKIE}=${third}`, 'x-csrf-token': csrf } });
    expect(all.json()).toMatchObject({ signedOut: true, sessions: 2 });
    expect((await summary(`${SESSION_COOKIE}=${second}`)).statusCode).toBe(401);
    expect((await summary(`${SESSION_COOKIE}=${third}`)).statusCode).toBe(401);
  });

  it('refuses cookie-authenticated changes without the CSRF token, and cross-site form posts', async () => {
    const admin = await member('admin');
    const url = `/v1/api-keys?workspace=${acme.id}`;
    const payload = { name: 'csrf', role: 'viewer' };
    const noToken = await t.app.inject({ method: 'POST', url, payload, headers: { cookie: admin.headers.cookie! } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('RVP_CSRF');
    const wrongToken = await t.app.inject({ method: 'POST', url, payload, headers: { cookie: admin.headers.cookie!, 'x-csrf-token': 'forged' } });
    expect(wrongToken.json().error.code).toBe('RVP_CSRF');
    // What an attacker's page can make a browser send: a form post, with the cookie, from elsewhere.
    const form = await t.app.inject({
      method: 'POST', url, payload: 'name=evil&role=admin',
      headers: { cookie: admin.headers.cookie!, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(form.statusCode).toBe(403);
    expect(form.json().error.code).toBe('RVP_CSRF');
    // Even a stolen token does not help from another origin.
    const crossOrigin = await t.app.inject({ method: 'POST', url, payload, headers: { ...admin.headers, origin: 'https://evil.example' } });
    expect(crossOrigin.json().error.code).toBe('RVP_CSRF');
    expect(await db.store.db.selectFrom('api_keys').select('key_id').where('name', 'in', ['csrf', 'evil']).execute()).toEqual([]);
    const ok = await t.app.inject({ method: 'POST', url, payload, headers: { ...admin.headers, origin: 'http://localhost:80' } });
    expect(ok.statusCode).toBe(201);
    // Sign-in itself refuses a cross-site post (login CSRF).
    expect((await login(admin.email, TEST_PASSWORD, { origin: 'https://evil.example' })).json().error.code).toBe('RVP_CSRF');
  });

  it('adds a TOTP step to sign-in once enabled, with a new session id at each step and no replay', async () => {
    const person = await member();
    const setup = await t.app.inject({ method: 'POST', url: '/v1/account/totp/setup', headers: person.headers });
    expect(setup.json().uri).toMatch(/^otpauth:\/\/totp\/Revpulse:/);
    const secret = setup.json().secret as string;
    expect((await t.app.inject({ method: 'POST', url: '/v1/account/totp/enable', headers: person.headers, payload: { code: '000000' } })).json().error.code).toBe('RVP_TOTP_INVALID');
    const enabled = await t.app.inject({ method: 'POST', url: '/v1/account/totp/enable', headers: person.headers, payload: { code: totpCode(secret, new Date(clock - 30_000)) } });
    expect(enabled.statusCode).toBe(200);
    const stored = await findCredentialsByEmail(db.store.db, person.email);
    expect(stored?.totpSecretEnc).not.toContain(secret);

    const first = await login(person.email, TEST_PASSWORD);
    expect(first.json()).toEqual({ stage: 'totp' });
    const pending = sessionCookie(first)!.value;
    expect((await summary(`${SESSION_COOKIE}=${pending}`)).statusCode).toBe(401);
    const bad = await t.app.inject({ method: 'POST', url: '/v1/auth/totp', payload: { code: '123456' }, cookies: { [SESSION_COOKIE]: pending } });
    expect(bad.json().error.code).toBe('RVP_TOTP_INVALID');
    const code = totpCode(secret, new Date(clock));
    const second = await t.app.inject({ method: 'POST', url: '/v1/auth/totp', payload: { code }, cookies: { [SESSION_COOKIE]: pending } });
    expect(second.json().stage).toBe('active');
    const active = sessionCookie(second)!.value;
    expect(active).not.toBe(pending);
    expect((await summary(`${SESSION_COOKIE}=${active}`)).statusCode).toBe(200);

    const again = sessionCookie(await login(person.email, TEST_PASSWORD))!.value;
    const replay = await t.app.inject({ method: 'POST', url: '/v1/auth/totp', payload: { code }, cookies: { [SESSION_COOKIE]: again } });
    expect(replay.json().error.code).toBe('RVP_TOTP_INVALID');
  });

  it('lets a workspace require a second factor for owners and admins', async () => {
    const owner = await member('owner');
    const analyst = await member('analyst');
    const refuse = await t.app.inject({ method: 'PUT', url: `/v1/team/security?workspace=${acme.id}`, headers: owner.headers, payload: { requireAdminTotp: true } });
    expect(refuse.json().error.code).toBe('RVP_TOTP_REQUIRED');
    const secure = await signedInMember(t, [{ workspaceId: acme.id, role: 'owner' }], { mfa: true });
    const set = await t.app.inject({ method: 'PUT', url: `/v1/team/security?workspace=${acme.id}`, headers: secure.headers, payload: { requireAdminTotp: true } });
    expect(set.statusCode).toBe(200);
    const blocked = await summary(owner.headers.cookie!);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('RVP_TOTP_REQUIRED');
    expect((await summary(analyst.headers.cookie!)).statusCode).toBe(200);
    expect((await summary(secure.headers.cookie!)).statusCode).toBe(200);
    // The account routes stay open, so the owner can set up the second factor.
    expect((await t.app.inject({ url: '/v1/auth/session', headers: owner.headers })).statusCode).toBe(200);
    await t.app.inject({ method: 'PUT', url: `/v1/team/security?workspace=${acme.id}`, headers: secure.headers, payload: { requireAdminTotp: false } });
  });

  it('changes a password only with the current one, and then ends the other sessions', async () => {
    const person = await member();
    const other = sessionCookie(await login(person.email, TEST_PASSWORD))!.value;
    const wrong = await t.app.inject({ method: 'POST', url: '/v1/account/password', headers: person.headers, payload: { currentPassword: 'nope', newPassword: 'a new and long passphrase' } });
    expect(wrong.json().error.code).toBe('RVP_INVALID_CREDENTIALS');
    const short = await t.app.inject({ method: 'POST', url: '/v1/account/password', headers: person.headers, payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' } });
    expect(short.json().error.message).toMatch(/^newPassword: must be at least 12 characters/);
    const changed = await t.app.inject({ method: 'POST', url: '/v1/account/password', headers: person.headers, payload: { currentPassword: TEST_PASSWORD, newPassword: 'a new and long passphrase' } });
    expect(changed.statusCode).toBe(200);
    expect(sessionCookie(changed)!.value).not.toBe(person.token);
    expect((await summary(`${SESSION_COOKIE}=${other}`)).statusCode).toBe(401);
    expect((await summary(person.headers.cookie!)).statusCode).toBe(401);
    expect((await login(person.email, 'a new and long passphrase')).statusCode).toBe(200);
  });

  it('sends security headers, limits small bodies and never leaks a stack', async () => {
    const response = await t.app.inject('/healthz');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-powered-by']).toBeUndefined();
    const big = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'a@b.c', password: 'x'.repeat(20_000) } });
    expect(big.statusCode).toBe(413);
    const broken = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
