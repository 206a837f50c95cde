// Issue 17 item 5, no known credentials in production: the shared demo login signs in only from
// the server's own machine unless REVPULSE_DEMO_PUBLIC=true, and the demo's published webhook
// signing secret is accepted only while the demo is on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { event, signedWebhook } from '../../helpers/stripe-events.js';
import { DEMO_LOGIN, ensureAccounts } from '../../../src/accounts/first-run.js';
import { DEMO_WEBHOOK_SECRET, ensureDemoWorkspace } from '../../../src/ingest/load-demo.js';
import { ensureWorkspace } from '../../../src/store/workspaces-repo.js';
import type { Source } from '../../../src/store/sources-repo.js';

describe.each(BACKENDS)('the demo login and webhook secret outside the demo (%s)', (backend) => {
  let db: TestDatabase;
  let demoOn: TestApp;
  let demoPublic: TestApp;
  let demoOff: TestApp;
  let source: Source;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    const env = { REVPULSE_RATE_LIMIT_AUTH: '100000', REVPULSE_RATE_LIMIT_WEBHOOKS: '100000' };
    [demoOn, demoPublic, demoOff] = await Promise.all([
      buildTestApp(db.store, { env: { ...env, REVPULSE_DEMO: 'true' } }),
      buildTestApp(db.store, { env: { ...env, REVPULSE_DEMO: 'true', REVPULSE_DEMO_PUBLIC: 'true' } }),
      buildTestApp(db.store, { env: { ...env, REVPULSE_DEMO: 'false' } }),
    ]);
    const home = await ensureWorkspace(db.store.db, { slug: 'default', name: 'My workspace' });
    const demo = await ensureDemoWorkspace(db.store.db, demoOn.ctx.box);
    source = demo.source;
    await ensureAccounts(db.store.db, { home, demo: demo.workspace, adminPassword: 'owner passphrase long enough' });
  });
  afterAll(async () => {
    await Promise.all([demoOn?.close(), demoPublic?.close(), demoOff?.close()]);
    await db?.drop();
  });

  const demoLogin = (t: TestApp, remoteAddress: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: DEMO_LOGIN, remoteAddress, headers });

  it('signs the demo account in from the machine itself (IPv4, IPv6, IPv4-mapped)', async () => {
    for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const response = await demoLogin(demoOn, ip);
      expect(response.statusCode, ip).toBe(200);
      expect(response.json().user.isDemo).toBe(true);
    }
  });

  it('refuses it from another address, saying why and how a public demo allows it, and records it', async () => {
    const response = await demoLogin(demoOn, '203.0.113.40');
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('RVP_FORBIDDEN');
    expect(response.json().error.message).toMatch(/demo account signs in only from the machine.*REVPULSE_DEMO_PUBLIC=true/);
    expect(response.cookies).toEqual([]);
    const refused = await db.store.db.selectFrom('security_events').select(['severity', 'ip']).where('type', '=', 'demo_login_refused').execute();
    expect(refused).toEqual([{ severity: 'warning', ip: '203.0.113.40' }]);
  });

  it('refuses it through a proxy the server does not trust, even from 127.0.0.1', async () => {
    const response = await demoLogin(demoOn, '127.0.0.1', { 'x-forwarded-for': '203.0.113.41' });
    expect(response.statusCode).toBe(403);
  });

  it('lets it in from anywhere with REVPULSE_DEMO_PUBLIC=true', async () => {
    expect((await demoLogin(demoPublic, '203.0.113.42')).statusCode).toBe(200);
    expect((await demoLogin(demoPublic, '127.0.0.1', { 'x-forwarded-for': '203.0.113.43' })).statusCode).toBe(200);
  });

  it('still answers a wrong demo password as any wrong password, from anywhere', async () => {
    const response = await demoOn.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: DEMO_LOGIN.email, password: 'not the demo password' }, remoteAddress: '203.0.113.44' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('RVP_INVALID_CREDENTIALS');
  });

  const delivery = () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = event('customer.created', { id: `cus_${Math.random().toString(36).slice(2)}`, object: 'customer', created: now - 60, email: 'a@example.com', name: 'A Inc', metadata: {}, livemode: false }, now - 60);
    return signedWebhook(payload, DEMO_WEBHOOK_SECRET, now);
  };

  it('accepts deliveries signed with the published demo secret while the demo is on', async () => {
    const { body, headers } = delivery();
    const response = await demoOn.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ received: true, duplicate: false });
  });

  it('refuses them once the demo is off, as a signature failure recorded in the Demo workspace', async () => {
    const { body, headers } = delivery();
    const response = await demoOff.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('RVP_WEBHOOK_SIGNATURE');
    expect(response.json().error.message).toMatch(/demo's published one, accepted only while the demo is on \(REVPULSE_DEMO=true\)/);
    const stored = await db.store.db.selectFrom('raw_events').select('event_id').where('event_id', '=', JSON.parse(body).id).execute();
    expect(stored).toEqual([]);
    const events = await db.store.db.selectFrom('security_events').select(['workspace_id', 'subject']).where('type', '=', 'webhook_signature_failed').execute();
    expect(events).toEqual([{ workspace_id: source.workspaceId, subject: source.id }]);
  });
});
