// Team management, invitations, API keys, the append-only audit log and security events — and
// the filters and search fields of those lists against injection and oversized input.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember, TEST_PASSWORD } from '../helpers/auth.js';
import { event, signedWebhook } from '../helpers/stripe-events.js';
import { SESSION_COOKIE } from '../../src/api/auth/session-cookie.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

describe.each(BACKENDS)('team, API keys, audit log and security events (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let acme: Workspace;
  let other: Workspace;
  let clock = Date.now();

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => new Date(clock), env: { REVPULSE_RATE_LIMIT_AUTH: '100000' } });
    acme = await ensureWorkspace(db.store.db, { slug: 'acme', name: 'Acme' });
    other = await ensureWorkspace(db.store.db, { slug: 'other', name: 'Other' });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const inAcme = (path: string) => `${path}${path.includes('?') ? '&' : '?'}workspace=${acme.id}`;
  const auditActions = async (workspaceId = acme.id) =>
    (await db.store.db.selectFrom('audit_log').select('action').where('workspace_id', '=', workspaceId).orderBy('entry_id').execute()).map((r) => r.action);

  it('invites by link (shown to the inviter), lets a newcomer create an account once, and audits it', async () => {
    const admin = await signedInMember(t, [{ workspaceId: acme.id, role: 'admin' }]);
    const created = await t.app.inject({ method: 'POST', url: inAcme('/v1/team/invitations'), headers: { ...admin.headers, 'user-agent': 'audit-test' }, payload: { email: 'New.Person@Example.com', role: 'analyst' } });
    expect(created.statusCode).toBe(201);
    const { link, invitation } = created.json();
    expect(invitation).toMatchObject({ email: 'new.person@example.com', role: 'analyst' });
    expect(link).toMatch(/^http:\/\/localhost(:80)?\/accept-invite#[A-Za-z0-9_-]{43}$/);
    const token = link.split('#')[1];
    expect(JSON.stringify(await db.store.db.selectFrom('invitations').selectAll().execute())).not.toContain(token);

    const lookup = await t.app.inject({ method: 'POST', url: '/v1/invitations/lookup', payload: { token } });
    expect(lookup.json()).toMatchObject({ workspaceName: 'Acme', email: 'new.person@example.com', role: 'analyst', accountExists: false });
    const accepted = await t.app.inject({ method: 'POST', url: '/v1/invitations/accept', payload: { token, name: 'New Person', password: 'a good long passphrase' } });
    expect(accepted.statusCode).toBe(201);
    const cookie = accepted.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const session = await t.app.inject({ url: '/v1/auth/session', headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
    expect(session.json().workspaces).toEqual([expect.objectContaining({ id: acme.id, role: 'analyst' })]);
    const again = await t.app.inject({ method: 'POST', url: '/v1/invitations/accept', payload: { token, password: 'a good long passphrase' } });
    expect(again.json().error.code).toBe('RVP_INVITATION_INVALID');

    const entry = await db.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'team.invitation_created').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ workspace_id: acme.id, actor_type: 'user', actor_label: admin.email, target_label: 'new.person@example.com', ip: '127.0.0.1', user_agent: 'audit-test' });
    expect(await auditActions()).toEqual(expect.arrayContaining(['team.invitation_created', 'team.invitation_accepted']));
  });

  it('refuses expired and revoked invitations; an existing account joins after signing in, as the invited email only', async () => {
    let owner = await signedInMember(t, [{ workspaceId: acme.id, role: 'owner' }]);
    const invite = async (email: string) =>
      (await t.app.inject({ method: 'POST', url: inAcme('/v1/team/invitations'), headers: owner.headers, payload: { email, role: 'viewer' } })).json() as { link: string; invitation: { id: string } };
    const expiring = await invite('late@example.com');
    clock += 8 * 24 * 3_600_000;
    const late = await t.app.inject({ method: 'POST', url: '/v1/invitations/lookup', payload: { token: expiring.link.split('#')[1] } });
    expect(late.json().error.code).toBe('RVP_INVITATION_INVALID');
    owner = await signedInMember(t, [{ workspaceId: acme.id, role: 'owner' }]); // the first one's session went idle meanwhile
    const revoked = await invite('revoked@example.com');
    expect((await t.app.inject({ method: 'DELETE', url: inAcme(`/v1/team/invitations/${revoked.invitation.id}`), headers: owner.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/v1/invitations/lookup', payload: { token: revoked.link.split('#')[1] } })).statusCode).toBe(404);

    const existing = await signedInMember(t, [{ workspaceId: other.id, role: 'viewer' }]);
    const forExisting = await invite(existing.email);
    const token = forExisting.link.split('#')[1];
    const asNew = await t.app.inject({ method: 'POST', url: '/v1/invitations/accept', payload: { token, password: 'another long passphrase' } });
    expect(asNew.json().error.code).toBe('RVP_ACCOUNT_EXISTS');
    const stranger = await signedInMember(t, []);
    const wrong = await t.app.inject({ method: 'POST', url: '/v1/invitations/join', headers: stranger.headers, payload: { token } });
    expect(wrong.statusCode).toBe(403);
    const joined = await t.app.inject({ method: 'POST', url: '/v1/invitations/join', headers: existing.headers, payload: { token } });
    expect(joined.json()).toEqual({ workspaceId: acme.id, role: 'viewer' });
    const invited = await t.app.inject({ method: 'POST', url: inAcme('/v1/team/invitations'), headers: owner.headers, payload: { email: existing.email, role: 'viewer' } });
    expect(invited.json().error.code).toBe('RVP_ALREADY_MEMBER');
  });

  it('keeps the owner rules: only owners make or unmake owners, and a workspace keeps one', async () => {
    const ws = await ensureWorkspace(db.store.db, { slug: 'rules', name: 'Rules' });
    const owner = await signedInMember(t, [{ workspaceId: ws.id, role: 'owner' }]);
    const admin = await signedInMember(t, [{ workspaceId: ws.id, role: 'admin' }]);
    const url = (path: string) => `${path}?workspace=${ws.id}`;
    const patch = (caller: typeof owner, userId: string, role: string) => t.app.inject({ method: 'PATCH', url: url(`/v1/team/members/${userId}`), headers: caller.headers, payload: { role } });
    expect((await patch(admin, admin.userId, 'owner')).json().error.code).toBe('RVP_FORBIDDEN');
    expect((await patch(admin, owner.userId, 'viewer')).json().error.code).toBe('RVP_FORBIDDEN');
    expect((await t.app.inject({ method: 'POST', url: url('/v1/team/invitations'), headers: admin.headers, payload: { email: 'x@example.com', role: 'owner' } })).statusCode).toBe(403);
    expect((await patch(owner, owner.userId, 'admin')).json().error.code).toBe('RVP_LAST_OWNER');
    expect((await t.app.inject({ method: 'DELETE', url: url(`/v1/team/members/${owner.userId}`), headers: owner.headers })).json().error.code).toBe('RVP_LAST_OWNER');
    expect((await patch(owner, 'usr_nobody', 'viewer')).statusCode).toBe(404);
    expect((await patch(owner, admin.userId, 'owner')).json()).toEqual({ userId: admin.userId, role: 'owner' });
    expect((await patch(admin, owner.userId, 'viewer')).json()).toEqual({ userId: owner.userId, role: 'viewer' });
    const team = (await t.app.inject({ url: url('/v1/team'), headers: admin.headers })).json();
    expect(team.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([[owner.email, 'viewer'], [admin.email, 'owner']]);
    expect(JSON.stringify(team)).not.toMatch(/password|hash|totp_secret/i);
    // A removed member loses access on the very next request.
    expect((await t.app.inject({ url: url('/v1/metrics/summary'), headers: owner.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: url(`/v1/team/members/${owner.userId}`), headers: admin.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ url: url('/v1/metrics/summary'), headers: owner.headers })).statusCode).toBe(404);
  });

  it('shows an API key once, stores only its hash, records its last use, and refuses it once revoked', async () => {
    const admin = await signedInMember(t, [{ workspaceId: acme.id, role: 'admin' }]);
    const created = await t.app.inject({ method: 'POST', url: inAcme('/v1/api-keys'), headers: admin.headers, payload: { name: 'Grafana', role: 'viewer' } });
    const { key, token } = created.json();
    expect(token).toMatch(/^rvp_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(key.id)).toBe(true);
    const row = await db.store.db.selectFrom('api_keys').selectAll().where('key_id', '=', key.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token.slice(key.id.length + 1));
    const list = await t.app.inject({ url: inAcme('/v1/api-keys'), headers: admin.headers });
    expect(JSON.stringify(list.json())).not.toContain(token.slice(key.id.length + 1));
    expect(list.json().data[0]).toMatchObject({ id: key.id, name: 'Grafana', role: 'viewer', lastUsedAt: null, revokedAt: null });

    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ url: '/v1/metrics/summary', headers: bearer })).statusCode).toBe(200);
    expect((await t.app.inject({ url: inAcme('/v1/api-keys'), headers: admin.headers })).json().data[0].lastUsedAt).not.toBeNull();
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await t.app.inject({ url: '/v1/metrics/summary', headers: { authorization: `Bearer ${tampered}` } })).statusCode).toBe(401);

    expect((await t.app.inject({ method: 'DELETE', url: inAcme(`/v1/api-keys/${key.id}`), headers: admin.headers })).statusCode).toBe(200);
    const refused = await t.app.inject({ url: '/v1/metrics/summary', headers: bearer });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.message).toBe('The API key is not valid.');
    expect((await t.app.inject({ method: 'DELETE', url: inAcme(`/v1/api-keys/${key.id}`), headers: admin.headers })).statusCode).toBe(404);
    const events = await db.store.db.selectFrom('security_events').select(['workspace_id', 'detail', 'severity']).where('type', '=', 'api_key_invalid').where('subject', '=', key.id).execute();
    expect(events).toEqual(expect.arrayContaining([{ workspace_id: acme.id, detail: { reason: 'revoked' }, severity: 'warning' }]));
    expect(await auditActions()).toEqual(expect.arrayContaining(['api_key.created', 'api_key.revoked']));
  });

  it('keeps the audit log and security events append-only in the database itself', async () => {
    await expect(sql`update audit_log set action = 'rewritten'`.execute(db.store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db.store.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db.store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from security_events`.execute(db.store.db)).rejects.toThrow(/append-only/);
    expect((await auditActions()).length).toBeGreaterThan(0);
  });

  it('shows the audit log to owners and admins, filtered, and exports it as CSV (itself audited)', async () => {
    const admin = await signedInMember(t, [{ workspaceId: acme.id, role: 'admin' }]);
    await t.app.inject({ method: 'POST', url: inAcme('/v1/api-keys'), headers: admin.headers, payload: { name: '=HYPERLINK("http://evil")', role: 'viewer' } });
    const list = await t.app.inject({ url: inAcme('/v1/audit?action=api_key.created&limit=1'), headers: admin.headers });
    expect(list.json().data).toHaveLength(1);
    expect(list.json().data[0]).toMatchObject({ action: 'api_key.created', actorLabel: admin.email, targetLabel: '=HYPERLINK("http://evil")' });
    expect(list.json().nextBefore).toBe(list.json().data[0].id);
    const searched = await t.app.inject({ url: inAcme(`/v1/audit?q=${encodeURIComponent('HYPERLINK')}`), headers: admin.headers });
    expect(searched.json().data).toHaveLength(1);
    const csv = await t.app.inject({ url: inAcme('/v1/audit/export'), headers: admin.headers });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="revpulse-audit-acme.csv"');
    expect(csv.body.split('\n')[0]).toBe('id,at,actor_type,actor,action,target_type,target_id,target,detail,ip,user_agent');
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect((await auditActions()).at(-1)).toBe('audit.exported');
    expect(await auditActions(other.id)).not.toContain('audit.exported');
  });

  it('shows each workspace only its own security events; the installation workspace also sees unscoped ones', async () => {
    const home = await ensureWorkspace(db.store.db, { slug: 'default', name: 'My workspace' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: other.id, provider: 'stripe', name: 'S', mode: 'test', webhookSecret: 'whsec_right' });
    const now = Math.floor(clock / 1000);
    const { body, headers } = signedWebhook(event('customer.created', { id: 'cus_sig', object: 'customer', created: now, metadata: {} }, now), 'whsec_wrong');
    expect((await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers })).statusCode).toBe(400);
    await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'unknown.person@example.com', password: 'wrong password!!' } });
    const viewer = await signedInMember(t, [{ workspaceId: acme.id, role: 'viewer' }]);
    await t.app.inject({ url: inAcme('/v1/audit'), headers: viewer.headers });

    const types = async (workspaceId: string) => {
      const admin = await signedInMember(t, [{ workspaceId, role: 'admin' }]);
      const response = await t.app.inject({ url: `/v1/security-events?workspace=${workspaceId}&limit=200`, headers: admin.headers });
      return response.json().data as Array<{ type: string; subject: string | null; severity: string }>;
    };
    const acmeEvents = await types(acme.id);
    expect(acmeEvents).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'permission_denied', subject: viewer.email, severity: 'warning' })]));
    expect(acmeEvents.some((e) => e.type === 'webhook_signature_failed')).toBe(false);
    expect(acmeEvents.some((e) => e.subject === 'unknown.person@example.com')).toBe(false);
    const otherEvents = await types(other.id);
    expect(otherEvents).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'webhook_signature_failed', subject: source.id })]));
    expect(otherEvents.some((e) => e.type === 'permission_denied')).toBe(false);
    const homeEvents = await types(home.id);
    expect(homeEvents).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'login_failed', subject: 'unknown.person@example.com' })]));
  });

  it('keeps filters and search fields harmless: injection is data, oversized input is refused', async () => {
    const admin = await signedInMember(t, [{ workspaceId: acme.id, role: 'admin' }]);
    const before = await auditActions();
    // % and _ would match everything as LIKE wildcards; here they only match themselves.
    const attacks = ["' OR 1=1 --", "'; drop table users; --", '%', '%%_%', '\\', "x' union select password_hash from users --", 'nul\u0000byte'];
    for (const attack of attacks) {
      const q = encodeURIComponent(attack);
      for (const path of [`/v1/audit?q=${q}`, `/v1/security-events?q=${q}`, `/v1/audit/export?q=${q}`]) {
        const response = await t.app.inject({ url: inAcme(path), headers: admin.headers });
        expect([200, 400], `${path}`).toContain(response.statusCode);
        expect(response.body).not.toMatch(/\$argon2id\$|syntax error|at .*\.ts:\d+/);
        if (response.statusCode === 200 && !path.includes('export')) expect(response.json().data, path).toEqual([]);
      }
      for (const path of [`/v1/audit?action=${q}`, `/v1/security-events?type=${q}`, `/v1/security-events?severity=${q}`, `/v1/audit?from=${q}`, `/v1/audit?before=${q}`, `/v1/metrics/monthly?from=${q}`, `/v1/metrics/monthly?currency=${q}`]) {
        const response = await t.app.inject({ url: inAcme(path), headers: admin.headers });
        expect(response.statusCode, path).toBe(400);
        expect(response.json().error.code).toBe('RVP_VALIDATION');
      }
    }
    const huge = 'a'.repeat(100_000);
    for (const path of [`/v1/audit?q=${huge}`, `/v1/security-events?q=${huge}`, `/v1/audit?limit=${huge}`, `/v1/audit?limit=100000`, `/v1/metrics/summary?workspace=${huge}`]) {
      const response = await t.app.inject({ url: path.includes('workspace=') ? path : inAcme(path), headers: admin.headers });
      expect(response.statusCode, path.slice(0, 40)).toBe(400);
    }
    const login = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: "admin' --", password: "' OR '1'='1" } });
    expect(login.json().error.code).toBe('RVP_INVALID_CREDENTIALS');
    const bigLogin = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: huge.slice(0, 5000), password: TEST_PASSWORD } });
    expect(bigLogin.statusCode).toBe(400);
    expect(await db.store.db.selectFrom('users').select('user_id').limit(1).execute()).toHaveLength(1);
    expect((await auditActions()).length).toBeGreaterThanOrEqual(before.length);
  });
});
