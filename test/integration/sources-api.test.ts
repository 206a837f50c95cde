// /v1/sources: add (secrets in, never out), list with freshness, remove, start a sync.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember, type Caller } from '../helpers/auth.js';
import { startFakeStripe, type FakeStripe } from '../helpers/fake-stripe.js';
import { accountFromEvents } from '../helpers/stripe-account.js';
import { demoEvents } from '../../src/demo/generate.js';
import { buildApp } from '../../src/api/app.js';
import { createLogger } from '../../src/logger.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createSource } from '../../src/store/sources-repo.js';
import { markRunning } from '../../src/store/source-sync-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

const WEBHOOK_SECRET = 'whsec_api_test_9f8e7d6c5b4a';
const API_KEY = 'sk_test_apitest51Hx9Q2eZvKYlo';
const END = Math.floor(Date.now() / 1000) - 3600;

describe.each(BACKENDS)('sources API (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let fake: FakeStripe;
  let workspace: Workspace;
  let other: Workspace;
  let owner: Caller;
  const logs: string[] = [];

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, caller = owner) =>
    t.app.inject({ method, url, headers: caller.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    fake = await startFakeStripe();
    fake.addAccount(API_KEY, accountFromEvents(demoEvents({ customers: 8, endAt: END, seed: 3 })));
    t = await buildTestApp(db.store, { env: { REVPULSE_STRIPE_API_URL: fake.url, REVPULSE_PUBLIC_URL: 'https://revpulse.example.com' } });
    // Everything the app logs, to check that no secret is ever written.
    const sink = new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) });
    t = { ...t, app: await buildApp({ ...t.ctx, logger: createLogger('debug', sink), wakeIngest: () => void t.worker.wake() }, { webDist: '/nonexistent' }) };
    workspace = await ensureWorkspace(db.store.db, { slug: 'api', name: 'API' });
    other = await ensureWorkspace(db.store.db, { slug: 'other', name: 'Other' });
    owner = await signedInMember(t, [{ workspaceId: workspace.id, role: 'owner' }, { workspaceId: other.id, role: 'owner' }]);
  }, 120_000);
  afterAll(async () => {
    await t?.app.close();
    await t?.close();
    await fake?.close();
    await db?.drop();
  });

  it('adds a Stripe source, answering with its webhook URL and never with its secrets', { timeout: 90_000 }, async () => {
    const response = await call('POST', `/v1/sources?workspace=${workspace.id}`, { provider: 'stripe', name: 'Stripe (US)', webhookSecret: WEBHOOK_SECRET, apiKey: API_KEY });
    expect(response.statusCode).toBe(201);
    const { source } = response.json();
    expect(source).toMatchObject({ name: 'Stripe (US)', provider: 'stripe', mode: 'test', hasWebhookSecret: true, hasApiKey: true, webhookUrl: `https://revpulse.example.com/webhooks/stripe/${source.id}` });
    expect(response.body).not.toContain(WEBHOOK_SECRET);
    expect(response.body).not.toContain(API_KEY);
    const row = await db.store.db.selectFrom('sources').selectAll().where('source_id', '=', source.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(WEBHOOK_SECRET.slice(6));
    expect(JSON.stringify(row)).not.toContain(API_KEY.slice(8));
    // With an API key the backfill starts at once, in the background.
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const [view] = (await call('GET', `/v1/sources?workspace=${workspace.id}`)).json().data;
      if (view?.sync.backfill.status === 'done' && view.sync.running === null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const list = await call('GET', `/v1/sources?workspace=${workspace.id}`);
    expect(list.json().data[0]).toMatchObject({ id: source.id, freshness: 'live', sync: { running: null, backfill: { status: 'done' } } });
    expect(list.body).not.toContain(WEBHOOK_SECRET);
    expect(list.body).not.toContain(API_KEY);
    const logged = logs.join('');
    expect(logged).toContain('source added');
    expect(logged).not.toContain(WEBHOOK_SECRET);
    expect(logged).not.toContain(API_KEY);
  });

  it.each([
    [{ provider: 'stripe', name: 'x', webhookSecret: 'not-a-secret' }, 'webhookSecret'],
    [{ provider: 'stripe', name: 'x', webhookSecret: WEBHOOK_SECRET, apiKey: 'pk_test_publishable123' }, 'apiKey'],
    [{ provider: 'stripe', name: 'x', webhookSecret: WEBHOOK_SECRET, apiKey: API_KEY, mode: 'live' }, 'mode'],
    [{ provider: 'paddle', name: 'x', webhookSecret: WEBHOOK_SECRET }, 'provider'],
    [{ provider: 'stripe', name: '', webhookSecret: WEBHOOK_SECRET }, 'name'],
  ])('refuses %j naming %s', async (body, field) => {
    const response = await call('POST', `/v1/sources?workspace=${workspace.id}`, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('RVP_VALIDATION');
    expect(response.json().error.message).toContain(field);
    expect(response.body).not.toContain(API_KEY);
  });

  it('refuses to store secrets when the server has no REVPULSE_SECRET_KEY', async () => {
    const keyless = await buildApp({ ...t.ctx, box: createSecretBox(undefined) }, { webDist: '/nonexistent' });
    try {
      const response = await keyless.inject({ method: 'POST', url: `/v1/sources?workspace=${workspace.id}`, headers: owner.headers, payload: { provider: 'stripe', name: 'x', webhookSecret: WEBHOOK_SECRET } });
      expect(response.statusCode).toBe(503);
      expect(response.json().error).toEqual({ code: 'RVP_SECRET_KEY_MISSING', message: expect.stringContaining('REVPULSE_SECRET_KEY') });
    } finally {
      await keyless.close();
    }
  });

  it('reports each source as live, stale, syncing or in error', async () => {
    const box = t.ctx.box;
    const make = async (name: string) => (await createSource(db.store.db, box, { workspaceId: other.id, provider: 'stripe', name, mode: 'live', webhookSecret: WEBHOOK_SECRET })).id;
    const [live, stale, error, syncing] = [await make('live'), await make('stale'), await make('error'), await make('syncing')];
    const set = (id: string, values: { last_event_at?: Date; last_error?: string }) => db.store.db.updateTable('sources').set(values).where('source_id', '=', id).execute();
    await set(live, { last_event_at: new Date(Date.now() - 60_000) });
    await set(stale, { last_event_at: new Date(Date.now() - 10 * 60_000) });
    await set(error, { last_event_at: new Date(), last_error: 'Stripe answered 401: Invalid API Key provided: sk_live_[redacted]' });
    await markRunning(db.store.db, { workspaceId: other.id, sourceId: syncing }, 'incremental', new Date());
    const data = (await call('GET', `/v1/sources?workspace=${other.id}`)).json().data as Array<{ id: string; freshness: string; hasApiKey: boolean }>;
    expect(Object.fromEntries(data.map((s) => [s.id, s.freshness]))).toEqual({ [live]: 'live', [stale]: 'stale', [error]: 'error', [syncing]: 'syncing' });
    expect(data.every((s) => s.hasApiKey === false)).toBe(true);

    expect((await call('POST', `/v1/sources/${live}/sync?workspace=${other.id}`, {})).json().error.code).toBe('RVP_SOURCE_NO_API_KEY');
  });

  it('starts a sync on request, and refuses a second one while it runs', async () => {
    const [source] = (await call('GET', `/v1/sources?workspace=${workspace.id}`)).json().data;
    const started = await call('POST', `/v1/sources/${source.id}/sync?workspace=${workspace.id}`, { full: true });
    expect(started.statusCode).toBe(202);
    expect(started.json().sync).toMatchObject({ sourceId: source.id, kind: 'full' });
    await markRunning(db.store.db, { workspaceId: workspace.id, sourceId: source.id }, 'full', new Date());
    const again = await call('POST', `/v1/sources/${source.id}/sync?workspace=${workspace.id}`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('RVP_SYNC_IN_PROGRESS');
    await markRunning(db.store.db, { workspaceId: workspace.id, sourceId: source.id }, null, new Date());
    expect((await call('POST', `/v1/sources/src_nope/sync?workspace=${workspace.id}`)).statusCode).toBe(404);
  });

  it('removes a source of the workspace only; its webhooks then answer 404', async () => {
    const [source] = (await call('GET', `/v1/sources?workspace=${workspace.id}`)).json().data;
    expect((await call('DELETE', `/v1/sources/${source.id}?workspace=${other.id}`)).statusCode).toBe(404);
    // Let a background sync started above finish before its source disappears.
    await new Promise((r) => setTimeout(r, 300));
    const removed = await call('DELETE', `/v1/sources/${source.id}?workspace=${workspace.id}`);
    expect(removed.statusCode).toBe(204);
    expect((await call('GET', `/v1/sources?workspace=${workspace.id}`)).json().data).toEqual([]);
    const hook = await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: '{}', headers: { 'content-type': 'application/json' } });
    expect(hook.json().error.code).toBe('RVP_SOURCE_NOT_FOUND');
    const again = await call('DELETE', `/v1/sources/${source.id}?workspace=${workspace.id}`);
    expect(again.json().error.code).toBe('RVP_SOURCE_NOT_FOUND');
    // The history it brought in stays.
    const events = await db.store.db.selectFrom('raw_events').select('event_id').where('source_id', '=', source.id).limit(1).execute();
    expect(events).toHaveLength(1);
  });
});
