// The webhook signature check (on raw bytes, symmetric tolerance, compatible with Stripe's own
// library both ways) and the body check (UTF-8 JSON that jsonb can store, bounded depth).
import fc from 'fast-check';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { SignatureError, signStripePayload, verifyStripeSignature } from '../../../src/ingest/stripe/verify-signature.js';
import { MAX_JSON_DEPTH, parseWebhookBody } from '../../../src/ingest/webhook-body.js';

const SECRET = 'whsec_unit_test_secret';
const T = 1_750_000_000;
const at = (seconds: number) => new Date(seconds * 1000);

describe('Stripe signature', () => {
  it('accepts what Stripe\'s library signs, and Stripe\'s library accepts what we sign', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      const body = Buffer.from(text, 'utf8');
      const stripeHeader = Stripe.webhooks.generateTestHeaderString({ payload: body.toString('utf8'), secret: SECRET, timestamp: T });
      expect(verifyStripeSignature(body, stripeHeader, SECRET, at(T))).toEqual({ timestamp: T });
      expect(signStripePayload(body, SECRET, T)).toBe(stripeHeader);
    }));
    const json = '{"id":"evt_1","object":"event"}';
    expect(Stripe.webhooks.constructEvent(json, signStripePayload(json, SECRET, T), SECRET, 0)).toMatchObject({ id: 'evt_1' });
  });

  it('hashes the raw bytes, so a signed body that is not UTF-8 still verifies', () => {
    const body = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    expect(() => verifyStripeSignature(body, signStripePayload(body, SECRET, T), SECRET, at(T))).not.toThrow();
    expect(() => verifyStripeSignature(Buffer.from([0x7b, 0xff, 0xfd, 0x7d]), signStripePayload(body, SECRET, T), SECRET, at(T))).toThrow(/no v1 signature matches/);
  });

  it('takes any of several v1 signatures (secret rotation) and ignores other schemes', () => {
    const body = Buffer.from('{}');
    const good = signStripePayload(body, SECRET, T).split(',')[1]!;
    expect(() => verifyStripeSignature(body, `t=${T},v1=${'0'.repeat(64)},v0=abc,${good}`, SECRET, at(T))).not.toThrow();
  });

  it('refuses beyond the tolerance on both sides, and malformed headers', () => {
    const body = Buffer.from('{}');
    const check = (signedAt: number) => () => verifyStripeSignature(body, signStripePayload(body, SECRET, signedAt), SECRET, at(T));
    expect(check(T - 300)).not.toThrow();
    expect(check(T + 300)).not.toThrow();
    expect(check(T - 301)).toThrow(/301 s old/);
    expect(check(T + 301)).toThrow(/301 s in the future/);
    expect(check(T + 365 * 86_400)).toThrow(SignatureError);
    expect(() => verifyStripeSignature(body, undefined, SECRET, at(T))).toThrow(/missing/);
    expect(() => verifyStripeSignature(body, 'v1=abc', SECRET, at(T))).toThrow(/timestamp/);
    expect(() => verifyStripeSignature(body, `t=abc,v1=${'0'.repeat(64)}`, SECRET, at(T))).toThrow(/timestamp/);
    expect(() => verifyStripeSignature(body, `t=${T}`, SECRET, at(T))).toThrow(/no v1 signature/);
  });
});

describe('webhook body', () => {
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  it('parses UTF-8 JSON', () => {
    expect(parseWebhookBody(Buffer.from('{"a":["é",1,null,{"b":"🚀"}]}'))).toEqual({ ok: true, json: { a: ['é', 1, null, { b: '🚀' }] } });
  });

  it('refuses empty, non-UTF-8 and non-JSON bodies as `body`', () => {
    expect(parseWebhookBody(Buffer.alloc(0))).toMatchObject({ ok: false, reason: 'body', message: 'The webhook body is empty.' });
    expect(parseWebhookBody(Buffer.from([0x22, 0xc3, 0x28, 0x22]))).toMatchObject({ ok: false, reason: 'body', message: 'The webhook body is not valid UTF-8.' });
    expect(parseWebhookBody(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]))).toMatchObject({ ok: false, reason: 'body' }); // a surrogate encoded as UTF-8 (CESU)
    expect(parseWebhookBody(Buffer.from('{"a":'))).toMatchObject({ ok: false, reason: 'body', message: 'The webhook body is not valid JSON.' });
    expect(parseWebhookBody(Buffer.from('   '))).toMatchObject({ ok: false, reason: 'body' });
  });

  it('refuses NUL and unpaired surrogates anywhere, naming the path', () => {
    expect(parseWebhookBody(Buffer.from('{"data":{"object":{"name":"a\\u0000b"}}}'))).toMatchObject({ ok: false, reason: 'text', detail: 'data.object.name' });
    expect(parseWebhookBody(Buffer.from('{"items":[{"x":"ok"},{"x":"\\udfff"}]}'))).toMatchObject({ ok: false, reason: 'text', detail: 'items.1.x' });
    expect(parseWebhookBody(Buffer.from('{"a":{"k\\ud800":1}}'))).toMatchObject({ ok: false, reason: 'text', detail: 'a' });
    expect(parseWebhookBody(Buffer.from('"\\u0000"'))).toMatchObject({ ok: false, reason: 'text', detail: '(the body)' });
    expect(parseWebhookBody(Buffer.from('{"a":"\\ud83d\\ude80"}'))).toMatchObject({ ok: true });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      expect(parseWebhookBody(Buffer.from(JSON.stringify({ text }))).ok).toBe(!text.includes('\u0000'));
    }));
  });

  it(`allows ${MAX_JSON_DEPTH} levels of nesting and refuses more, without recursion`, () => {
    expect(parseWebhookBody(Buffer.from(nested(MAX_JSON_DEPTH))).ok).toBe(true);
    expect(parseWebhookBody(Buffer.from(nested(MAX_JSON_DEPTH + 1)))).toMatchObject({ ok: false, reason: 'depth' });
    expect(parseWebhookBody(Buffer.from(nested(400_000)))).toMatchObject({ ok: false, reason: 'depth' });
  });
});
