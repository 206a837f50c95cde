import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { event, price, signedWebhook, subscription } from '../helpers/stripe-events.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { createSource, type Source } from '../../src/store/sources-repo.js';

const SECRET = 'whsec_test_secret_for_revpulse';
const DAY = 86_400;

describe.each(BACKENDS)('webhook → stored event → ledger → summary (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let workspace: Workspace;
  let source: Source;
  let viewer: Record<string, string>;
  const now = Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store);
    workspace = await ensureWorkspace(db.store.db, { slug: 'acme', name: 'Acme' });
    viewer = (await apiKeyCaller(t, workspace.id, 'viewer')).headers;
    source = await createSource(db.store.db, t.ctx.box, { workspaceId: workspace.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const post = (payload: ReturnType<typeof event>, secret = SECRET, sourceId = source.id) => {
    const { body, headers } = signedWebhook(payload, secret);
    return t.app.inject({ method: 'POST', url: `/webhooks/stripe/${sourceId}`, payload: body, headers });
  };
  const countEvents = async () =>
    Number((await db.store.db.selectFrom('raw_events').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspace.id).executeTakeFirstOrThrow()).n);
  const summary = async () => (await t.app.inject({ url: `/v1/metrics/summary?workspace=${workspace.id}`, headers: viewer })).json();

  it('accepts a correctly signed event, stores it once and answers a redelivery with 200', async () => {
    const e = event('customer.created', { id: 'cus_A', object: 'customer', created: now - 10 * DAY, email: 'a@example.com', name: 'A Inc', address: null, currency: null, deleted: undefined, metadata: {}, livemode: false }, now - 10 * DAY);
    const first = await post(e);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ received: true, duplicate: false, id: e.id });
    const again = await post(e);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true });
    expect(await countEvents()).toBe(1);
  });

  it('refuses a bad signature with RVP_WEBHOOK_SIGNATURE and stores nothing', async () => {
    const before = await countEvents();
    const e = event('customer.created', { id: 'cus_B', object: 'customer', created: now, metadata: {} }, now);
    const response = await post(e, 'whsec_wrong');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'RVP_WEBHOOK_SIGNATURE', message: expect.stringContaining('Signature') } });
    const missing = await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: JSON.stringify(e), headers: { 'content-type': 'application/json' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('RVP_WEBHOOK_SIGNATURE');
    expect(await countEvents()).toBe(before);
  });

  it('refuses a signature older than five minutes', async () => {
    const e = event('customer.created', { id: 'cus_C', object: 'customer', created: now, metadata: {} }, now);
    const { body, headers } = signedWebhook(e, SECRET, now - 301);
    const response = await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('RVP_WEBHOOK_SIGNATURE');
  });

  it('answers 404 with the registry code for an unknown source', async () => {
    const e = event('customer.created', { id: 'cus_D', object: 'customer', created: now, metadata: {} }, now);
    const response = await post(e, SECRET, 'src_missing');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('RVP_SOURCE_NOT_FOUND');
  });

  it('turns subscription events into MRR and paying customers', async () => {
    const monthly = price({ amount: 4900 });
    const annual = price({ amount: 120_000, interval: 'year' });
    expect((await post(event('customer.subscription.created', subscription({ id: 'sub_1', customer: 'cus_A', price: monthly, quantity: 2, start: now - 5 * DAY }), now - 5 * DAY))).statusCode).toBe(200);
    expect((await post(event('customer.subscription.created', subscription({ id: 'sub_2', customer: 'cus_E', price: annual, start: now - 4 * DAY }), now - 4 * DAY))).statusCode).toBe(200);
    await t.worker.drain();
    // 2 × 49.00 + 1200.00 / 12 = 98.00 + 100.00
    expect(await summary()).toMatchObject({ currency: 'usd', mrr: 19_800, arr: 237_600, payingCustomers: 2, arpa: 9_900 });

    await post(event('customer.subscription.deleted', subscription({ id: 'sub_2', customer: 'cus_E', price: annual, start: now - 4 * DAY, status: 'canceled', endedAt: now - DAY }), now - DAY));
    await t.worker.drain();
    expect(await summary()).toMatchObject({ mrr: 9_800, payingCustomers: 1 });
  });

  it('records why an event was dropped', async () => {
    const e = event('balance.available', { id: 'bal_1', object: 'balance' }, now);
    await post(e);
    await t.worker.drain();
    const row = await db.store.db.selectFrom('raw_events').select(['processed_at', 'drop_reason']).where('event_id', '=', e.id).executeTakeFirstOrThrow();
    expect(row.processed_at).not.toBeNull();
    expect(row.drop_reason).toBe('unsupported_type');
  });

  it('drops a live-mode event sent to a test-mode source', async () => {
    const e = event('customer.subscription.created', subscription({ id: 'sub_live', customer: 'cus_F', price: price({ amount: 1000 }), start: now }), now, { livemode: true });
    await post(e);
    await t.worker.drain();
    const row = await db.store.db.selectFrom('raw_events').select('drop_reason').where('event_id', '=', e.id).executeTakeFirstOrThrow();
    expect(row.drop_reason).toBe('mode_mismatch');
    expect(await summary()).toMatchObject({ mrr: 9_800 });
  });

  it('computes every figure for what converts and names the currency no rate converts (never a 422)', async () => {
    const before = (await t.app.inject({ url: `/v1/metrics/summary?workspace=${workspace.id}`, headers: viewer })).json() as { mrr: number };
    await post(event('customer.subscription.created', subscription({ id: 'sub_chf', customer: 'cus_chf', price: price({ amount: 5000, currency: 'chf' }), start: now - DAY }), now - DAY));
    await t.worker.drain();
    const response = await t.app.inject({ url: `/v1/metrics/summary?workspace=${workspace.id}`, headers: viewer });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ mrr: before.mrr, unconverted: [{ currency: 'chf', mrr: 5000 }] });
    for (const path of ['/v1/metrics/monthly', '/v1/metrics/series?metric=mrr', '/v1/metrics/by-plan', '/v1/metrics/by-currency', '/v1/explain?metric=mrr', '/v1/fx/status']) {
      const answer = await t.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${workspace.id}`, headers: viewer });
      expect(answer.statusCode, path).toBe(200);
    }
    const status = (await t.app.inject({ url: `/v1/fx/status?workspace=${workspace.id}`, headers: viewer })).json();
    expect(status.unconverted).toEqual([{ currency: 'chf', mrr: 5000 }]);
    expect(status.currencies).toEqual(expect.arrayContaining([expect.objectContaining({ currency: 'chf', via: null })]));
  });
});
