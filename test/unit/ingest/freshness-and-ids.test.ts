import { describe, expect, it } from 'vitest';
import { sourceFreshness } from '../../../src/ingest/freshness.js';
import { objectEvent, reconstructedEvent, type StripeObject } from '../../../src/ingest/stripe/sync/synthetic.js';
import { queryString, parseApiUrl } from '../../../src/ingest/stripe/sync/stripe-api.js';
import { redactSecrets } from '../../../src/ingest/stripe/sync/run-sync.js';
import { stripeSourceMode, SourceInputError } from '../../../src/ingest/sources.js';
import { loadConfig } from '../../../src/config.js';

const now = new Date('2026-01-01T12:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

describe('source freshness', () => {
  it.each([
    [{ lastEventAt: ago(1), lastSyncedAt: null, lastError: null, runningSince: null }, 'live'],
    [{ lastEventAt: ago(30), lastSyncedAt: ago(4), lastError: null, runningSince: null }, 'live'],
    [{ lastEventAt: ago(6), lastSyncedAt: ago(7), lastError: null, runningSince: null }, 'stale'],
    [{ lastEventAt: null, lastSyncedAt: null, lastError: null, runningSince: null }, 'stale'],
    [{ lastEventAt: ago(1), lastSyncedAt: null, lastError: 'Stripe answered 500', runningSince: null }, 'error'],
    [{ lastEventAt: ago(1), lastSyncedAt: null, lastError: 'x', runningSince: ago(2) }, 'syncing'],
    [{ lastEventAt: ago(90), lastSyncedAt: null, lastError: null, runningSince: ago(24 * 60) }, 'stale'],
  ])('%j → %s', (input, expected) => {
    expect(sourceFreshness(input, now)).toBe(expected);
  });
});

describe('synthetic event ids', () => {
  const target = { workspaceId: 'ws_1', sourceId: 'src_1', livemode: false };
  const customer = { id: 'cus_1', object: 'customer', email: 'a@example.com', metadata: { b: '1', a: '2' } } as StripeObject;

  it('derive from the object and its content, never from the clock', () => {
    const a = objectEvent(target, customer, 1000);
    expect(objectEvent(target, { ...customer, metadata: { a: '2', b: '1' } }, 2000).eventId).toBe(a.eventId);
    expect(objectEvent(target, { ...customer, email: 'b@example.com' }, 1000).eventId).not.toBe(a.eventId);
    expect(a).toMatchObject({ type: 'customer.updated', created: 1000, eventId: expect.stringMatching(/^rpobj_cus_1_/) });
    expect(reconstructedEvent(target, { id: 'sub_1', object: 'subscription' }, 1234, true)).toMatchObject({ eventId: 'rpobj_sub_1_1234'.replace('rpobj', 'rprec'), type: 'customer.subscription.created', created: 1234 });
    expect(objectEvent(target, { id: 'sub_1', object: 'subscription', status: 'canceled' }, 1).type).toBe('customer.subscription.deleted');
  });
});

describe('Stripe API plumbing', () => {
  it('encodes list parameters as the official client does', () => {
    expect(queryString({ limit: 100, created: { gte: 5 }, expand: ['data.discounts'], include: ['total_count'], starting_after: 'cus_1' })).toBe(
      '?limit=100&created[gte]=5&expand[0]=data.discounts&include[0]=total_count&starting_after=cus_1',
    );
    expect(queryString({})).toBe('');
  });

  it('points the client at another host', () => {
    expect(parseApiUrl('http://127.0.0.1:12111')).toEqual({ host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(parseApiUrl(undefined)).toEqual({});
  });

  it('cuts anything shaped like a Stripe secret out of error messages', () => {
    expect(redactSecrets('Invalid API Key provided: sk_live_51AbCdEf and whsec_abc123')).toBe('Invalid API Key provided: sk_live_[redacted] and whsec_[redacted]');
  });

  it('takes the mode from the API key unless told, and refuses a contradiction', () => {
    expect(stripeSourceMode({ apiKey: 'rk_test_abcdefgh' })).toBe('test');
    expect(stripeSourceMode({ apiKey: null, mode: null })).toBe('live');
    expect(() => stripeSourceMode({ apiKey: 'sk_test_abcdefgh', mode: 'live' })).toThrow(SourceInputError);
  });

  it('reads REVPULSE_SYNC_INTERVAL as a duration, 10 minutes by default', () => {
    expect(loadConfig({}).syncIntervalSeconds).toBe(600);
    expect(loadConfig({ REVPULSE_SYNC_INTERVAL: '5m' }).syncIntervalSeconds).toBe(300);
    expect(loadConfig({ REVPULSE_SYNC_INTERVAL: '45' }).syncIntervalSeconds).toBe(45);
    expect(() => loadConfig({ REVPULSE_SYNC_INTERVAL: '2s' })).toThrow(/^Invalid configuration: REVPULSE_SYNC_INTERVAL /);
    expect(() => loadConfig({ REVPULSE_SYNC_INTERVAL: 'often' })).toThrow(/REVPULSE_SYNC_INTERVAL/);
  });
});
