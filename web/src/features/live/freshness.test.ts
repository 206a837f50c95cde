import { describe, expect, it } from 'vitest';
import { freshness, MAX_LIVE_AGE_MS, type FreshnessInput } from './freshness.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('freshness', () => {
  it('treats five minutes as the limit of "live"', () => {
    expect(MAX_LIVE_AGE_MS).toBe(5 * MINUTE);
  });

  it.each<[string, Omit<FreshnessInput, 'now'>, string, string]>([
    ['open, just confirmed', { connection: 'open', dataUpdatedAt: NOW }, 'live', 'Live'],
    ['open, 4m59s old', { connection: 'open', dataUpdatedAt: NOW - 5 * MINUTE + SECOND }, 'live', 'Live'],
    ['open, exactly 5m old', { connection: 'open', dataUpdatedAt: NOW - 5 * MINUTE }, 'stale', 'Stale · updated 5m ago'],
    ['open, 2h old', { connection: 'open', dataUpdatedAt: NOW - 2 * HOUR }, 'stale', 'Stale · updated 2h ago'],
    ['open, no figures yet', { connection: 'open', dataUpdatedAt: null }, 'connecting', 'Connecting…'],
    ['connecting, fresh figures', { connection: 'connecting', dataUpdatedAt: NOW - 10 * SECOND }, 'connecting', 'Connecting…'],
    ['connecting, old figures', { connection: 'connecting', dataUpdatedAt: NOW - 3 * HOUR }, 'connecting', 'Connecting…'],
    ['down, fresh figures', { connection: 'down', dataUpdatedAt: NOW - 30 * SECOND }, 'stale', 'Stale · updated just now'],
    ['down, 2h old', { connection: 'down', dataUpdatedAt: NOW - 2 * HOUR - 5 * MINUTE }, 'stale', 'Stale · updated 2h ago'],
    ['down, never any figures', { connection: 'down', dataUpdatedAt: null }, 'stale', 'Stale · no data yet'],
    ['connecting, no figures yet', { connection: 'connecting', dataUpdatedAt: null }, 'connecting', 'Connecting…'],
    ['open, figures failed to load', { connection: 'open', dataUpdatedAt: null, loadFailed: true }, 'stale', 'Stale · no data yet'],
    ['connecting, figures failed to load', { connection: 'connecting', dataUpdatedAt: null, loadFailed: true }, 'stale', 'Stale · no data yet'],
    // A failed refresh does not hide figures that are still fresh.
    ['open, fresh figures, refresh failed', { connection: 'open', dataUpdatedAt: NOW - MINUTE, loadFailed: true }, 'live', 'Live'],
    // A clock tick taken just before the data arrived must not read as "in the future".
    ['open, confirmed after the last tick', { connection: 'open', dataUpdatedAt: NOW + 3 * SECOND }, 'live', 'Live'],
  ])('%s → %s', (_name, input, state, label) => {
    expect(freshness({ ...input, now: NOW })).toEqual({ state, label });
  });

  it('takes the age limit as a parameter', () => {
    const input = { connection: 'open', dataUpdatedAt: NOW - 2 * MINUTE, now: NOW } as const;
    expect(freshness({ ...input, maxAgeMs: MINUTE }).state).toBe('stale');
    expect(freshness({ ...input, maxAgeMs: 3 * MINUTE }).state).toBe('live');
  });
});
