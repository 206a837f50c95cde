import { describe, expect, it } from 'vitest';
import { freshness, MAX_LIVE_AGE_MS, serverNow, type FreshnessInput, type SourceStatus } from './freshness.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const source = (overrides: Partial<SourceStatus> = {}): SourceStatus => ({ id: 'src_1', name: 'Stripe', freshness: 'live', lastActivityAt: NOW - MINUTE, lastError: null, ...overrides });

describe('freshness', () => {
  it('treats five minutes as the limit of "live"', () => {
    expect(MAX_LIVE_AGE_MS).toBe(5 * MINUTE);
  });

  it.each<[string, Omit<FreshnessInput, 'now'>, string, string]>([
    ['open, data just in', { connection: 'open', lastDataAt: NOW, loaded: true }, 'live', 'Live'],
    ['open, 4m59s old', { connection: 'open', lastDataAt: NOW - 5 * MINUTE + SECOND, loaded: true }, 'live', 'Live'],
    ['open, exactly 5m old', { connection: 'open', lastDataAt: NOW - 5 * MINUTE, loaded: true }, 'stale', 'Stale · updated 5m ago'],
    ['open, 2h old', { connection: 'open', lastDataAt: NOW - 2 * HOUR, loaded: true }, 'stale', 'Stale · updated 2h ago'],
    ['open, never any data', { connection: 'open', lastDataAt: null, loaded: true }, 'stale', 'Stale · no data yet'],
    ['not loaded yet', { connection: 'open', lastDataAt: null, loaded: false }, 'connecting', 'Connecting…'],
    ['reconnecting', { connection: 'connecting', lastDataAt: NOW - 10 * SECOND, loaded: true }, 'connecting', 'Connecting…'],
    ['down, fresh data', { connection: 'down', lastDataAt: NOW - 30 * SECOND, loaded: true }, 'stale', 'Stale · updated just now'],
    ['down, never loaded', { connection: 'down', lastDataAt: null, loaded: false }, 'stale', 'Stale · no data yet'],
    ['figures failed to load', { connection: 'connecting', lastDataAt: null, loaded: false, loadFailed: true }, 'stale', 'Stale · no data yet'],
    ['data stamped just after the clock tick', { connection: 'open', lastDataAt: NOW + 3 * SECOND, loaded: true }, 'live', 'Live'],
  ])('%s → %s', (_name, input, state, label) => {
    const result = freshness({ ...input, now: NOW });
    expect({ state: result.state, label: result.label }).toEqual({ state, label });
  });

  it('shows a spinner while a source syncs, and lists each source', () => {
    const result = freshness({ connection: 'open', lastDataAt: NOW - HOUR, loaded: true, now: NOW, sources: [source({ freshness: 'syncing' }), source({ id: 'src_2', name: 'EU account', freshness: 'stale', lastActivityAt: NOW - 2 * HOUR })] });
    expect(result.state).toBe('syncing');
    expect(result.sources).toEqual([
      { id: 'src_1', name: 'Stripe', state: 'syncing', label: 'Syncing…' },
      { id: 'src_2', name: 'EU account', state: 'stale', label: 'Stale · updated 2h ago' },
    ]);
  });

  it('turns red when a source failed, naming it and its error', () => {
    const result = freshness({ connection: 'open', lastDataAt: NOW, loaded: true, now: NOW, sources: [source({ freshness: 'error', lastError: 'The API key was revoked' })] });
    expect(result.state).toBe('error');
    expect(result.label).toBe('Sync error · Stripe');
    expect(result.sources?.[0]?.label).toBe('Error: The API key was revoked');
    const two = freshness({ connection: 'open', lastDataAt: NOW, loaded: true, now: NOW, sources: [source({ freshness: 'error' }), source({ id: 'b', freshness: 'error' })] });
    expect(two.label).toBe('Sync errors · 2 sources');
  });

  it('takes the age limit as a parameter', () => {
    const input = { connection: 'open', lastDataAt: NOW - 2 * MINUTE, now: NOW, loaded: true } as const;
    expect(freshness({ ...input, maxAgeMs: MINUTE }).state).toBe('stale');
    expect(freshness({ ...input, maxAgeMs: 3 * MINUTE }).state).toBe('live');
  });
});

describe('serverNow', () => {
  it('advances the server time of the last answer by the client time since', () => {
    expect(serverNow(1_000_500, { clientAt: 1_000_000, serverAt: 5_000_000 })).toBe(5_000_500);
    expect(serverNow(42, null)).toBe(42);
  });
});
