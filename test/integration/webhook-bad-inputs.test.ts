// Webhook bodies that used to end in a 500 or in the wrong place: strings PostgreSQL cannot
// store (NUL, a lone surrogate), JSON nested 10,000 deep, an absurd `created`, a signed body that
// is empty, not UTF-8 or not JSON (a body error, not a signature failure), an event of another
// Stripe account (Connect), and signatures dated beyond the tolerance on either side. Each is a
// 400 with its own code, and nothing is stored.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { event, type TestEvent } from '../helpers/stripe-events.js';
import { createLogger } from '../../src/logger.js';
import { signStripePayload } from '../../src/ingest/stripe/verify-signature.js';
import { MAX_JSON_DEPTH } from '../../src/ingest/webhook-body.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { createSource, type Source } from '../../src/store/sources-repo.js';

const SECRET = 'whsec_bad_inputs_test';
const DAY = 86_400;

describe.each(BACKENDS)('webhook bodies refused before they are stored (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let workspace: Workspace;
  let source: Source;
  const logs: Array<{ level: number; msg: string; reason?: string }> = [];
  // The server's clock, frozen: signature times are exact offsets from it.
  const clock = Math.floor(Date.now() / 1000) * 1000;
  const now = clock / 1000;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    const logger = createLogger('warn', { write: (line: string) => void logs.push(JSON.parse(line)) });
    t = await buildTestApp(db.store, { now: () => new Date(clock), logger });
    workspace = await ensureWorkspace(db.store.db, { slug: 'bad-inputs', name: 'Bad inputs' });
    source = await createSource(db.store.db, t.ctx.box, { workspaceId: workspace.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });
  beforeEach(() => {
    logs.length = 0;
  });

  const customer = (extra: Record<string, unknown> = {}, envelope: Partial<TestEvent> = {}) =>
    event('customer.created', { id: `cus_${Math.random().toString(36).slice(2)}`, object: 'customer', created: now - DAY, email: 'a@example.com', name: 'A Inc', metadata: {}, livemode: false, ...extra }, now - DAY, envelope);
  const post = (body: string | Buffer, signedAt: number | null = now) =>
    t.app.inject({
      method: 'POST',
      url: `/webhooks/stripe/${source.id}`,
      payload: body,
      headers: { 'content-type': 'application/json', ...(signedAt === null ? {} : { 'stripe-signature': signStripePayload(body, SECRET, signedAt) }) },
    });
  const stored = async () => Number((await db.store.db.selectFrom('raw_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const signatureFailures = async () =>
    Number((await db.store.db.selectFrom('security_events').select((eb) => eb.fn.countAll().as('n')).where('type', '=', 'webhook_signature_failed').executeTakeFirstOrThrow()).n);

  const logged = (msg: string) => logs.filter((l) => l.msg === msg).length;

  /**
   * Posts, expects 400 with `code`, and that no event was stored. A signature failure is logged
   * and recorded as a security event (repeats within a minute are recorded once); any other
   * refusal is logged as a rejected body and recorded as no signature failure.
   */
  async function refused(body: string | Buffer, code: string, message?: RegExp, signedAt: number | null = now) {
    const [events, failures] = [await stored(), await signatureFailures()];
    const [signatureLogs, bodyLogs] = [logged('webhook signature rejected'), logged('webhook body rejected')];
    const response = await post(body, signedAt);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe(code);
    if (message) expect(response.json().error.message).toMatch(message);
    expect(await stored()).toBe(events);
    const signature = code === 'RVP_WEBHOOK_SIGNATURE';
    expect(logged('webhook signature rejected')).toBe(signatureLogs + (signature ? 1 : 0));
    expect(logged('webhook body rejected')).toBe(bodyLogs + (signature ? 0 : 1));
    if (signature) expect(await signatureFailures()).toBeGreaterThanOrEqual(1);
    else expect(await signatureFailures()).toBe(failures);
    return response;
  }

  it('accepts a well-formed event (the baseline the others depart from)', async () => {
    const before = await stored();
    const response = await post(JSON.stringify(customer()));
    expect(response.statusCode, response.body).toBe(200);
    expect(await stored()).toBe(before + 1);
  });

  it('refuses a NUL character in a string or a key (jsonb cannot store it): RVP_WEBHOOK_TEXT_INVALID', async () => {
    await refused(JSON.stringify(customer({ name: 'Acme\u0000Corp' })), 'RVP_WEBHOOK_TEXT_INVALID', /NUL character.*data\.object\.name/);
    await refused(JSON.stringify(customer({ metadata: { 'k\u0000': 'v' } })), 'RVP_WEBHOOK_TEXT_INVALID', /NUL character .* in a key under data\.object\.metadata/);
    await refused(JSON.stringify(customer({}, { id: 'evt_\u0000' })), 'RVP_WEBHOOK_TEXT_INVALID', /NUL/);
  });

  it('refuses a lone surrogate in a string: RVP_WEBHOOK_TEXT_INVALID', async () => {
    const body = JSON.stringify(customer({ name: 'x\ud800y' }));
    expect(body).toContain('\\ud800'); // as an escape: the bytes are valid UTF-8, the text is not storable
    await refused(body, 'RVP_WEBHOOK_TEXT_INVALID', /unpaired UTF-16 surrogate.*data\.object\.name/);
    await refused(JSON.stringify(customer({ name: '\udc00' })), 'RVP_WEBHOOK_TEXT_INVALID');
    // A proper pair (an emoji) is fine.
    expect((await post(JSON.stringify(customer({ name: 'Rocket \ud83d\ude80 Ltd' })))).statusCode).toBe(200);
  });

  it(`refuses JSON nested 10,000 deep (the limit is ${MAX_JSON_DEPTH}): RVP_WEBHOOK_TOO_DEEP`, async () => {
    const deep = JSON.stringify(customer({ metadata: { deep: 'DEEP' } })).replace('"DEEP"', '['.repeat(10_000) + ']'.repeat(10_000));
    await refused(deep, 'RVP_WEBHOOK_TOO_DEEP', new RegExp(`more than ${MAX_JSON_DEPTH} levels`));
    // At the limit it is stored: the envelope, data, object and metadata are four levels.
    const atLimit = JSON.stringify(customer({ metadata: { deep: 'DEEP' } })).replace('"DEEP"', '['.repeat(MAX_JSON_DEPTH - 4) + ']'.repeat(MAX_JSON_DEPTH - 4));
    expect((await post(atLimit)).statusCode).toBe(200);
    const overLimit = JSON.stringify(customer({ metadata: { deep: 'DEEP' } })).replace('"DEEP"', '['.repeat(MAX_JSON_DEPTH - 3) + ']'.repeat(MAX_JSON_DEPTH - 3));
    await refused(overLimit, 'RVP_WEBHOOK_TOO_DEEP');
  });

  it('refuses a created time before 2009 or more than a day past the server clock: RVP_WEBHOOK_CREATED_INVALID', async () => {
    await refused(JSON.stringify(customer({}, { created: 99_999_999_999_999 })), 'RVP_WEBHOOK_CREATED_INVALID', /created \(99999999999999\) is out of range/);
    await refused(JSON.stringify(customer({}, { created: 1 })), 'RVP_WEBHOOK_CREATED_INVALID');
    await refused(JSON.stringify(customer({}, { created: 1_230_767_999 })), 'RVP_WEBHOOK_CREATED_INVALID');
    await refused(JSON.stringify(customer({}, { created: now + DAY + 1 })), 'RVP_WEBHOOK_CREATED_INVALID');
    expect((await post(JSON.stringify(customer({}, { created: now + DAY })))).statusCode).toBe(200);
  });

  it('answers a correctly signed body that is empty, not UTF-8 or not JSON with RVP_WEBHOOK_BODY_INVALID — logged as such, not as a signature failure', async () => {
    await refused('', 'RVP_WEBHOOK_BODY_INVALID', /empty/);
    await refused('{"id": "evt_1", "type": ', 'RVP_WEBHOOK_BODY_INVALID', /not valid JSON/);
    await refused('not json at all', 'RVP_WEBHOOK_BODY_INVALID', /not valid JSON/);
    const invalidUtf8 = Buffer.concat([Buffer.from(JSON.stringify(customer({ name: 'X' })).replace('"X"', '"')), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}}')]);
    await refused(invalidUtf8, 'RVP_WEBHOOK_BODY_INVALID', /not valid UTF-8/);
    const rejected = logs.filter((l) => l.msg === 'webhook body rejected');
    expect(rejected.map((l) => l.reason)).toEqual(['body', 'body', 'body', 'body']);
    expect(logs.some((l) => l.msg === 'webhook signature rejected')).toBe(false);
  });

  it('still answers unsigned or wrongly signed input — garbage included — with RVP_WEBHOOK_SIGNATURE', async () => {
    await refused('not json at all', 'RVP_WEBHOOK_SIGNATURE', /header is missing/, null);
    const response = await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: '', headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload('', 'whsec_wrong', now) } });
    expect(response.json().error).toEqual({ code: 'RVP_WEBHOOK_SIGNATURE', message: expect.stringMatching(/no v1 signature matches/) });
    // A signature over other bytes than those received (a body altered in transit).
    const headers = { 'content-type': 'application/json', 'stripe-signature': signStripePayload('{"a":1}', SECRET, now) };
    expect((await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: '{"a":2}', headers })).json().error.code).toBe('RVP_WEBHOOK_SIGNATURE');
    expect(logged('webhook signature rejected')).toBe(3);
    expect(logged('webhook body rejected')).toBe(0);
  });

  it('refuses an event of another Stripe account (a Connect event): RVP_WEBHOOK_ACCOUNT_MISMATCH', async () => {
    await refused(JSON.stringify({ ...customer(), account: 'acct_1OtherAccount' }), 'RVP_WEBHOOK_ACCOUNT_MISMATCH', /connected Stripe account acct_1OtherAccount/);
    await refused(JSON.stringify({ ...customer(), account: 42 }), 'RVP_WEBHOOK_ACCOUNT_MISMATCH');
    // `account: null` names no other account.
    expect((await post(JSON.stringify({ ...customer(), account: null }))).statusCode).toBe(200);
  });

  it('refuses signatures beyond the 300 s tolerance in the future as in the past: RVP_WEBHOOK_SIGNATURE', async () => {
    const body = JSON.stringify(customer());
    await refused(body, 'RVP_WEBHOOK_SIGNATURE', /in the future/, now + 365 * DAY);
    await refused(body, 'RVP_WEBHOOK_SIGNATURE', /in the future/, now + 301);
    await refused(body, 'RVP_WEBHOOK_SIGNATURE', /old/, now - 301);
    expect((await post(body, now + 300)).statusCode).toBe(200);
    expect((await post(body, now - 300)).json()).toMatchObject({ duplicate: true });
  });
});
