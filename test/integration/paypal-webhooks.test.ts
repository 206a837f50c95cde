// PayPal deliveries through the real server: a signed delivery is stored once (redeliveries
// answer 200 and change nothing), every forgery is a 400 that stores nothing and is recorded as a
// signature failure, a correctly signed body that is no PayPal event is refused with its own code,
// and a PayPal delivery to a Stripe source (or a Stripe one to a PayPal source) finds no source.
// The certificate comes from a local HTTPS server the app allows through its context (code only).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signPaypalDelivery, startPaypalCertServer, type PaypalCertServer, type SignOptions } from '../helpers/paypal-cert.js';
import { paypalEvent, paypalSubscription } from '../helpers/paypal-events.js';
import { event, signedWebhook } from '../helpers/stripe-events.js';
import { createLogger } from '../../src/logger.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { createSource, type Source } from '../../src/store/sources-repo.js';

const WEBHOOK_ID = '8PT597110X687430LKGECATA';
const STRIPE_SECRET = 'whsec_paypal_webhooks_test';

describe.each(BACKENDS)('PayPal webhooks (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let certs: PaypalCertServer;
  let workspace: Workspace;
  let paypal: Source;
  let live: Source;
  let stripe: Source;
  const logs: Array<{ msg: string }> = [];
  // The server's clock, frozen at a whole second: transmission times are exact offsets from it.
  const clock = Math.floor(Date.now() / 1000) * 1000;
  const now = clock / 1000;

  beforeAll(async () => {
    certs = await startPaypalCertServer();
    db = await openTestDatabase(backend);
    const logger = createLogger('warn', { write: (line: string) => void logs.push(JSON.parse(line)) });
    t = await buildTestApp(db.store, { now: () => new Date(clock), logger, paypalCertSource: certs.certSource });
    workspace = await ensureWorkspace(db.store.db, { slug: 'paypal-webhooks', name: 'PayPal webhooks' });
    const config = { clientId: 'AYtestclientid', webhookId: WEBHOOK_ID, sandbox: true };
    paypal = await createSource(db.store.db, t.ctx.box, { workspaceId: workspace.id, provider: 'paypal', name: 'PayPal', mode: 'test', config });
    live = await createSource(db.store.db, t.ctx.box, { workspaceId: workspace.id, provider: 'paypal', name: 'PayPal live', mode: 'live', config: { ...config, webhookId: 'LIVEWEBHOOK0001', sandbox: false } });
    stripe = await createSource(db.store.db, t.ctx.box, { workspaceId: workspace.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: STRIPE_SECRET });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await certs?.close();
  });
  beforeEach(() => {
    logs.length = 0;
  });

  const activated = (createTime = now - 2) =>
    paypalEvent('BILLING.SUBSCRIPTION.ACTIVATED', paypalSubscription({ planId: 'P-5ML4271244454362WXNWU5NQ', start: now - 60, sandbox: true }), createTime, { sandbox: true });
  const post = (sourceId: string, body: string | Buffer, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/webhooks/paypal/${sourceId}`, payload: body, headers });
  const signed = (body: string | Buffer, options: Partial<SignOptions> = {}) =>
    signPaypalDelivery(body, { webhookId: WEBHOOK_ID, transmissionTime: new Date(clock), ...options });
  const stored = async () => Number((await db.store.db.selectFrom('raw_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const signatureFailures = async () =>
    Number((await db.store.db.selectFrom('security_events').select((eb) => eb.fn.countAll().as('n')).where('type', '=', 'webhook_signature_failed').executeTakeFirstOrThrow()).n);

  it('stores a signed delivery once, as the source\'s event, and answers redeliveries with 200', async () => {
    const delivery = activated();
    const body = JSON.stringify(delivery);
    const first = await post(paypal.id, body, signed(body));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ received: true, duplicate: false, id: delivery.id });
    const rows = await db.store.db.selectFrom('raw_events').selectAll().where('event_id', '=', delivery.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ workspace_id: workspace.id, source_id: paypal.id, type: 'BILLING.SUBSCRIPTION.ACTIVATED', livemode: false, payload: delivery });
    expect(new Date(rows[0]!.event_created).getTime()).toBe((now - 2) * 1000);

    // PayPal retries with a new transmission; the same request may also arrive twice.
    const retried = await post(paypal.id, body, signed(body));
    expect(retried.json()).toEqual({ received: true, duplicate: true, id: delivery.id });
    const headers = signed(body);
    expect((await post(paypal.id, body, headers)).statusCode).toBe(200);
    expect((await post(paypal.id, body, headers)).json()).toMatchObject({ duplicate: true });
    expect(await db.store.db.selectFrom('raw_events').select('event_id').where('event_id', '=', delivery.id).execute()).toHaveLength(1);
  });

  it('marks events of a live source as livemode, checked against that source\'s webhook id', async () => {
    const delivery = activated();
    const body = JSON.stringify(delivery);
    expect((await post(live.id, body, signed(body))).statusCode).toBe(400); // signed for the sandbox webhook
    const response = await post(live.id, body, signed(body, { webhookId: 'LIVEWEBHOOK0001' }));
    expect(response.statusCode, response.body).toBe(200);
    const row = await db.store.db.selectFrom('raw_events').select(['livemode', 'source_id']).where('event_id', '=', delivery.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ livemode: true, source_id: live.id });
  });

  it('fetches the certificate once for a burst of deliveries', async () => {
    const bodies = Array.from({ length: 6 }, () => JSON.stringify(activated()));
    const responses = await Promise.all(bodies.map((body) => post(paypal.id, body, signed(body))));
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(certs.requests('paypal')).toBe(1);
  });

  const body = JSON.stringify(activated());
  const oneByteChanged = body.replace('BILLING.SUBSCRIPTION.ACTIVATED', 'BILLING.SUBSCRIPTION.ACTIVATEE');
  const forgeries: Array<[string, () => { body: string; headers: Record<string, string> }, RegExp]> = [
    ['no PayPal headers', () => ({ body, headers: { 'content-type': 'application/json' } }), /PAYPAL-TRANSMISSION-ID header is missing/],
    ['the body changed by one byte', () => ({ body: oneByteChanged, headers: signed(body) }), /signature does not match/],
    ['a signature for another webhook id', () => ({ body, headers: signed(body, { webhookId: 'SOMEONEELSE0001' }) }), /signature does not match/],
    ['another transmission id', () => ({ body, headers: { ...signed(body), 'paypal-transmission-id': 'c0ffee00-d67a-11e5-baa3-778b53f4ae55' } }), /signature does not match/],
    ['a transmission 10 minutes old (replay)', () => ({ body, headers: signed(body, { transmissionTime: new Date(clock - 600_000) }) }), /600 s old/],
    ['a transmission dated 10 minutes ahead', () => ({ body, headers: signed(body, { transmissionTime: new Date(clock + 600_000) }) }), /dated 600 s in the future/],
    ['a signature by another key', () => ({ body, headers: signed(body, { signer: 'other' }) }), /signature does not match/],
    ['a certificate from a host that is not allowed', () => ({ body, headers: signed(body, { certUrl: 'https://certs.example.com/v1/notifications/certs/CERT-1' }) }), /host certs\.example\.com is not one of PayPal's/],
    ['an http certificate URL', () => ({ body, headers: signed(body, { certUrl: certs.certUrl.replace('https:', 'http:') }) }), /must use https/],
    ['an unknown algorithm', () => ({ body, headers: signed(body, { authAlgo: 'SHA512withECDSA' }) }), /not SHA256withRSA/],
    ['an expired certificate', () => ({ body, headers: signed(body, { signer: 'expired', certUrl: certs.urlFor('expired') }) }), /certificate expired/],
  ];

  it.each(forgeries)('refuses %s: 400, nothing stored, a signature failure recorded', async (_name, build, message) => {
    const [events, failures] = [await stored(), await signatureFailures()];
    const { body: sent, headers } = build();
    const response = await post(paypal.id, sent, headers);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe('RVP_WEBHOOK_SIGNATURE');
    expect(response.json().error.message).toMatch(message);
    expect(await stored()).toBe(events);
    expect(logs.filter((l) => l.msg === 'webhook signature rejected')).toHaveLength(1);
    // Repeats from one address within a minute are recorded once (security-log.ts).
    expect(await signatureFailures()).toBeGreaterThanOrEqual(Math.max(failures, 1));
  });

  it.each([
    ['a body that is not JSON', '{"id": "WH-1",', 'RVP_WEBHOOK_BODY_INVALID', /not valid JSON/],
    ['a Stripe event', JSON.stringify(event('customer.created', { id: 'cus_1', object: 'customer', created: now, metadata: {} }, now)), 'RVP_WEBHOOK_PAYLOAD', /Not a PayPal event: event_type/],
    ['an event without a resource', JSON.stringify({ ...activated(), resource: undefined }), 'RVP_WEBHOOK_PAYLOAD', /Not a PayPal event: resource/],
    ['a create_time that is no date', JSON.stringify({ ...activated(), create_time: 'last Tuesday' }), 'RVP_WEBHOOK_PAYLOAD', /create_time must be an RFC 3339 date-time/],
    ['a create_time before 2009', JSON.stringify(activated(1_200_000_000)), 'RVP_WEBHOOK_CREATED_INVALID', /out of range/],
    ['a create_time two days ahead', JSON.stringify(activated(now + 2 * 86_400)), 'RVP_WEBHOOK_CREATED_INVALID', /out of range/],
  ])('refuses a correctly signed %s with its own code, storing nothing and recording no signature failure', async (_name, sent, code, message) => {
    const [events, failures] = [await stored(), await signatureFailures()];
    const response = await post(paypal.id, sent, signed(sent));
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ code });
    expect(response.json().error.message).toMatch(message);
    expect(await stored()).toBe(events);
    expect(await signatureFailures()).toBe(failures);
    expect(logs.filter((l) => l.msg === 'webhook body rejected')).toHaveLength(1);
  });

  it('finds no source for a PayPal delivery to a Stripe source, a Stripe delivery to a PayPal source, or an unknown id', async () => {
    const events = await stored();
    const paypalBody = JSON.stringify(activated());
    const toStripe = await post(stripe.id, paypalBody, signed(paypalBody));
    expect(toStripe.statusCode).toBe(404);
    expect(toStripe.json().error).toMatchObject({ code: 'RVP_SOURCE_NOT_FOUND', message: `No PayPal source with id ${stripe.id}.` });

    const stripeDelivery = signedWebhook(event('customer.created', { id: 'cus_2', object: 'customer', created: now, metadata: {} }, now), STRIPE_SECRET, now);
    const toPaypal = await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${paypal.id}`, payload: stripeDelivery.body, headers: stripeDelivery.headers });
    expect(toPaypal.statusCode).toBe(404);
    expect(toPaypal.json().error.code).toBe('RVP_SOURCE_NOT_FOUND');

    expect((await post('src_does_not_exist', paypalBody, signed(paypalBody))).statusCode).toBe(404);
    expect(await stored()).toBe(events);
  });

  it('refuses every delivery to a PayPal source that has no webhook id', async () => {
    const bare = await createSource(db.store.db, t.ctx.box, { workspaceId: workspace.id, provider: 'paypal', name: 'PayPal (no webhook)', mode: 'test', config: { clientId: 'AYx' } });
    const sent = JSON.stringify(activated());
    const response = await post(bare.id, sent, signed(sent));
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'RVP_WEBHOOK_SIGNATURE', message: 'This source has no PayPal webhook id configured.' });
  });
});
