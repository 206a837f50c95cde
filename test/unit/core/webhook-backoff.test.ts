import { describe, expect, it } from 'vitest';
import { nextAttemptAt, retryDelayMs, RETRY_CAP_MS, RETRY_WINDOW_MS } from '../../../src/core/webhook-backoff.js';

describe('outgoing webhook backoff', () => {
  it.each([
    // attempt, random, delay
    [1, 0.5, 30_000],
    [2, 0.5, 60_000],
    [3, 0.5, 120_000],
    [10, 0.5, 30_000 * 512],
    [11, 0.5, RETRY_CAP_MS],
    [40, 0.5, RETRY_CAP_MS],
    [1, 0, 24_000],
    [1, 0.999_999, 36_000],
  ])('attempt %i with jitter %f waits %i ms', (attempt, random, delay) => {
    expect(retryDelayMs(attempt, random)).toBe(delay);
  });

  it('never waits outside ±20 % of the plain delay', () => {
    for (let attempt = 1; attempt <= 15; attempt += 1) {
      const plain = Math.min(RETRY_CAP_MS, 30_000 * 2 ** (attempt - 1));
      for (const r of [0, 0.1, 0.5, 0.9, 0.999]) {
        const d = retryDelayMs(attempt, r);
        expect(d).toBeGreaterThanOrEqual(plain * 0.8);
        expect(d).toBeLessThanOrEqual(plain * 1.2);
      }
    }
  });

  it('keeps retrying for 3 days after the event, then gives up', () => {
    const created = new Date('2026-01-01T00:00:00Z');
    let at = created;
    let attempt = 1;
    const times: Date[] = [];
    for (;;) {
      const next = nextAttemptAt(attempt, at, created, 0.5);
      if (!next) break;
      times.push(next);
      at = next;
      attempt += 1;
    }
    // 30 s doubling up to 6 h apart: 10 attempts in the first ~8.5 h, then one every 6 h.
    expect(times.length).toBeGreaterThan(15);
    expect(times.at(-1)!.getTime() - created.getTime()).toBeLessThanOrEqual(RETRY_WINDOW_MS);
    expect(times.at(-1)!.getTime() - created.getTime()).toBeGreaterThan(RETRY_WINDOW_MS - RETRY_CAP_MS * 1.2);
    expect(nextAttemptAt(2, new Date(created.getTime() + RETRY_WINDOW_MS - 1000), created, 0.5)).toBeNull();
  });
});
