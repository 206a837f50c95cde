import { describe, expect, it } from 'vitest';
import { backoffMs, parseRetryAfter, retryAdvice, RetryAfterTooLongError, withRetry } from '../../../../../src/ingest/stripe/sync/retry.js';

const failure = (statusCode: number | undefined, headers: Record<string, string> = {}) => Object.assign(new Error(`HTTP ${statusCode}`), { statusCode, headers });

describe('retry policy', () => {
  it.each([
    ['2', 2000],
    ['0.5', 500],
    ['', null],
    [undefined, null],
    ['soon', null],
  ])('reads Retry-After %j as %j ms', (value, expected) => {
    expect(parseRetryAfter(value)).toBe(expected);
  });

  it('reads an HTTP-date Retry-After relative to now', () => {
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
  });

  it.each([
    [429, {}, true],
    [500, {}, true],
    [503, {}, true],
    [409, {}, true],
    [400, {}, false],
    [401, {}, false],
    [404, {}, false],
    [500, { 'stripe-should-retry': 'false' }, false],
    [400, { 'stripe-should-retry': 'true' }, true],
  ])('HTTP %i %j retry=%s', (status, headers, retry) => {
    expect(retryAdvice(failure(status, headers)).retry).toBe(retry);
  });

  it('retries a refused connection but not a programming error', () => {
    expect(retryAdvice(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { type: 'StripeConnectionError' })).retry).toBe(true);
    expect(retryAdvice(new TypeError('x is not a function')).retry).toBe(false);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, { baseDelayMs: 100, random: () => 1 }))).toEqual([100, 200, 400, 800]);
    expect(backoffMs(20, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 })).toBe(1000);
    expect(backoffMs(1, { baseDelayMs: 100, random: () => 0 })).toBe(50);
  });

  it('waits at least Retry-After, then succeeds', async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw failure(429, { 'retry-after': '3' });
        return 'ok';
      },
      { baseDelayMs: 10, sleep: async (ms) => void slept.push(ms) },
    );
    expect(result).toBe('ok');
    expect(slept).toEqual([3000, 3000]);
  });

  it('gives up after maxAttempts, at once on a 401, and when Retry-After is unreasonably long', async () => {
    let calls = 0;
    const noSleep = { sleep: async () => undefined };
    await expect(withRetry(async () => { calls += 1; throw failure(500); }, { ...noSleep, maxAttempts: 3 })).rejects.toThrow('HTTP 500');
    expect(calls).toBe(3);
    calls = 0;
    await expect(withRetry(async () => { calls += 1; throw failure(401); }, noSleep)).rejects.toThrow('HTTP 401');
    expect(calls).toBe(1);
    await expect(withRetry(async () => { throw failure(429, { 'retry-after': '3600' }); }, noSleep)).rejects.toThrow(RetryAfterTooLongError);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const run = withRetry(async () => { throw failure(503, { 'retry-after': '60' }); }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopping')), 20);
    await expect(run).rejects.toThrow('stopping');
  });
});
