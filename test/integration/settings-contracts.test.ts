// The Settings screen parses what the settings endpoints answer with the contracts of
// src/read/settings/contract.ts (one shape each, no copy in web/): the real answers must parse —
// including a key that was revoked, an invitation and audit entries with every optional part.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember } from '../helpers/auth.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { apiKeyCreated, apiKeyList, auditPage, deadLetters, invitationCreated, securityPage, sourceList, team } from '../../src/read/settings/contract.js';

describe.each(BACKENDS)('settings answers parse with their contracts (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let owner: Record<string, string>;
  const call = async (method: 'GET' | 'POST' | 'DELETE', path: string, payload?: object) => {
    const response = await t.app.inject({ method, url: `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: owner, ...(payload ? { payload } : {}) });
    expect(response.statusCode, `${method} ${path}: ${response.body}`).toBeLessThan(300);
    return response.json() as unknown;
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store);
    ws = await ensureWorkspace(db.store.db, { slug: 'settings-contracts', name: 'Settings contracts' });
    owner = (await signedInMember(t, [{ workspaceId: ws.id, role: 'owner' }])).headers;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('team, invitations, API keys (one revoked), the audit log and security events', async () => {
    expect(invitationCreated.parse(await call('POST', '/v1/team/invitations', { email: 'new@example.test', role: 'analyst' })).link).toMatch(/accept-invite#/);
    const created = apiKeyCreated.parse(await call('POST', '/v1/api-keys', { name: 'reporting', role: 'viewer' }));
    await call('DELETE', `/v1/api-keys/${created.key.id}`);
    const members = team.parse(await call('GET', '/v1/team'));
    expect(members.members.map((m) => m.role)).toEqual(['owner']);
    expect(members.invitations.map((i) => [i.email, i.role])).toEqual([['new@example.test', 'analyst']]);
    const keys = apiKeyList.parse(await call('GET', '/v1/api-keys'));
    expect(keys.data.find((k) => k.id === created.key.id)?.revokedAt).toEqual(expect.any(String));
    const audit = auditPage.parse(await call('GET', '/v1/audit'));
    expect(audit.data.map((e) => e.action)).toEqual(expect.arrayContaining(['team.invitation_created', 'api_key.created', 'api_key.revoked']));
    securityPage.parse(await call('GET', '/v1/security-events'));
    expect(sourceList.parse(await call('GET', '/v1/sources')).data).toEqual([]);
    expect(deadLetters.parse(await call('GET', '/v1/dead-letters'))).toEqual({ events: [], ledgers: [] });
  });
});
