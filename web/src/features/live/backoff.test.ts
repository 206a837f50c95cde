import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  // Steps with base 500 ms: 500, 1000, 2000, 4000, 8000, then capped at 10000.
  it.each([
    [0, 250, 500],
    [1, 500, 1000],
    [2, 1000, 2000],
    [3, 2000, 4000],
    [4, 4000, 8000],
    [5, 5000, 10000],
    [12, 5000, 10000],
    [1000, 5000, 10000],
  ])('attempt %i waits between %i and %i ms', (attempt, low, high) => {
    expect(backoffDelay(attempt, () => 0)).toBe(low);
    expect(backoffDelay(attempt, () => 1)).toBe(high);
  });

  it('never exceeds the cap and never drops below half a step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const delay = backoffDelay(attempt, () => r);
        expect(delay).toBeGreaterThanOrEqual(250);
        expect(delay).toBeLessThanOrEqual(10_000);
        expect(Number.isInteger(delay)).toBe(true);
      }),
    );
  });

  it('honours custom options', () => {
    expect(backoffDelay(3, () => 1, { baseMs: 100, maxMs: 1_000 })).toBe(800);
    expect(backoffDelay(4, () => 1, { baseMs: 100, maxMs: 1_000 })).toBe(1_000);
  });
});
