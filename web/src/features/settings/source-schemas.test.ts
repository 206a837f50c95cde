import { describe, expect, it } from 'vitest';
import { deadLetterText, providerLabel, sourceStatusText, webhookUrlFor, type SourceView } from './source-schemas.js';

describe('the webhook URL to paste into Stripe', () => {
  it.each([
    ['https://revpulse.example.com/webhooks/stripe/src_1', 'https://revpulse.example.com', 'https://revpulse.example.com/webhooks/stripe/src_1'],
    ['https://revpulse.example.com/webhooks/stripe/src_1', 'http://localhost:5173', 'https://revpulse.example.com/webhooks/stripe/src_1'],
    ['http://localhost:3000/webhooks/stripe/src_1', 'https://metrics.acme.io', 'https://metrics.acme.io/webhooks/stripe/src_1'],
    ['http://localhost:0/webhooks/stripe/src_1', 'http://127.0.0.1:41234', 'http://127.0.0.1:41234/webhooks/stripe/src_1'],
    ['http://localhost:3000/webhooks/stripe/src_1', 'http://localhost:5173', 'http://localhost:3000/webhooks/stripe/src_1'],
  ])('%s seen from %s → %s', (api, origin, expected) => expect(webhookUrlFor(api, origin)).toBe(expected));
});

describe('a source in a sentence', () => {
  const base: SourceView = {
    id: 'src_1', name: 'Stripe', provider: 'stripe', mode: 'live', freshness: 'live', webhookUrl: '', hasWebhookSecret: true, hasApiKey: true, paypal: null,
    lastEventAt: '2026-01-01T10:00:00Z', lastSyncedAt: '2026-01-01T09:00:00Z', lastError: null, deadLetters: 0,
    sync: { running: null, runningSince: null, backfill: { status: 'done', startedAt: null, finishedAt: null, done: 10, total: 10, historyBefore: null } },
    createdAt: '2026-01-01T00:00:00Z',
  };
  const age = (iso: string) => `at ${iso.slice(11, 16)}`;
  it.each([
    [{}, 'Live — last update at 10:00'],
    [{ freshness: 'stale' }, 'Stale — last update at 10:00'],
    [{ freshness: 'stale', lastEventAt: null, lastSyncedAt: null }, 'Waiting for the first event'],
    [{ freshness: 'error', lastError: 'Stripe answered 401' }, 'Error: Stripe answered 401'],
    [{ provider: 'import', freshness: 'stale' }, 'Imported from files'],
    [{ provider: 'import', freshness: 'stale', lastEventAt: null, lastSyncedAt: null }, 'No file imported yet'],
    [{ freshness: 'syncing', sync: { ...base.sync, running: 'full', backfill: { ...base.sync.backfill, status: 'running', done: 25, total: 100 } } }, 'Syncing — full (25% of history)'],
  ] as const)('%j → %s', (change, text) => expect(sourceStatusText({ ...base, ...change } as SourceView, age)).toBe(text));
  it('an import source says when a file last came, from the import history, not its rows\' dates', () => {
    expect(sourceStatusText({ ...base, provider: 'import', lastEventAt: '2024-03-05T00:00:00Z' }, age, '2026-12-02T21:55:00Z')).toBe('Last import at 21:55');
  });
});

describe('the dead-letter notice', () => {
  it.each([
    [1, '1 event failed five times and is parked: not in any figure until retried.'],
    [1234, '1,234 events failed five times and are parked: not in any figure until retried.'],
  ])('%i → %s', (count, text) => expect(deadLetterText(count)).toBe(text));
});

describe('a provider as people name it', () => {
  it.each([['stripe', 'Stripe'], ['paypal', 'PayPal'], ['import', 'Import'], ['other', 'other']])('%s → %s', (provider, label) => expect(providerLabel(provider)).toBe(label));
});
