// The live WebSocket authenticates like the API (cookie or API key) and re-checks access for
// every message: a revoked key, a removed member, a logged-out session stop receiving at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller, signedInMember } from '../helpers/auth.js';
import { connectLive, HandshakeRefused } from '../helpers/ws-client.js';
import { ACCESS_REVOKED } from '../../src/api/routes/live.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

describe.each(BACKENDS)('live feed access (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let url: string;
  let acme: Workspace;
  let other: Workspace;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store);
    url = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    acme = await ensureWorkspace(db.store.db, { slug: 'acme', name: 'Acme' });
    other = await ensureWorkspace(db.store.db, { slug: 'other', name: 'Other' });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const live = (workspace: Workspace, headers: Record<string, string>) => connectLive(`${url}/v1/live?workspace=${workspace.id}`, { headers });
  const refusal = async (workspace: Workspace, headers: Record<string, string>) => {
    const error = await live(workspace, headers).then(
      (socket) => (socket.close(), null),
      (e: unknown) => e,
    );
    return error instanceof HandshakeRefused ? error.status : error;
  };
  const publish = (workspace: Workspace, mrr: number) => t.ctx.bus.publish(workspace.id, 'mrr_updated', { currency: 'usd', mrr, arr: mrr * 12, payingCustomers: 1, arpa: mrr });

  it('refuses the handshake: 401 without credentials, 404 for another workspace, 403 for a role without metrics', async () => {
    expect(await refusal(acme, {})).toBe(401);
    expect(await refusal(acme, { authorization: 'Bearer rvp_nothing' })).toBe(401);
    expect(await refusal(acme, (await signedInMember(t, [{ workspaceId: other.id, role: 'owner' }])).headers)).toBe(404);
    expect(await refusal(acme, (await apiKeyCaller(t, other.id, 'admin')).headers)).toBe(404);
    expect(await refusal(acme, (await signedInMember(t, [{ workspaceId: acme.id, role: 'billing' }])).headers)).toBe(403);
    expect(await refusal(acme, (await apiKeyCaller(t, acme.id, 'billing')).headers)).toBe(403);
    const viewer = await signedInMember(t, [{ workspaceId: acme.id, role: 'viewer' }]);
    expect(await refusal(acme, viewer.headers)).toBeNull();
    // A page on another site cannot open the feed with the victim's cookie.
    expect(await refusal(acme, { cookie: viewer.headers.cookie!, origin: 'https://evil.example' })).toBe(403);
  });

  it('never delivers a message of workspace A to a client of workspace B, even a member of both', async () => {
    const both = await signedInMember(t, [{ workspaceId: acme.id, role: 'viewer' }, { workspaceId: other.id, role: 'viewer' }]);
    const onA = await live(acme, (await apiKeyCaller(t, acme.id, 'viewer')).headers);
    const onB = await live(other, both.headers);
    const onBByKey = await live(other, (await apiKeyCaller(t, other.id, 'viewer')).headers);
    for (let i = 1; i <= 5; i++) await publish(acme, 1000 * i);
    await publish(other, 77);
    await onA.next((f) => f.data.mrr === 5000);
    await onB.next((f) => f.data.mrr === 77);
    await onBByKey.next((f) => f.data.mrr === 77);
    expect(onA.frames.map((f) => f.data.mrr)).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(onB.frames.map((f) => f.data.mrr)).toEqual([77]);
    expect(onBByKey.frames.map((f) => f.data.mrr)).toEqual([77]);
    await Promise.all([onA.close(), onB.close(), onBByKey.close()]);
  });

  it('stops delivering the moment a key is revoked, a member removed or a session ended', async () => {
    const admin = await signedInMember(t, [{ workspaceId: acme.id, role: 'admin' }]);
    const key = await apiKeyCaller(t, acme.id, 'viewer');
    const member = await signedInMember(t, [{ workspaceId: acme.id, role: 'viewer' }]);
    const leaver = await signedInMember(t, [{ workspaceId: acme.id, role: 'analyst' }]);
    const clients = { key: await live(acme, key.headers), member: await live(acme, member.headers), leaver: await live(acme, leaver.headers) };
    await publish(acme, 111);
    for (const client of Object.values(clients)) await client.next((f) => f.data.mrr === 111);

    await t.app.inject({ method: 'DELETE', url: `/v1/api-keys/${key.keyId}?workspace=${acme.id}`, headers: admin.headers });
    await t.app.inject({ method: 'DELETE', url: `/v1/team/members/${member.userId}?workspace=${acme.id}`, headers: admin.headers });
    await t.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: leaver.headers });
    await publish(acme, 222);
    for (const client of Object.values(clients)) {
      expect((await client.closed).code).toBe(ACCESS_REVOKED);
      expect(client.frames.map((f) => f.data.mrr)).toEqual([111]);
    }
  });

  it('delivers only the message types the matrix lists (deny by default)', async () => {
    const client = await live(acme, (await apiKeyCaller(t, acme.id, 'viewer')).headers);
    await t.ctx.bus.publish(acme.id, 'internal_debug', { secret: 'x' });
    await publish(acme, 333);
    await client.next((f) => f.data.mrr === 333);
    expect(client.frames.map((f) => f.type)).toEqual(['mrr_updated']);
    await client.close();
  });
});
