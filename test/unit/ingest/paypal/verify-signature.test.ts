// The PayPal webhook signature check: CRC-32 known answers, the signed message, a good delivery,
// and every forgery refused with a message naming it; the certificate fetch (PayPal's hosts only,
// https, size and time limits) and its cache (one fetch per burst, failures not kept, expiry,
// bound). Certificates come from a local HTTPS server allowed only through the options passed here.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32 } from '../../../../src/ingest/paypal/crc32.js';
import {
  PAYPAL_CERT_HOSTS,
  PAYPAL_CERT_SOURCE,
  checkCertUrl,
  createPaypalCertCache,
  type PaypalCertCache,
} from '../../../../src/ingest/paypal/cert-cache.js';
import {
  PaypalSignatureError,
  paypalSignedMessage,
  readPaypalHeaders,
  verifyPaypalSignature,
} from '../../../../src/ingest/paypal/verify-signature.js';
import { signPaypalDelivery, startPaypalCertServer, type PaypalCertServer, type SignOptions } from '../../../helpers/paypal-cert.js';

const WEBHOOK_ID = '8PT597110X687430LKGECATA';
const NOW = new Date('2026-06-01T12:00:00Z');
const BODY = Buffer.from('{"id":"WH-1","event_type":"BILLING.SUBSCRIPTION.ACTIVATED","create_time":"2026-06-01T11:59:58Z","resource":{"id":"I-1"}}');

let certs: PaypalCertServer;
beforeAll(async () => {
  certs = await startPaypalCertServer();
});
afterAll(async () => {
  await certs.close();
});

const sign = (options: Partial<SignOptions> = {}, body: Buffer = BODY) =>
  signPaypalDelivery(body, { webhookId: WEBHOOK_ID, transmissionTime: NOW, certUrl: certs.certUrl, ...options });

const check = (headers: Record<string, string>, options: { body?: Buffer; webhookId?: string; now?: Date; cache?: PaypalCertCache; local?: boolean } = {}) =>
  verifyPaypalSignature(options.body ?? BODY, readPaypalHeaders(headers), options.webhookId ?? WEBHOOK_ID, options.now ?? NOW, {
    source: options.local === false ? PAYPAL_CERT_SOURCE : certs.certSource,
    cache: options.cache ?? createPaypalCertCache(),
  });

describe('crc32', () => {
  it.each([
    ['', 0],
    ['a', 3904355907],
    ['123456789', 3421780262],
    ['The quick brown fox jumps over the lazy dog', 1095738169],
    ['Grüße €', 4207768327],
  ])('%j → %i (IEEE, as zlib)', (text, expected) => {
    expect(crc32(Buffer.from(text, 'utf8'))).toBe(expected);
  });

  it('is unsigned for a top-bit result and covers every byte value', () => {
    expect(crc32(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toBe(4294967295);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const value = crc32(bytes);
      expect(Number.isInteger(value) && value >= 0 && value <= 0xffffffff).toBe(true);
    }));
  });
});

describe('PayPal signed message', () => {
  it('is <transmission id>|<time>|<webhook id>|<crc32 decimal>', () => {
    expect(paypalSignedMessage('69cd13f0-d67a-11e5-baa3-778b53f4ae55', '2016-02-18T20:01:35Z', '1JE4291016473214C', Buffer.from('123456789')))
      .toBe('69cd13f0-d67a-11e5-baa3-778b53f4ae55|2016-02-18T20:01:35Z|1JE4291016473214C|3421780262');
  });
});

