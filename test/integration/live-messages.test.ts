// Every live message type, end to end: a signed webhook posted to instance A becomes typed,
// allow-listed messages on a real WebSocket client of instance B (PostgreSQL LISTEN/NOTIFY; on
// PGlite both instances share one database process), in sequence order, replayable with ?since=.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { connectLive, type LiveFrame } from '../helpers/ws-client.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { event, price, signedWebhook, subscription, type TestEvent } from '../helpers/stripe-events.js';
import { createDb, type Store } from '../../src/store/db.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { createSource, type Source } from '../../src/store/sources-repo.js';
import { LIVE_MESSAGE_SCHEMAS } from '../../src/live/messages.js';
import { createSyncStatusPublisher } from '../../src/live/publish-sync-status.js';
import { REPLAY_KEEP } from '../../src/live/bus.js';

const SECRET = 'whsec_live_messages_test';

describe.each(BACKENDS)('live messages (%s)', (backend) => {
  let db: TestDatabase;
  let secondStore: Store;
  let a: TestApp;
  let b: TestApp;
  let urlB: string;
  let ws: Workspace;
  let source: Source;
  let viewer: Record<string, string>;
  const now = Math.floor(Date.now() / 1000);
  const pro = price({ id: 'price_live_pro', amount: 4900, product: 'prod_live_pro' });

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    secondStore = db.url ? await createDb({ kind: 'postgres', url: db.url }) : db.store;
    a = await buildTestApp(db.store);
    b = await buildTestApp(secondStore);
    urlB = (await b.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    ws = await ensureWorkspace(db.store.db, { slug: 'live', name: 'Live' });
    source = await createSource(db.store.db, a.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
    viewer = (await apiKeyCaller(a, ws.id, 'viewer')).headers;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (secondStore && secondStore !== db.store) await secondStore.close();
    await db?.drop();
  });

  const post = async (...events: TestEvent[]) => {
    for (const e of events) {
      const { body, headers } = signedWebhook(e, SECRET);
      const response = await a.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers });
      expect(response.statusCode, response.body).toBe(200);
    }
    await a.worker.drain();
  };
  const charge = (id: string, customer: string, status: 'succeeded' | 'failed', amount: number) =>
    event(`charge.${status}`, {
      id, object: 'charge', amount, amount_captured: status === 'failed' ? 0 : amount, amount_refunded: 0, currency: 'usd', customer, payment_intent: null, status,
      captured: status === 'succeeded', refunded: false, disputed: false, failure_code: status === 'failed' ? 'card_declined' : null,
      failure_message: status === 'failed' ? 'Your card was declined.' : null,
      outcome: status === 'failed' ? { type: 'issuer_declined', reason: 'insufficient_funds' } : { type: 'authorized', reason: null },
      created: now, invoice: `in_${id}`, livemode: false, billing_details: { name: 'Secret Name', email: 'secret@example.com' },
    }, now);

  const expectAllowListed = (frames: readonly LiveFrame[]) => {
    for (const f of frames) {
      expect(Object.keys(f).sort()).toEqual(['at', 'data', 'seq', 'type']);
      const schema = LIVE_MESSAGE_SCHEMAS[f.type as keyof typeof LIVE_MESSAGE_SCHEMAS];
      expect(schema, f.type).toBeDefined();
      expect(Object.keys(f.data).sort(), f.type).toEqual(Object.keys(schema.shape).sort());
    }
  };

  it('announces a signup, its movement and the new totals on another instance', async () => {
    const client = await connectLive(`${urlB}/v1/live?workspace=${ws.id}`, { headers: viewer });
    const created = event('customer.subscription.created', subscription({ id: 'sub_l1', customer: 'cus_l1', price: pro, start: now - 30 }), now - 30);
    await post(created);
    // The day the subscription started (30 s before `now`: the day before, just after midnight).
    const day = new Date((now - 30) * 1000).toISOString().slice(0, 10);
    const signup = await client.next((f) => f.type === 'new_signup');
    expect(signup.data).toEqual({ customerId: 'cus_l1', name: null, day, status: 'active', currency: 'usd', mrr: 4900, planId: 'prod_live_pro', planName: 'prod_live_pro' });
    const changed = await client.next((f) => f.type === 'subscription_changed');
    expect(changed.data).toEqual({ customerId: 'cus_l1', day, movement: 'new', currency: 'usd', amount: 4900, mrr: 4900, eventId: created.id });
    const totals = await client.next((f) => f.type === 'mrr_updated');
    expect(totals.data).toEqual({ currency: 'usd', mrr: 4900, arr: 58_800, payingCustomers: 1, arpa: 4900 });
    expect(totals.seq).toBeGreaterThan(changed.seq);
    expectAllowListed(client.frames);
    await client.close();
  });

  it('announces payments (never the card holder), expansions, scheduled cancellations and churn', async () => {
    const client = await connectLive(`${urlB}/v1/live?workspace=${ws.id}`, { headers: viewer });
    // A customer since three days ago: today's changes are expansion and churn, not new.
    const since = now - 3 * 86_400;
    const sub = (extra: Partial<Parameters<typeof subscription>[0]> = {}) => subscription({ id: 'sub_l5', customer: 'cus_l5', price: pro, start: since, ...extra });
    await post(event('customer.subscription.created', sub(), since));
    await client.next((f) => f.type === 'mrr_updated' && f.data.mrr === 4900 * 2);
    expect(client.frames.filter((f) => f.type === 'new_signup' || f.type === 'subscription_changed')).toEqual([]); // not recent

    await post(charge('ch_l1', 'cus_l5', 'succeeded', 4900), charge('ch_l2', 'cus_l5', 'failed', 4900));
    expect((await client.next((f) => f.type === 'payment_received')).data).toEqual({ paymentId: 'ch_l1', customerId: 'cus_l5', invoiceId: 'in_ch_l1', currency: 'usd', amount: 4900, eventId: expect.any(String) });
    expect((await client.next((f) => f.type === 'payment_failed')).data).toMatchObject({ paymentId: 'ch_l2', failureCode: 'card_declined', declineCode: 'insufficient_funds' });

    await post(event('customer.subscription.updated', sub({ quantity: 3 }), now - 20));
    expect((await client.next((f) => f.type === 'subscription_changed' && f.data.movement === 'expansion')).data).toMatchObject({ customerId: 'cus_l5', amount: 9800, mrr: 14_700 });

    await post(event('customer.subscription.updated', { ...sub({ quantity: 3 }), cancel_at_period_end: true, canceled_at: now - 10 }, now - 10));
    expect((await client.next((f) => f.type === 'churn_alert')).data).toEqual({ customerId: 'cus_l5', name: null, reason: 'cancellation_scheduled', currency: 'usd', mrr: 14_700, planName: 'prod_live_pro' });

    await post(event('customer.subscription.deleted', sub({ quantity: 3, status: 'canceled', endedAt: now - 5 }), now - 5));
    // Today's row becomes a churn of the day's starting 49.00; this change took 147.00.
    expect((await client.next((f) => f.type === 'subscription_changed' && f.data.movement === 'churn')).data).toMatchObject({ amount: -14_700, mrr: 0 });
    expect((await client.next((f) => f.type === 'churn_alert' && f.data.reason === 'churned')).data).toMatchObject({ customerId: 'cus_l5', mrr: 14_700 });
    expect((await client.next((f) => f.type === 'mrr_updated' && f.data.mrr === 4900)).data).toMatchObject({ payingCustomers: 1 });

    const seqs = client.frames.map((f) => f.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(JSON.stringify(client.frames)).not.toContain('secret@example.com');
    expectAllowListed(client.frames);
    await client.close();
  });

  it('publishes sync status for the Stripe connection', async () => {
    const client = await connectLive(`${urlB}/v1/live?workspace=${ws.id}`, { headers: viewer });
    await createSyncStatusPublisher(a.ctx.bus)({ workspaceId: ws.id, sourceId: source.id, status: 'failed', kind: 'incremental', error: 'Stripe answered 401: bad key' });
    expect((await client.next((f) => f.type === 'sync_status')).data).toEqual({ sourceId: source.id, status: 'failed', kind: 'incremental', stored: null, error: 'Stripe answered 401: bad key' });
    await client.close();
  });

  it('replays exactly what a reconnecting client missed, then carries on live', async () => {
    const first = await connectLive(`${urlB}/v1/live?workspace=${ws.id}`, { headers: viewer });
    await post(event('customer.subscription.created', subscription({ id: 'sub_l2', customer: 'cus_l2', price: pro, start: now - 4 }), now - 4));
    const seen = await first.next((f) => f.type === 'mrr_updated');
    await first.close();
    await post(
      event('customer.subscription.created', subscription({ id: 'sub_l3', customer: 'cus_l3', price: pro, start: now - 3 }), now - 3),
      charge('ch_l3', 'cus_l3', 'succeeded', 4900),
    );
    const missed = await db.store.db.selectFrom('live_messages').select('seq').where('workspace_id', '=', ws.id).where('seq', '>', seen.seq).orderBy('seq').execute();
    const again = await connectLive(`${urlB}/v1/live?workspace=${ws.id}&since=${seen.seq}`, { headers: viewer });
    await again.next((f) => f.seq === missed.at(-1)!.seq);
    await post(charge('ch_l4', 'cus_l3', 'succeeded', 4900));
    await again.next((f) => f.type === 'payment_received' && f.data.paymentId === 'ch_l4');
    const seqs = again.frames.map((f) => f.seq);
    expect(seqs.slice(0, missed.length)).toEqual(missed.map((m) => m.seq));
    expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
    await again.close();
  });

  it('tells a client that missed more than the buffer holds to resync', async () => {
    const start = await a.ctx.bus.publish(ws.id, 'sync_status', { sourceId: source.id, status: 'running', kind: 'full', stored: null, error: null });
    for (let i = 0; i < REPLAY_KEEP + 250; i += 50) {
      await a.ctx.store.db.transaction().execute((trx) => a.ctx.bus.publishIn(trx, ws.id, Array.from({ length: 50 }, () => ({ type: 'sync_status', data: { sourceId: source.id, status: 'running', kind: 'full', stored: null, error: null } }))));
    }
    const late = await connectLive(`${urlB}/v1/live?workspace=${ws.id}&since=${start.seq}`, { headers: viewer });
    const resync = await late.next((f) => f.type === 'resync');
    expect(resync.data).toEqual({});
    await late.close();
  });
});
