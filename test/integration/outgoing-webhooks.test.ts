// Outgoing webhooks end to end, on PGlite and PostgreSQL, against a local receiver (node:http):
// a signed Stripe webhook through the real pipeline queues customer.created and mrr.changed; the
// receiver answers 500, then hangs past the timeout (1.5 s here), then recovers — the delivery is
// retried on its backoff and delivered once with a signature the test verifies; a replay adds a
// manual attempt; an endpoint failing for 3 days (an injected clock) is disabled with an audit
// entry and, re-enabled by a person, gets its held deliveries.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember } from '../helpers/auth.js';
import { event, price, signedWebhook, subscription } from '../helpers/stripe-events.js';
import { createOutgoingWebhookJob, type OutgoingWebhookJob } from '../../src/jobs/outgoing-webhooks.js';
import { verifySignature } from '../../src/notify/webhook-signature.js';
import { createEndpoint, enqueueOutgoing } from '../../src/store/outgoing-webhooks-repo.js';
import { createSource, type Source } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { liveMessage } from '../../src/live/messages.js';

type Behaviour = 'fail' | 'hang' | 'ok';
type Received = { path: string; headers: IncomingMessage['headers']; body: string };

/** Answers each path by its script (the last step repeats); keeps every request. */
function startReceiver() {
  const scripts = new Map<string, Behaviour[]>();
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const script = scripts.get(path) ?? ['ok'];
      const step = script.length > 1 ? script.shift()! : script[0]!;
      if (step === 'hang') return; // never answers: the sender's timeout ends it
      res.writeHead(step === 'ok' ? 200 : 500, { 'content-type': 'text/plain', 'x-receiver': 'test' });
      res.end(step === 'ok' ? 'thanks' : 'boom '.repeat(2000));
    });
  });
  return {
    scripts, received, server,
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const SECRET = 'whsec_outgoing_test';

describe.each(BACKENDS)('outgoing webhooks (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let source: Source;
  let job: OutgoingWebhookJob;
  let base: string;
  const receiver = startReceiver();
  let clock = new Date(Math.floor(Date.now() / 1000) * 1000);
  const now = () => clock;
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
  const owner = async () => (await signedInMember(t, [{ workspaceId: ws.id, role: 'owner' }])).headers;
  const api = async (method: 'GET' | 'POST' | 'PATCH', path: string, payload?: unknown) => {
    const response = await t.app.inject({ method, url: `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: await owner(), ...(payload ? { payload: payload as object } : {}) });
    return { status: response.statusCode, body: response.json() };
  };
  const deliveries = async (endpointId: string) => (await api('GET', `/v1/webhook-endpoints/${endpointId}/deliveries`)).body.data;
  const endpoints: Record<string, { id: string; secret: string }> = {};

  beforeAll(async () => {
    base = await receiver.listen();
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now });
    ws = await ensureWorkspace(db.store.db, { slug: 'hooks', name: 'Hooks' });
    source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
    job = createOutgoingWebhookJob({ store: db.store, box: t.ctx.box, logger: t.ctx.logger, now, bus: t.ctx.bus, config: t.ctx.config }, { timeoutMs: 1500, random: () => 0.5 });
  });
  afterAll(async () => {
    await job?.stop();
    await t?.close();
    await db?.drop();
    await receiver.close();
  });

  it('adds endpoints with a secret shown once, refusing a URL that is not http(s)', async () => {
    for (const [name, eventTypes] of [['signup', ['customer.created']], ['totals', ['mrr.changed']]] as const) {
      const created = await api('POST', '/v1/webhook-endpoints', { url: `${base}/${name}`, description: name, eventTypes });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_/);
      endpoints[name] = { id: created.body.endpoint.id, secret: created.body.secret };
    }
    const list = await api('GET', '/v1/webhook-endpoints');
    expect(list.body.data.map((e: { description: string }) => e.description).sort()).toEqual(['signup', 'totals']);
    expect(JSON.stringify(list.body)).not.toContain(endpoints.signup!.secret);
    expect(list.body.eventTypes).toContain('payment.failed');
    const ftp = await api('POST', '/v1/webhook-endpoints', { url: 'ftp://example.com/hook', eventTypes: ['mrr.changed'] });
    expect(ftp.status).toBe(400);
    expect(ftp.body.error.code).toBe('RVP_VALIDATION');
    const unknownType = await api('POST', '/v1/webhook-endpoints', { url: `${base}/x`, eventTypes: ['customer.exploded'] });
    expect(unknownType.status).toBe(400);
    expect((await api('PATCH', '/v1/webhook-endpoints/whe_nobody', { enabled: false })).body.error.code).toBe('RVP_WEBHOOK_ENDPOINT_NOT_FOUND');
  });

  it('a signed Stripe webhook through the pipeline queues customer.created and mrr.changed', async () => {
    const start = Math.floor(clock.getTime() / 1000) - 3600;
    const sub = subscription({ customer: 'cus_hook', price: price({ amount: 4900 }), start });
    const { body, headers } = signedWebhook(event('customer.subscription.created', sub, start), SECRET, Math.floor(clock.getTime() / 1000));
    const answer = await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers });
    expect(answer.statusCode).toBe(200);
    await t.worker.drain();
    const [signup] = await deliveries(endpoints.signup!.id);
    expect(signup).toMatchObject({ eventType: 'customer.created', status: 'pending', attempts: 0 });
    expect(signup.payload).toMatchObject({ type: 'customer.created', workspaceId: ws.id, data: { customerId: 'cus_hook', mrr: 4900, currency: 'usd' } });
    const [totals] = await deliveries(endpoints.totals!.id);
    expect(totals.payload).toMatchObject({ type: 'mrr.changed', data: { mrr: 4900, arr: 58_800, currency: 'usd', payingCustomers: 1 } });
  });

  it('retries after a 500 and a timeout on its backoff, then delivers once with a valid signature', async () => {
    receiver.scripts.set('/signup', ['fail', 'hang', 'ok']);
    const first = await job.runOnce();
    expect(first).toMatchObject({ delivered: 1, retried: 1 }); // totals delivered, signup answered 500
    let [signup] = await deliveries(endpoints.signup!.id);
    expect(signup).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 });
    expect(Date.parse(signup.nextAttemptAt) - clock.getTime()).toBe(30_000); // 30 s, jitter at its middle
    expect(signup.log[0].response.body.length).toBeLessThanOrEqual(4097); // the 10 KB answer is kept truncated

    expect(await job.runOnce()).toMatchObject({ delivered: 0, retried: 0 }); // not due yet
    advance(30_000);
    const started = Date.now();
    expect(await job.runOnce()).toMatchObject({ retried: 1 });
    expect(Date.now() - started).toBeLessThan(8000);
    [signup] = await deliveries(endpoints.signup!.id);
    expect(signup).toMatchObject({ status: 'pending', attempts: 2, lastStatus: null, lastError: 'no answer within 1.5 s' });
    expect(Date.parse(signup.nextAttemptAt) - clock.getTime()).toBe(60_000);

    advance(60_000);
    expect(await job.runOnce()).toMatchObject({ delivered: 1 });
    expect(await job.runOnce()).toMatchObject({ delivered: 0, retried: 0, failed: 0 });
    [signup] = await deliveries(endpoints.signup!.id);
    expect(signup).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 });
    expect(signup.log.map((a: { response: { status: number } | null }) => a.response?.status ?? null)).toEqual([500, null, 200]);
    expect(signup.log[1].durationMs).toBeGreaterThanOrEqual(1400);

    const hits = receiver.received.filter((r) => r.path === '/signup');
    expect(hits).toHaveLength(3);
    expect(new Set(hits.map((h) => h.headers['revpulse-event-id'])).size).toBe(1);
    const last = hits.at(-1)!;
    expect(JSON.parse(last.body)).toMatchObject({ id: signup.eventId, type: 'customer.created' });
    expect(verifySignature(last.headers['revpulse-signature'] as string, last.body, endpoints.signup!.secret, clock)).toMatchObject({ ok: true });
    expect(verifySignature(last.headers['revpulse-signature'] as string, last.body, endpoints.totals!.secret, clock)).toMatchObject({ ok: false });
    expect(receiver.received.filter((r) => r.path === '/totals')).toHaveLength(1);
  });

  it('replays a delivery now as a manual attempt, and sends a test event', async () => {
    const [signup] = await deliveries(endpoints.signup!.id);
    const replay = await api('POST', `/v1/webhook-deliveries/${signup.id}/replay`);
    expect(replay.status).toBe(200);
    expect(replay.body.delivery).toMatchObject({ status: 'delivered', attempts: 4 });
    expect(replay.body.delivery.log.at(-1)).toMatchObject({ manual: true, response: { status: 200, body: 'thanks' } });
    const hit = receiver.received.at(-1)!;
    expect(hit.headers['revpulse-event-id']).toBe(signup.eventId);
    expect(hit.headers['revpulse-attempt']).toBe('4');

    const test = await api('POST', `/v1/webhook-endpoints/${endpoints.totals!.id}/test`);
    expect(test.body.delivery).toMatchObject({ eventType: 'webhook.test', status: 'delivered' });
    expect((await api('POST', '/v1/webhook-deliveries/whd_nobody/replay')).body.error.code).toBe('RVP_WEBHOOK_DELIVERY_NOT_FOUND');

    const rotated = await api('POST', `/v1/webhook-endpoints/${endpoints.totals!.id}/rotate-secret`);
    expect(rotated.body.secret).not.toBe(endpoints.totals!.secret);
    await api('POST', `/v1/webhook-endpoints/${endpoints.totals!.id}/test`);
    const sent = receiver.received.at(-1)!;
    expect(verifySignature(sent.headers['revpulse-signature'] as string, sent.body, rotated.body.secret, clock)).toMatchObject({ ok: true });
  });

  it('disables an endpoint failing for 3 days, with an audit entry; a person enables it and held deliveries go', async () => {
    const down = await createEndpoint(db.store.db, t.ctx.box, { workspaceId: ws.id, url: `${base}/down`, description: null, eventTypes: ['payment.failed'], secret: 'whsec_down', createdBy: null, at: clock });
    receiver.scripts.set('/down', ['fail']);
    const failed = (n: number) => liveMessage('payment_failed', { paymentId: `ch_${n}`, customerId: 'cus_hook', invoiceId: null, currency: 'usd', amount: 4900, failureCode: null, declineCode: null, eventId: `evt_down_${n}` });
    await enqueueOutgoing(db.store.db, ws.id, [failed(1)], clock);
    expect(await job.runOnce()).toMatchObject({ retried: 1 });
    const failingSince = clock.getTime();
    // Days of failures: every due retry fails, the endpoint stays enabled until 3 days have passed.
    for (let hours = 6; hours < 72; hours += 6) {
      advance(6 * 3_600_000);
      if (hours === 24) await enqueueOutgoing(db.store.db, ws.id, [failed(2)], clock);
      await job.runOnce();
    }
    let listed = (await api('GET', '/v1/webhook-endpoints')).body.data.find((e: { id: string }) => e.id === down.id);
    expect(listed).toMatchObject({ enabled: true, failingSince: new Date(failingSince).toISOString() });
    advance(6 * 3_600_000);
    expect(await job.runOnce()).toMatchObject({ disabledEndpoints: 1 });
    listed = (await api('GET', '/v1/webhook-endpoints')).body.data.find((e: { id: string }) => e.id === down.id);
    expect(listed.enabled).toBe(false);
    expect(listed.disabledReason).toContain(`failed since ${new Date(failingSince).toISOString()}`);
    const audit = await db.store.db.selectFrom('audit_log').select(['action', 'actor_type', 'target_id']).where('workspace_id', '=', ws.id).where('action', '=', 'webhook_endpoint.auto_disabled').execute();
    expect(audit).toEqual([{ action: 'webhook_endpoint.auto_disabled', actor_type: 'system', target_id: down.id }]);
    const held = await deliveries(down.id);
    // The first delivery gave up after its 3 days; the second is held while the endpoint is disabled.
    expect(held.map((d: { status: string }) => d.status).sort()).toEqual(['disabled', 'failed']);

    const hitsBefore = receiver.received.filter((r) => r.path === '/down').length;
    await enqueueOutgoing(db.store.db, ws.id, [failed(3)], clock);
    await job.runOnce();
    expect(receiver.received.filter((r) => r.path === '/down').length).toBe(hitsBefore);

    receiver.scripts.set('/down', ['ok']);
    const enabled = await api('PATCH', `/v1/webhook-endpoints/${down.id}`, { enabled: true });
    expect(enabled.body.endpoint).toMatchObject({ enabled: true, disabledReason: null, failingSince: null, pending: 2 });
    expect(await job.runOnce()).toMatchObject({ delivered: 2 });
    const after = await deliveries(down.id);
    expect(after.map((d: { status: string }) => d.status).sort()).toEqual(['delivered', 'delivered', 'failed']);
  });

  it('never sends to a URL that is not http(s): the delivery fails at once', async () => {
    const odd = await createEndpoint(db.store.db, t.ctx.box, { workspaceId: ws.id, url: 'file:///etc/passwd', description: null, eventTypes: ['alert.opened'], secret: 'whsec_odd', createdBy: null, at: clock });
    await enqueueOutgoing(db.store.db, ws.id, [liveMessage('alert_opened', { alertId: 'al_1', ruleId: 'r', ruleName: 'Health', kind: 'health_below', customerId: 'cus_hook', customerName: null, sentence: 'Health 30 < 40.', openedAt: clock.toISOString() })], clock);
    expect(await job.runOnce()).toMatchObject({ failed: 1 });
    const [d] = await deliveries(odd.id);
    expect(d).toMatchObject({ status: 'failed', lastError: 'refused: only http and https URLs are delivered to' });
  });
});