describe('PayPal signature', () => {
  it('accepts a delivery signed by the certificate at an allowed https URL, on raw bytes', async () => {
    await expect(check(sign())).resolves.toEqual({ transmissionTime: NOW });
    const notUtf8 = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    await expect(check(sign({}, notUtf8), { body: notUtf8 })).resolves.toBeDefined();
  });

  it('takes the first certificate of a chain, as PayPal serves its URL', async () => {
    await expect(check(sign({ certUrl: certs.urlFor('chain') }))).resolves.toBeDefined();
    await expect(check(sign({ certUrl: certs.urlFor('chain'), signer: 'other' }))).rejects.toThrow(/signature does not match/);
  });

  it('accepts transmission times up to 300 s either side of the clock', async () => {
    await expect(check(sign({ transmissionTime: new Date(NOW.getTime() - 300_000) }))).resolves.toBeDefined();
    await expect(check(sign({ transmissionTime: new Date(NOW.getTime() + 300_000) }))).resolves.toBeDefined();
  });

  const oneByteChanged = Buffer.from(BODY);
  oneByteChanged[oneByteChanged.length - 3] = 0x32;

  const forgeries: Array<[string, () => Promise<unknown>, RegExp]> = [
    ['the body changed by one byte', () => check(sign(), { body: oneByteChanged }), /signature does not match/],
    ['another webhook id', () => check(sign({ webhookId: 'OTHERWEBHOOK0001' })), /signature does not match/],
    ['another transmission id', () => check({ ...sign(), 'paypal-transmission-id': 'b1c2d3e4-0000-11e5-baa3-778b53f4ae55' }), /signature does not match/],
    ['a transmission time changed after signing', () => check({ ...sign(), 'paypal-transmission-time': '2026-06-01T12:00:01Z' }), /signature does not match/],
    ['an old transmission (replay)', () => check(sign({ transmissionTime: new Date(NOW.getTime() - 301_000) })), /301 s old, more than the 300 s tolerance/],
    ['a transmission dated ahead', () => check(sign({ transmissionTime: new Date(NOW.getTime() + 3_600_000) })), /dated 3600 s in the future/],
    ['a transmission time that is no date', () => check(sign({ transmissionTime: 'yesterday' })), /not an RFC 3339 date-time/],
    ['a signature by another key', () => check(sign({ signer: 'other' })), /signature does not match/],
    ['a certificate from a host that is not PayPal\'s', () => check(sign(), { local: false }), /host 127\.0\.0\.1:\d+ is not one of PayPal's/],
    ['an http certificate URL', () => check(sign({ certUrl: certs.certUrl.replace('https:', 'http:') })), /must use https, not http/],
    ['a certificate URL outside PayPal\'s cert path', () => check(sign({ certUrl: certs.certUrl.replace('/v1/notifications/certs/', '/v1/other/') })), /plain \/v1\/notifications\/certs\/… path/],
    ['a certificate URL with a query', () => check(sign({ certUrl: `${certs.certUrl}?x=1` })), /plain \/v1\/notifications\/certs\/… path/],
    ['a certificate URL that is no URL', () => check(sign({ certUrl: 'not a url' })), /not a URL/],
    ['an algorithm other than SHA256withRSA', () => check(sign({ authAlgo: 'SHA1withRSA' })), /auth algorithm SHA1withRSA is not SHA256withRSA/],
    ['an expired certificate', () => check(sign({ signer: 'expired', certUrl: certs.urlFor('expired') })), /certificate expired on/],
    ['a certificate used after its end date', () => check(sign({ transmissionTime: new Date('2101-01-01T00:00:00Z') }), { now: new Date('2101-01-01T00:00:00Z') }), /certificate expired on/],
    ['a certificate used before its start date', () => check(sign({ transmissionTime: new Date('1999-06-01T00:00:00Z') }), { now: new Date('1999-06-01T00:00:00Z') }), /not valid before/],
    ['a URL that serves no certificate', () => check(sign({ certUrl: certs.urlFor('garbage') })), /did not return an X\.509 certificate/],
    ['a URL that answers 404', () => check(sign({ certUrl: certs.urlFor('missing') })), /answered HTTP 404/],
    ['a certificate larger than the limit', () => check(sign({ certUrl: certs.urlFor('huge') })), /larger than 65536 bytes/],
    ['a signature that is not base64', () => check({ ...sign(), 'paypal-transmission-sig': 'not*base64!' }), /not base64/],
    ['a transmission id with a separator in it', () => check({ ...sign(), 'paypal-transmission-id': 'a|b' }), /not a transmission id/],
  ];

  it.each(forgeries)('refuses %s', async (_name, run, message) => {
    const outcome = run();
    await expect(outcome).rejects.toBeInstanceOf(PaypalSignatureError);
    await expect(outcome).rejects.toThrow(message);
  });

  it.each(['paypal-transmission-id', 'paypal-transmission-time', 'paypal-transmission-sig', 'paypal-cert-url', 'paypal-auth-algo'])(
    'refuses a delivery without %s, naming the header',
    async (header) => {
      const headers = sign();
      delete headers[header];
      await expect(check(headers)).rejects.toThrow(new RegExp(`the ${header.toUpperCase()} header is missing`));
    },
  );

  it('gives up on a certificate URL that does not answer within the timeout', async () => {
    const outcome = verifyPaypalSignature(BODY, readPaypalHeaders(sign({ certUrl: certs.urlFor('hang') })), WEBHOOK_ID, NOW, {
      source: { ...certs.certSource, timeoutMs: 150 },
      cache: createPaypalCertCache(),
    });
    await expect(outcome).rejects.toThrow(/did not answer within 150 ms/);
  });

  it('never fetches for a delivery refused on its headers, time or URL', async () => {
    const before = certs.requests('paypal');
    const cache = createPaypalCertCache();
    await expect(check(sign({ transmissionTime: new Date(NOW.getTime() - 3_600_000) }), { cache })).rejects.toThrow();
    await expect(check(sign({ authAlgo: 'RS256' }), { cache })).rejects.toThrow();
    await expect(check(sign(), { cache, local: false })).rejects.toThrow();
    expect(cache.fetches()).toBe(0);
    expect(certs.requests('paypal')).toBe(before);
  });
});

describe('PayPal certificate URLs and cache', () => {
  it('allows PayPal\'s own hosts by default, and nothing else', () => {
    expect(PAYPAL_CERT_HOSTS).toEqual(['api.paypal.com', 'api-m.paypal.com', 'api.sandbox.paypal.com', 'api-m.sandbox.paypal.com']);
    for (const host of PAYPAL_CERT_HOSTS) {
      expect(checkCertUrl(`https://${host}/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77`, PAYPAL_CERT_SOURCE).host).toBe(host);
    }
    const refused = [
      'https://api.paypal.com.evil.example/v1/notifications/certs/CERT-1',
      'https://evil.example/v1/notifications/certs/CERT-1',
      'https://paypal.com/v1/notifications/certs/CERT-1',
      'https://api.paypal.com:8443/v1/notifications/certs/CERT-1',
      'https://user@api.paypal.com/v1/notifications/certs/CERT-1',
      'https://api.paypal.com/v1/notifications/certs/',
      'http://api.paypal.com/v1/notifications/certs/CERT-1',
      'file:///etc/passwd',
    ];
    for (const url of refused) expect(() => checkCertUrl(url, PAYPAL_CERT_SOURCE), url).toThrow();
  });

  it('fetches a certificate once for a burst of deliveries', async () => {
    const cache = createPaypalCertCache();
    const before = certs.requests('paypal');
    const burst = Array.from({ length: 8 }, (_, i) => check(sign({ transmissionId: `burst-${i}` }), { cache }));
    await expect(Promise.all(burst)).resolves.toHaveLength(8);
    await check(sign(), { cache });
    expect(cache.fetches()).toBe(1);
    expect(certs.requests('paypal') - before).toBe(1);
  });

  it('keeps no failure, fetches again after the expiry, and holds at most maxEntries', async () => {
    let clock = 0;
    const cache = createPaypalCertCache({ ttlMs: 1_000, maxEntries: 1, clock: () => clock });
    await expect(check(sign({ certUrl: certs.urlFor('missing') }), { cache })).rejects.toThrow(/404/);
    await expect(check(sign({ certUrl: certs.urlFor('missing') }), { cache })).rejects.toThrow(/404/);
    expect(cache.fetches()).toBe(2);
    await check(sign(), { cache });
    await check(sign(), { cache });
    expect(cache.fetches()).toBe(3);
    clock = 1_001;
    await check(sign(), { cache });
    expect(cache.fetches()).toBe(4);
    await expect(check(sign({ signer: 'other', certUrl: certs.urlFor('other') }), { cache })).resolves.toBeDefined(); // evicts `paypal`
    await check(sign(), { cache });
    expect(cache.fetches()).toBe(6);
  });
});
