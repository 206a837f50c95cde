// POST /v1/sources with provider 'paypal' (the body the Settings form posts): the client secret
// goes in sealed and never comes out, the answer carries the PayPal webhook URL and settings, the
// backfill starts at once from the (fake) PayPal API, and POST /v1/sources/:id/sync works; each
// refusal is a 400 naming its field, and without REVPULSE_SECRET_KEY nothing is stored.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember, type Caller } from '../helpers/auth.js';
import { startFakePaypal, type FakePaypal } from '../helpers/fake-paypal-api.js';
import { paypalPlan, paypalSubscription } from '../helpers/paypal-events.js';
import { buildApp } from '../../src/api/app.js';
import { createLogger } from '../../src/logger.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { markRunning } from '../../src/store/source-sync-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

const CLIENT_ID = 'AbC1dEfGhIjKlMnOpQrStUvWxYz0123456789-_apiTestClient';
const CLIENT_SECRET = 'EGnHDxD_qRPdaLdZz8iCr8N7_MzF-YHPTkjs6NKYQvQSBngp4PTTVWkPZRbL';
const WEBHOOK_ID = '8PT597110X687430LKGECATA';
const DAY = 86_400;
const NOW = Math.floor(Date.now() / 1000);

describe.each(BACKENDS)('PayPal sources API (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let fake: FakePaypal;
  let workspace: Workspace;
  let owner: Caller;
  const logs: string[] = [];
  const body = { provider: 'paypal', name: 'PayPal (EU)', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, webhookId: WEBHOOK_ID, sandbox: true };

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, app = t.app) =>
    app.inject({ method, url, headers: owner.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    fake = await startFakePaypal();
    const plan = paypalPlan({ id: 'P-APITEST00000000000000001', value: '29.00' });
    const subscription = paypalSubscription({ id: 'I-APITEST00001', planId: plan.id, payerId: 'PAYERAPI0001', start: NOW - 45 * DAY, sandbox: true });
    fake.addAccount({
      clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, plans: [plan], subscriptions: [subscription],
      transactions: [0, 30].map((d, i) => ({ transaction_id: `APITXN0000000000${i}`, paypal_reference_id: subscription.id, paypal_reference_id_type: 'SUB' as const, transaction_event_code: 'T0002', at: NOW - 45 * DAY + d * DAY, value: '29.00', currency: 'EUR' })),
    });
    t = await buildTestApp(db.store, { env: { REVPULSE_PAYPAL_API_URL: fake.url, REVPULSE_PUBLIC_URL: 'https://revpulse.example.com' } });
    const sink = new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) });
    t = { ...t, app: await buildApp({ ...t.ctx, logger: createLogger('debug', sink), wakeIngest: () => void t.worker.wake() }, { webDist: '/nonexistent' }) };
    workspace = await ensureWorkspace(db.store.db, { slug: 'paypal-api', name: 'PayPal API' });
    owner = await signedInMember(t, [{ workspaceId: workspace.id, role: 'owner' }]);
  }, 120_000);
  afterAll(async () => {
    await t?.app.close();
    await t?.close();
    await fake?.close();
    await db?.drop();
  });

  let sourceId = '';

  it('adds a PayPal source and backfills it at once, never answering or logging the client secret', { timeout: 90_000 }, async () => {
    const response = await call('POST', `/v1/sources?workspace=${workspace.id}`, body);
    expect(response.statusCode).toBe(201);
    const { source } = response.json();
    sourceId = source.id;
    expect(source).toMatchObject({
      name: 'PayPal (EU)', provider: 'paypal', mode: 'test', hasApiKey: true, hasWebhookSecret: false,
      webhookUrl: `https://revpulse.example.com/webhooks/paypal/${source.id}`,
      paypal: { clientId: CLIENT_ID, webhookId: WEBHOOK_ID, sandbox: true },
    });
    expect(response.body).not.toContain(CLIENT_SECRET);
    const row = await db.store.db.selectFrom('sources').selectAll().where('source_id', '=', source.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(CLIENT_SECRET);
    expect(row.config).toEqual({ clientId: CLIENT_ID, webhookId: WEBHOOK_ID, sandbox: true });

    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const [view] = (await call('GET', `/v1/sources?workspace=${workspace.id}`)).json().data;
      if (view?.sync.backfill.status === 'done' && view.sync.running === null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const list = await call('GET', `/v1/sources?workspace=${workspace.id}`);
    const [view] = list.json().data;
    expect(view).toMatchObject({ id: source.id, lastError: null, sync: { running: null, backfill: { status: 'done' } } });
    expect(view.sync.backfill.done).toBe(view.sync.backfill.total);
    expect(list.body).not.toContain(CLIENT_SECRET);
    const events = await db.store.db.selectFrom('raw_events').select(['type', 'livemode']).where('source_id', '=', source.id).execute();
    expect(events.filter((e) => e.type === 'PAYMENT.SALE.COMPLETED')).toHaveLength(2);
    // A sandbox app's events are test-mode events.
    expect(events.every((e) => e.livemode === false)).toBe(true);
    expect(logs.join('')).toContain('source added');
    expect(logs.join('')).not.toContain(CLIENT_SECRET);
  });

  it('syncs on request, and refuses a second sync while one runs', async () => {
    const mark = fake.requests.length;
    const started = await call('POST', `/v1/sources/${sourceId}/sync?workspace=${workspace.id}`, {});
    expect(started.statusCode).toBe(202);
    expect(started.json().sync).toMatchObject({ sourceId, kind: 'incremental' });
    await markRunning(db.store.db, { workspaceId: workspace.id, sourceId }, 'incremental', new Date());
    expect((await call('POST', `/v1/sources/${sourceId}/sync?workspace=${workspace.id}`, {})).json().error.code).toBe('RVP_SYNC_IN_PROGRESS');
    await markRunning(db.store.db, { workspaceId: workspace.id, sourceId }, null, new Date());
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && !fake.requests.slice(mark).some((r) => r.path === '/v1/reporting/transactions'); ) await new Promise((r) => setTimeout(r, 50));
    expect(fake.requests.slice(mark).some((r) => r.path === '/v1/reporting/transactions')).toBe(true);
  });

  it.each([
    [{ ...body, provider: 'paddle' }, 'provider'],
    [{ ...body, name: '' }, 'name'],
    [{ ...body, name: 'x'.repeat(101) }, 'name'],
    [{ ...body, clientSecret: undefined }, 'clientSecret'],
    [{ ...body, clientSecret: 'short' }, 'clientSecret'],
    [{ ...body, clientId: 'has spaces in it, not an id' }, 'clientId'],
    [{ ...body, webhookId: 'WH-not/an/id' }, 'webhookId'],
    [{ ...body, sandbox: 'yes' }, 'sandbox'],
  ])('refuses %j naming %s', async (payload, field) => {
    const response = await call('POST', `/v1/sources?workspace=${workspace.id}`, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('RVP_VALIDATION');
    expect(response.json().error.message).toMatch(new RegExp(`^${field}: `));
    expect(response.body).not.toContain(CLIENT_SECRET);
  });

  it('adds a source before its PayPal webhook exists, and takes the webhook id afterwards', async () => {
    const added = await call('POST', `/v1/sources?workspace=${workspace.id}`, { ...body, name: 'PayPal (later webhook)', webhookId: undefined });
    expect(added.statusCode, added.body).toBe(201);
    const id = added.json().source.id as string;
    expect(added.json().source.paypal).toEqual({ clientId: CLIENT_ID, webhookId: '', sandbox: true });
    expect(added.json().source.webhookUrl).toBe(`https://revpulse.example.com/webhooks/paypal/${id}`);

    const refused = await call('PATCH', `/v1/sources/${id}?workspace=${workspace.id}`, { webhookId: 'WH-not/an/id' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/^webhookId: /);
    const set = await call('PATCH', `/v1/sources/${id}?workspace=${workspace.id}`, { webhookId: WEBHOOK_ID });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().source.paypal).toEqual({ clientId: CLIENT_ID, webhookId: WEBHOOK_ID, sandbox: true });
    const row = await db.store.db.selectFrom('sources').select('config').where('source_id', '=', id).executeTakeFirstOrThrow();
    expect(row.config).toEqual({ clientId: CLIENT_ID, webhookId: WEBHOOK_ID, sandbox: true });

    expect((await call('PATCH', `/v1/sources/src_nothere?workspace=${workspace.id}`, { webhookId: WEBHOOK_ID })).statusCode).toBe(404);
  });

  it('refuses to store the client secret when the server has no REVPULSE_SECRET_KEY', async () => {
    const keyless = await buildApp({ ...t.ctx, box: createSecretBox(undefined) }, { webDist: '/nonexistent' });
    try {
      const before = await db.store.db.selectFrom('sources').select('source_id').execute();
      const response = await call('POST', `/v1/sources?workspace=${workspace.id}`, body, keyless);
      expect(response.statusCode).toBe(503);
      expect(response.json().error).toEqual({ code: 'RVP_SECRET_KEY_MISSING', message: expect.stringContaining('REVPULSE_SECRET_KEY') });
      expect(await db.store.db.selectFrom('sources').select('source_id').execute()).toHaveLength(before.length);
    } finally {
      await keyless.close();
    }
  });
});
