import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { connectLive, HandshakeRefused } from '../helpers/ws-client.js';
import { apiKeyCaller, signedInMember } from '../helpers/auth.js';
import { event, price, signedWebhook, subscription } from '../helpers/stripe-events.js';
import { createDb, type Store } from '../../src/store/db.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { createSource, type Source } from '../../src/store/sources-repo.js';

const SECRET = 'whsec_live_feed_test';

describe.each(BACKENDS)('live feed over WebSocket (%s)', (backend) => {
  let db: TestDatabase;
  let secondStore: Store;
  let a: TestApp;
  let b: TestApp;
  let urlA: string;
  let urlB: string;
  let acme: Workspace;
  let other: Workspace;
  let source: Source;
  let acmeViewer: Record<string, string>;
  let otherViewer: Record<string, string>;
  const now = Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    // Instance B: on PostgreSQL its own connections to the same database; PGlite is one process.
    secondStore = db.url ? await createDb({ kind: 'postgres', url: db.url }) : db.store;
    a = await buildTestApp(db.store);
    b = await buildTestApp(secondStore);
    urlA = (await a.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    urlB = (await b.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    acme = await ensureWorkspace(db.store.db, { slug: 'acme', name: 'Acme' });
    other = await ensureWorkspace(db.store.db, { slug: 'other', name: 'Other' });
    source = await createSource(db.store.db, a.ctx.box, { workspaceId: acme.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
    acmeViewer = (await apiKeyCaller(a, acme.id, 'viewer')).headers;
    otherViewer = (await signedInMember(a, [{ workspaceId: other.id, role: 'viewer' }])).headers;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (secondStore && secondStore !== db.store) await secondStore.close();
    await db?.drop();
  });

  const postSubscription = async (subId: string, customer: string, amount: number) => {
    const { body, headers } = signedWebhook(event('customer.subscription.created', subscription({ id: subId, customer, price: price({ amount }), start: now - 60 }), now - 60), SECRET);
    const response = await a.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers });
    expect(response.statusCode).toBe(200);
    await a.worker.drain();
  };

  it('pushes new totals to a client of another instance, and only to its workspace', async () => {
    const onB = await connectLive(`${urlB}/v1/live?workspace=${acme.id}`, { headers: acmeViewer });
    const outsider = await connectLive(`${urlA}/v1/live?workspace=${other.id}`, { headers: otherViewer });
    await postSubscription('sub_live_1', 'cus_live_1', 2500);
    const frame = await onB.next((f) => f.type === 'mrr_updated');
    expect(frame.data).toMatchObject({ currency: 'usd', mrr: 2500, payingCustomers: 1 });
    expect(Object.keys(frame).sort()).toEqual(['at', 'data', 'seq', 'type']);
    await postSubscription('sub_live_2', 'cus_live_2', 1000);
    expect((await onB.next((f) => f.type === 'mrr_updated' && f.data.mrr === 3500)).seq).toBeGreaterThan(frame.seq);
    expect(outsider.frames).toEqual([]);
    await onB.close();
    await outsider.close();
  });

  it('replays what a reconnecting client missed with ?since=', async () => {
    const first = await connectLive(`${urlA}/v1/live?workspace=${acme.id}`, { headers: acmeViewer });
    await postSubscription('sub_live_3', 'cus_live_3', 500);
    const seen = await first.next((f) => f.data.mrr === 4000);
    await first.close();
    await postSubscription('sub_live_4', 'cus_live_4', 500);
    const again = await connectLive(`${urlA}/v1/live?workspace=${acme.id}&since=${seen.seq}`, { headers: acmeViewer });
    const missed = await again.next((f) => f.data.mrr === 4500);
    expect(missed.seq).toBeGreaterThan(seen.seq);
    expect(again.frames.every((f) => f.seq > seen.seq)).toBe(true);
    await again.close();
  });

  it('refuses the handshake of a person who names no workspace, naming the parameter', async () => {
    const refused = await connectLive(`${urlA}/v1/live`, { headers: otherViewer }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HandshakeRefused);
    expect((refused as HandshakeRefused).status).toBe(400);
    expect(JSON.parse((refused as HandshakeRefused).body).error.message).toMatch(/^workspace:/);
  });
});
