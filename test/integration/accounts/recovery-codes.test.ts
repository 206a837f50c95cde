// TOTP recovery codes: ten issued when TOTP is switched on, shown once, single use, accepted in
// the second sign-in step instead of a TOTP code, each use a security event, regenerated with the
// password or a TOTP code (the earlier ones stop working), gone when TOTP is switched off.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { signedInMember, TEST_PASSWORD } from '../../helpers/auth.js';
import { totpCode } from '../../../src/accounts/totp.js';
import { SESSION_COOKIE } from '../../../src/api/auth/session-cookie.js';
import { ensureWorkspace, type Workspace } from '../../../src/store/workspaces-repo.js';

describe.each(BACKENDS)('TOTP recovery codes (%s)', (backend) => {
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

  const headersOf = (response: LightMyRequestResponse) => ({ cookie: `${SESSION_COOKIE}=${response.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`, 'x-csrf-token': response.json().csrfToken as string });

  /** A person with TOTP on: their secret, the ten codes and headers of the rotated session. */
  const withTotp = async () => {
    const person = await signedInMember(t, [{ workspaceId: acme.id, role: 'analyst' }]);
    const setup = await t.app.inject({ method: 'POST', url: '/v1/account/totp/setup', headers: person.headers });
    const secret = setup.json().secret as string;
    const enabled = await t.app.inject({ method: 'POST', url: '/v1/account/totp/enable', headers: person.headers, payload: { code: totpCode(secret, new Date(clock)) } });
    expect(enabled.statusCode).toBe(200);
    return { ...person, secret, codes: enabled.json().recoveryCodes as string[], headers: headersOf(enabled) };
  };
  /** Step one with the password; the pending session's cookie for step two. */
  const passwordStep = async (email: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password: TEST_PASSWORD }, remoteAddress: '198.51.100.20' });
    expect(response.json()).toEqual({ stage: 'totp' });
    return { cookie: `${SESSION_COOKIE}=${response.cookies.find((c) => c.name === SESSION_COOKIE)!.value}` };
  };
  const secondStep = (headers: Record<string, string>, payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/v1/auth/totp', headers, payload, remoteAddress: '198.51.100.20' });
  const remaining = async (headers: Record<string, string>) => (await t.app.inject({ url: '/v1/account/recovery-codes', headers })).json();

  it('issues ten distinct codes when TOTP is switched on, stores only their hashes, and counts them', async () => {
    const person = await withTotp();
    expect(person.codes).toHaveLength(10);
    expect(new Set(person.codes).size).toBe(10);
    expect(await remaining(person.headers)).toEqual({ totpEnabled: true, remaining: 10 });
    const rows = await db.store.db.selectFrom('user_recovery_codes').selectAll().where('user_id', '=', person.userId).execute();
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    for (const code of person.codes) expect(stored).not.toContain(code.replace(/-/g, ''));
    const generated = await db.store.db.selectFrom('security_events').select('type').where('user_id', '=', person.userId).where('type', '=', 'recovery_codes_generated').execute();
    expect(generated).toHaveLength(1);
  });

  it('signs in with a recovery code instead of a TOTP code, once: each use recorded, the code then refused', async () => {
    const person = await withTotp();
    const code = person.codes[3]!;
    const signedIn = await secondStep(await passwordStep(person.email), { recoveryCode: ` ${code.toUpperCase()} ` });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toMatchObject({ stage: 'active', user: { email: person.email, signedInWithTotp: true } });
    expect(await remaining(headersOf(signedIn))).toEqual({ totpEnabled: true, remaining: 9 });

    const used = await db.store.db.selectFrom('security_events').select(['severity', 'detail', 'ip']).where('user_id', '=', person.userId).where('type', '=', 'recovery_code_used').execute();
    expect(used).toEqual([{ severity: 'warning', detail: { remaining: 9 }, ip: '198.51.100.20' }]);
    const audit = await db.store.db.selectFrom('audit_log').select(['detail']).where('target_id', '=', person.userId).where('action', '=', 'auth.signed_in').execute();
    expect(audit.map((a) => a.detail)).toEqual([{ method: 'recovery_code', recoveryCodesRemaining: 9 }]);

    const reused = await secondStep(await passwordStep(person.email), { recoveryCode: code });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error).toMatchObject({ code: 'RVP_TOTP_INVALID', message: 'That recovery code is not valid, or it was used already.' });
    const failed = await db.store.db.selectFrom('security_events').select('detail').where('user_id', '=', person.userId).where('type', '=', 'login_failed').execute();
    expect(failed.map((f) => f.detail)).toEqual([{ reason: 'recovery_code' }]);
  });

  it("refuses another person's code and a code that is not one", async () => {
    const [alice, bob] = [await withTotp(), await withTotp()];
    const pending = await passwordStep(alice.email);
    expect((await secondStep(pending, { recoveryCode: bob.codes[0]! })).statusCode).toBe(401);
    expect((await secondStep(pending, { recoveryCode: 'not-a-code' })).statusCode).toBe(401);
    expect((await secondStep(pending, { code: '123456', recoveryCode: alice.codes[0]! })).statusCode).toBe(400); // one or the other
    expect((await secondStep(pending, { recoveryCode: alice.codes[0]! })).statusCode).toBe(200);
  });

  it('regenerates with the password or a TOTP code: ten new codes, the earlier ones void', async () => {
    const person = await withTotp();
    const wrong = await t.app.inject({ method: 'POST', url: '/v1/account/recovery-codes', headers: person.headers, payload: { password: 'not my password' } });
    expect(wrong.statusCode).toBe(401);
    const byPassword = await t.app.inject({ method: 'POST', url: '/v1/account/recovery-codes', headers: person.headers, payload: { password: TEST_PASSWORD } });
    expect(byPassword.statusCode).toBe(200);
    const fresh = byPassword.json().recoveryCodes as string[];
    expect(byPassword.json().remaining).toBe(10);
    expect(fresh.filter((c) => person.codes.includes(c))).toEqual([]);
    expect((await secondStep(await passwordStep(person.email), { recoveryCode: person.codes[0]! })).statusCode).toBe(401);

    clock += 60_000; // the next time step: the TOTP code of the switch-on is spent
    const byTotp = await t.app.inject({ method: 'POST', url: '/v1/account/recovery-codes', headers: person.headers, payload: { code: totpCode(person.secret, new Date(clock)) } });
    expect(byTotp.statusCode).toBe(200);
    const latest = byTotp.json().recoveryCodes as string[];
    expect((await secondStep(await passwordStep(person.email), { recoveryCode: fresh[0]! })).statusCode).toBe(401);
    expect((await secondStep(await passwordStep(person.email), { recoveryCode: latest[0]! })).statusCode).toBe(200);
    // The same TOTP code cannot regenerate twice.
    const replay = await t.app.inject({ method: 'POST', url: '/v1/account/recovery-codes', headers: person.headers, payload: { code: totpCode(person.secret, new Date(clock)) } });
    expect(replay.statusCode).toBe(401);
  });

  it('removes the codes when TOTP is switched off, and issues none without it', async () => {
    const person = await withTotp();
    expect((await t.app.inject({ method: 'POST', url: '/v1/account/totp/disable', headers: person.headers, payload: { password: TEST_PASSWORD } })).statusCode).toBe(200);
    expect(await remaining(person.headers)).toEqual({ totpEnabled: false, remaining: 0 });
    expect(await db.store.db.selectFrom('user_recovery_codes').select('code_hash').where('user_id', '=', person.userId).execute()).toEqual([]);
    const refused = await t.app.inject({ method: 'POST', url: '/v1/account/recovery-codes', headers: person.headers, payload: { password: TEST_PASSWORD } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/turn it on first/);
  });
});
