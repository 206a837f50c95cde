import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSigningSecret, signatureHeader, verifySignature } from '../../../src/notify/webhook-signature.js';

const SECRET = 'whsec_unit_test_secret';
const BODY = '{"id":"wev_1","type":"customer.created","data":{"mrr":4900,"currency":"usd"}}';
const AT = new Date('2026-03-01T12:00:00Z');

describe('Revpulse-Signature', () => {
  it('is t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">, as docs/webhooks.md shows', () => {
    const t = Math.floor(AT.getTime() / 1000);
    const expected = createHmac('sha256', SECRET).update(`${t}.${BODY}`).digest('hex');
    expect(signatureHeader(SECRET, BODY, AT)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies its own signature, and refuses a changed body, another secret, a stale or malformed header', () => {
    const header = signatureHeader(SECRET, BODY, AT);
    expect(verifySignature(header, BODY, SECRET, AT)).toEqual({ ok: true, timestamp: Math.floor(AT.getTime() / 1000) });
    expect(verifySignature(header, BODY.replace('4900', '4901'), SECRET, AT)).toMatchObject({ ok: false, reason: 'no signature matches' });
    expect(verifySignature(header, BODY, 'whsec_other', AT)).toMatchObject({ ok: false });
    expect(verifySignature(header, BODY, SECRET, new Date(AT.getTime() + 301_000))).toMatchObject({ ok: false, reason: 'timestamp outside the tolerance' });
    expect(verifySignature(header, BODY, SECRET, new Date(AT.getTime() + 299_000))).toMatchObject({ ok: true });
    expect(verifySignature('v1=abc', BODY, SECRET, AT)).toMatchObject({ ok: false, reason: 'malformed signature header' });
    expect(verifySignature(undefined, BODY, SECRET, AT)).toMatchObject({ ok: false, reason: 'no signature header' });
    // A header with a second, wrong v1 still verifies by the right one.
    expect(verifySignature(`${header},v1=${'0'.repeat(64)}`, BODY, SECRET, AT)).toMatchObject({ ok: true });
  });

  it('makes a fresh, long secret each time', () => {
    const a = newSigningSecret();
    expect(a).toMatch(/^whsec_[\w-]{32}$/);
    expect(newSigningSecret()).not.toBe(a);
  });
});
