// GET /metrics: off (404) without REVPULSE_METRICS_TOKEN, 401 without or with a wrong token, and
// with it the Prometheus text that moves as the server works — webhooks received, rejected by
// reason and timed, the ingest backlog before and after the worker ran, events processed, live
// clients and messages, job runs and failures, e-mails sent and failed, the pg pool.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { signedInMember } from '../../helpers/auth.js';
import { event, signedWebhook } from '../../helpers/stripe-events.js';
import { connectLive } from '../../helpers/ws-client.js';
import { signStripePayload } from '../../../src/ingest/stripe/verify-signature.js';
import { ensureWorkspace, type Workspace } from '../../../src/store/workspaces-repo.js';
import { createSource, type Source } from '../../../src/store/sources-repo.js';
import { lockedRun } from '../../../src/jobs/locked-run.js';
import { createMailer } from '../../../src/notify/mailer.js';
import { parseExposition, valueOf, type Exposition } from './prom-text.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
const SECRET = 'whsec_observability_test';

describe.each(BACKENDS)('GET /metrics (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let off: TestApp;
  let workspace: Workspace;
  let source: Source;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { env: { REVPULSE_METRICS_TOKEN: TOKEN } });
    off = await buildTestApp(db.store, { env: { REVPULSE_RATE_LIMIT_API: '1', REVPULSE_RATE_LIMIT_WEBHOOKS: '1' } });
    workspace = await ensureWorkspace(db.store.db, { slug: 'obs', name: 'Observability' });
    source = await createSource(db.store.db, t.ctx.box, { workspaceId: workspace.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
  });
  afterAll(async () => {
    await t?.close();
    await off?.close();
    await db?.drop();
  });

  const scrape = async (): Promise<Exposition> => {
    const response = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(200);
    return parseExposition(response.body);
  };
  // The registry is the process's: other tests' figures are in it too, so each check is a difference.
  const value = (e: Exposition, name: string, labels: Record<string, string> = {}) => valueOf(e, name, labels) ?? 0;
  const customerEvent = () => {
    const now = Math.floor(Date.now() / 1000);
    return event('customer.created', { id: `cus_${Math.random().toString(36).slice(2)}`, object: 'customer', created: now, email: 'a@example.com', metadata: {}, livemode: false }, now);
  };
  const post = (body: string | Buffer, headers: Record<string, string>, sourceId = source.id) =>
    t.app.inject({ method: 'POST', url: `/webhooks/stripe/${sourceId}`, payload: body, headers });

  it('is off without a token: 404, like a path that does not exist; never rate-limited', async () => {
    // This app allows one API request a minute: a scraper polling /metrics is never refused.
    for (let i = 0; i < 3; i += 1) {
      const response = await off.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('RVP_NOT_FOUND');
    }
    expect((await off.app.inject({ url: '/v1/workspaces' })).statusCode).toBe(401);
    expect((await off.app.inject({ url: '/v1/workspaces' })).statusCode).toBe(429); // the limit is on elsewhere
  });

  it('answers 401 without the token or with a wrong one', async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}X`, 'Bearer short', TOKEN, `Basic ${TOKEN}`]) {
      const response = await t.app.inject({ url: '/metrics', headers: authorization === undefined ? {} : { authorization } });
      expect(response.statusCode, String(authorization)).toBe(401);
      expect(response.json().error.code).toBe('RVP_UNAUTHENTICATED');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    }
  });

  it('answers the Prometheus text format with every metric and the process metrics under revpulse_', async () => {
    const response = await t.app.inject({ url: '/metrics', headers: { authorization: `bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types } = parseExposition(response.body);
    const expected: Record<string, string> = {
      revpulse_webhooks_received_total: 'counter',
      revpulse_webhooks_rejected_total: 'counter',
      revpulse_webhook_duration_seconds: 'histogram',
      revpulse_ingest_events_processed_total: 'counter',
      revpulse_ingest_events_dropped_total: 'counter',
      revpulse_ingest_lag_seconds: 'gauge',
      revpulse_ingest_pending_events: 'gauge',
      revpulse_ingest_dead_letters: 'gauge',
      revpulse_database_up: 'gauge',
      revpulse_live_clients: 'gauge',
      revpulse_live_messages_sent_total: 'counter',
      revpulse_job_runs_total: 'counter',
      revpulse_job_failures_total: 'counter',
      revpulse_job_last_success_timestamp_seconds: 'gauge',
      revpulse_emails_sent_total: 'counter',
      revpulse_emails_failed_total: 'counter',
      revpulse_db_pool_connections: 'gauge',
      revpulse_db_pool_idle_connections: 'gauge',
      revpulse_db_pool_waiting_requests: 'gauge',
      revpulse_process_resident_memory_bytes: 'gauge',
      revpulse_nodejs_eventloop_lag_p99_seconds: 'gauge',
      revpulse_nodejs_gc_duration_seconds: 'histogram',
    };
    for (const [name, type] of Object.entries(expected)) expect(types.get(name), name).toBe(type);
    expect([...types.keys()].every((name) => name.startsWith('revpulse_'))).toBe(true);
    // docs/operations.md lists each of ours (prom-client's process metrics by their prefix).
    const doc = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8');
    const ours = [...types.keys()].filter((name) => !/^revpulse_(process|nodejs)_/.test(name));
    expect(ours.length).toBe(Object.keys(expected).length - 3);
    for (const name of ours) expect(doc, name).toContain(`| \`${name}\` |`);
  });

  it('counts a signed webhook received and timed, shows it waiting as ingest lag, then processed', async () => {
    const before = await scrape();
    expect(value(before, 'revpulse_database_up')).toBe(1);
    const { body, headers } = signedWebhook(customerEvent(), SECRET);
    expect((await post(body, headers)).statusCode).toBe(200);

    const waiting = await scrape();
    expect(value(waiting, 'revpulse_webhooks_received_total', { provider: 'stripe' }) - value(before, 'revpulse_webhooks_received_total', { provider: 'stripe' })).toBe(1);
    const count = (e: Exposition) => value(e, 'revpulse_webhook_duration_seconds_count', { provider: 'stripe' });
    expect(count(waiting) - count(before)).toBe(1);
    const inf = (e: Exposition) => value(e, 'revpulse_webhook_duration_seconds_bucket', { provider: 'stripe', le: '+Inf' });
    expect(inf(waiting) - inf(before)).toBe(1);
    expect(value(waiting, 'revpulse_webhook_duration_seconds_sum', { provider: 'stripe' })).toBeGreaterThan(value(before, 'revpulse_webhook_duration_seconds_sum', { provider: 'stripe' }));
    expect(value(waiting, 'revpulse_ingest_lag_seconds')).toBeGreaterThan(0);
    expect(value(waiting, 'revpulse_ingest_pending_events')).toBe(1);
    expect(value(waiting, 'revpulse_webhooks_rejected_total', { provider: 'stripe', reason: 'signature' })).toBe(value(before, 'revpulse_webhooks_rejected_total', { provider: 'stripe', reason: 'signature' }));

    expect(await t.worker.drain()).toBe(1);
    const done = await scrape();
    expect(value(done, 'revpulse_ingest_events_processed_total') - value(waiting, 'revpulse_ingest_events_processed_total')).toBe(1);
    expect(value(done, 'revpulse_ingest_lag_seconds')).toBe(0);
    expect(value(done, 'revpulse_ingest_pending_events')).toBe(0);
    expect(value(done, 'revpulse_ingest_dead_letters')).toBe(0);
  });

  it('counts each refusal under its reason: signature, unknown source, malformed, too large, rate limited', async () => {
    const rejected = (e: Exposition, reason: string) => value(e, 'revpulse_webhooks_rejected_total', { provider: 'stripe', reason });
    const before = await scrape();
    const { body } = signedWebhook(customerEvent(), SECRET);
    expect((await post(body, signedWebhook(customerEvent(), 'whsec_wrong_secret').headers)).statusCode).toBe(400);
    expect((await post(body, { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' })).statusCode).toBe(400);
    expect((await post(body, signedWebhook(customerEvent(), SECRET).headers, 'src_does_not_exist')).statusCode).toBe(404);
    const notJson = 'this is not json';
    expect((await post(notJson, { 'content-type': 'application/json', 'stripe-signature': signStripePayload(notJson, SECRET) })).statusCode).toBe(400);
    expect((await post(Buffer.alloc(1024 * 1024 + 1, 'a'), { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' })).statusCode).toBe(413);
    // The other app allows one webhook a minute: the second is refused before any handler runs.
    const unsigned = () => off.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers: { 'content-type': 'application/json' } });
    expect((await unsigned()).statusCode).toBe(400);
    expect((await unsigned()).statusCode).toBe(429);
    const after = await scrape();
    expect(rejected(after, 'unknown_source') - rejected(before, 'unknown_source')).toBe(1);
    expect(rejected(after, 'malformed') - rejected(before, 'malformed')).toBe(1);
    expect(rejected(after, 'signature') - rejected(before, 'signature')).toBe(3);
    expect(rejected(after, 'too_large') - rejected(before, 'too_large')).toBe(1);
    expect(rejected(after, 'rate_limited') - rejected(before, 'rate_limited')).toBe(1);
    expect(value(after, 'revpulse_webhooks_received_total', { provider: 'stripe' }) - value(before, 'revpulse_webhooks_received_total', { provider: 'stripe' })).toBe(7);
    expect(value(after, 'revpulse_ingest_pending_events')).toBe(0); // nothing refused was stored
  });

  it('counts job runs and failures by job name', async () => {
    const job = `observability:${backend}`;
    let fail = false;
    const run = lockedRun(db.store, job, 'skipped', async () => {
      if (fail) throw new Error('job failed on purpose');
      return 'done';
    });
    const before = await scrape();
    expect(await run.run()).toBe('done');
    fail = true;
    await expect(run.run()).rejects.toThrow('job failed on purpose');
    const after = await scrape();
    expect(value(after, 'revpulse_job_runs_total', { job }) - value(before, 'revpulse_job_runs_total', { job })).toBe(2);
    expect(value(after, 'revpulse_job_failures_total', { job }) - value(before, 'revpulse_job_failures_total', { job })).toBe(1);
    expect(value(after, 'revpulse_job_last_success_timestamp_seconds', { job })).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it('counts live clients and the messages sent to them', async () => {
    const url = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    const member = await signedInMember(t, [{ workspaceId: workspace.id, role: 'viewer' }]);
    const before = await scrape();
    const client = await connectLive(`${url}/v1/live?workspace=${workspace.id}`, { headers: member.headers });
    const connected = await scrape();
    expect(value(connected, 'revpulse_live_clients') - value(before, 'revpulse_live_clients')).toBe(1);
    await t.ctx.bus.publish(workspace.id, 'mrr_updated', { currency: 'usd', mrr: 1000, arr: 12_000, payingCustomers: 1, arpa: 1000 });
    await client.next((f) => f.type === 'mrr_updated');
    const sent = await scrape();
    expect(value(sent, 'revpulse_live_messages_sent_total') - value(before, 'revpulse_live_messages_sent_total')).toBeGreaterThanOrEqual(1);
    client.close();
    await client.closed;
    await expect.poll(async () => value(await scrape(), 'revpulse_live_clients')).toBe(value(before, 'revpulse_live_clients'));
  });

  it('counts e-mails the SMTP server accepted and those it refused', async () => {
    let refuse = false;
    const server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback(refuse ? Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }) : null));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'alerts@example.com' })!;
    try {
      const before = await scrape();
      await mailer.send('ops@example.com', { subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' });
      refuse = true;
      await expect(mailer.send('ops@example.com', { subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' })).rejects.toThrow();
      const after = await scrape();
      expect(value(after, 'revpulse_emails_sent_total') - value(before, 'revpulse_emails_sent_total')).toBe(1);
      expect(value(after, 'revpulse_emails_failed_total') - value(before, 'revpulse_emails_failed_total')).toBe(1);
    } finally {
      mailer.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it(backend === 'postgres' ? "reports the pg pool's connections" : 'leaves the pool series out on PGlite (no pool)', async () => {
    const e = await scrape();
    const total = valueOf(e, 'revpulse_db_pool_connections', { database: 'postgres' });
    if (backend === 'pglite') {
      expect(e.samples.filter((s) => s.name.startsWith('revpulse_db_pool_'))).toEqual([]);
      return;
    }
    expect(total).toBeGreaterThanOrEqual(1);
    expect(valueOf(e, 'revpulse_db_pool_idle_connections', { database: 'postgres' })).toBeLessThanOrEqual(total!);
    expect(valueOf(e, 'revpulse_db_pool_waiting_requests', { database: 'postgres' })).toBe(0);
  });
});

