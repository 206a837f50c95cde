// Issue 17 item 4: sign-ins, failed sign-ins, sign-outs, role changes, API keys and exports are
// each found in the workspace's audit log (GET /v1/audit), failures also as security events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { signedInMember, TEST_PASSWORD, type Caller } from '../../helpers/auth.js';
import { SESSION_COOKIE } from '../../../src/api/auth/session-cookie.js';
import { ensureWorkspace, type Workspace } from '../../../src/store/workspaces-repo.js';

type Entry = { action: string; actorLabel: string; targetType: string | null; targetId: string | null; targetLabel: string | null; detail: Record<string, unknown>; ip: string | null };

describe.each(BACKENDS)('sign-in, account and export audit (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let acme: Workspace;
  let other: Workspace;
  let owner: Caller & { email: string; userId: string };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { env: { REVPULSE_RATE_LIMIT_AUTH: '100000' } });
    acme = await ensureWorkspace(db.store.db, { slug: 'acme', name: 'Acme' });
    other = await ensureWorkspace(db.store.db, { slug: 'other', name: 'Other' });
    owner = await signedInMember(t, [{ workspaceId: acme.id, role: 'owner' }, { workspaceId: other.id, role: 'owner' }]);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const audit = async (workspace: Workspace, action: string): Promise<Entry[]> => {
    const response = await t.app.inject({ url: `/v1/audit?workspace=${workspace.id}&action=${action}`, headers: owner.headers });
    expect(response.statusCode).toBe(200);
    return (response.json() as { data: Entry[] }).data;
  };
  const login = (email: string, password: string, ip = '198.51.100.7') =>
    t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password }, remoteAddress: ip, headers: { 'user-agent': 'audit-test' } });

  it('records a sign-in in every workspace of the person, with the address it came from', async () => {
    const person = await signedInMember(t, [{ workspaceId: acme.id, role: 'viewer' }, { workspaceId: other.id, role: 'analyst' }]);
    expect((await login(person.email, TEST_PASSWORD)).statusCode).toBe(200);
    for (const workspace of [acme, other]) {
      const entries = (await audit(workspace, 'auth.signed_in')).filter((e) => e.targetId === person.userId);
      expect(entries).toEqual([expect.objectContaining({ actorLabel: person.email, targetLabel: person.email, ip: '198.51.100.7', detail: { method: 'password' } })]);
    }
  });

  it('records a failed sign-in of a known person in the audit log and as a security event', async () => {
    const person = await signedInMember(t, [{ workspaceId: acme.id, role: 'viewer' }]);
    expect((await login(person.email, 'not the right password')).statusCode).toBe(401);
    const failed = (await audit(acme, 'auth.sign_in_failed')).filter((e) => e.targetId === person.userId);
    expect(failed).toEqual([expect.objectContaining({ detail: { reason: 'password' }, ip: '198.51.100.7' })]);
    // Nothing in a workspace the person does not belong to.
    expect((await audit(other, 'auth.sign_in_failed')).filter((e) => e.targetId === person.userId)).toEqual([]);
    const events = await db.store.db.selectFrom('security_events').select(['type', 'subject']).where('user_id', '=', person.userId).execute();
    expect(events).toEqual([{ type: 'login_failed', subject: person.email }]);
  });

  it('records a sign-out and a sign-out everywhere', async () => {
    const person = await signedInMember(t, [{ workspaceId: acme.id, role: 'viewer' }]);
    expect((await t.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: person.headers })).statusCode).toBe(200);
    const again = await signedInMember(t, [], { email: `again.${person.email}` });
    await t.app.inject({ method: 'POST', url: '/v1/auth/logout-all', headers: again.headers }); // no workspace: nothing to write, no error
    const signedIn = await login(person.email, TEST_PASSWORD);
    const cookie = `${SESSION_COOKIE}=${signedIn.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
    const everywhere = await t.app.inject({ method: 'POST', url: '/v1/auth/logout-all', headers: { cookie, 'x-csrf-token': signedIn.json().csrfToken } });
    expect(everywhere.statusCode).toBe(200);
    const out = (await audit(acme, 'auth.signed_out')).filter((e) => e.targetId === person.userId);
    expect(out.map((e) => e.detail)).toEqual([{ everywhere: true, sessions: 1 }, {}]); // newest first
  });

  it('records role changes, API key creation and revocation', async () => {
    const person = await signedInMember(t, [{ workspaceId: acme.id, role: 'viewer' }]);
    const changed = await t.app.inject({ method: 'PATCH', url: `/v1/team/members/${person.userId}?workspace=${acme.id}`, headers: owner.headers, payload: { role: 'analyst' } });
    expect(changed.statusCode).toBe(200);
    expect((await audit(acme, 'team.role_changed')).find((e) => e.targetId === person.userId)).toMatchObject({ actorLabel: owner.email, detail: { from: 'viewer', to: 'analyst' } });

    const created = await t.app.inject({ method: 'POST', url: `/v1/api-keys?workspace=${acme.id}`, headers: owner.headers, payload: { name: 'Warehouse', role: 'viewer' } });
    expect(created.statusCode).toBe(201);
    const keyId = created.json().key.id as string;
    expect((await audit(acme, 'api_key.created')).find((e) => e.targetId === keyId)).toMatchObject({ targetLabel: 'Warehouse', detail: { role: 'viewer' } });
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/api-keys/${keyId}?workspace=${acme.id}`, headers: owner.headers })).statusCode).toBe(200);
    expect((await audit(acme, 'api_key.revoked')).find((e) => e.targetId === keyId)).toMatchObject({ actorLabel: owner.email });
  });

  it('records a CSV export, once, with its format and row count', async () => {
    const before = (await audit(acme, 'data.exported')).length;
    const csv = await t.app.inject({ url: `/v1/customers?workspace=${acme.id}&format=csv`, headers: owner.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const exported = await audit(acme, 'data.exported');
    expect(exported).toHaveLength(before + 1);
    expect(exported[0]).toMatchObject({ actorLabel: owner.email, targetType: 'export', targetId: '/v1/customers', detail: { format: 'csv' } });
  });
});
