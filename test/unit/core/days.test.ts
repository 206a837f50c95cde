import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addInterval,
  dayFromNumber,
  dayOf,
  dayToNumber,
  endOfDay,
  monthOf,
  startOfDay,
} from '../../../src/core/days.js';
import type { BillingInterval } from '../../../src/core/types.js';

const utc = (y: number, m: number, d: number, h = 0, min = 0, s = 0): number => Date.UTC(y, m - 1, d, h, min, s) / 1000;

describe('dayOf', () => {
  it.each([
    [0, '1970-01-01'],
    [utc(1969, 12, 31, 23, 59, 59), '1969-12-31'],
    [utc(2000, 2, 29, 0, 0, 0), '2000-02-29'],
    [utc(2024, 2, 29, 23, 59, 59), '2024-02-29'],
    [utc(2024, 3, 1, 0, 0, 0), '2024-03-01'],
    [utc(2100, 3, 1, 12), '2100-03-01'],
  ])('%i is %s', (t, day) => {
    expect(dayOf(t)).toBe(day);
  });

  it('agrees with Date for any second between 1900 and 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: utc(1900, 1, 1), max: utc(2200, 1, 1) }), (t) => {
        expect(dayOf(t)).toBe(new Date(t * 1000).toISOString().slice(0, 10));
      }),
    );
  });
});

describe('day numbers', () => {
  it('round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (n) => {
        expect(dayToNumber(dayFromNumber(n))).toBe(n);
      }),
    );
  });

  it.each(['2023-02-29', '2024-13-01', '2024-04-31', '2024-1-01', 'yesterday'])('rejects %s', (day) => {
    expect(() => dayToNumber(day)).toThrow(RangeError);
  });
});

describe('day bounds and arithmetic', () => {
  it('endOfDay is the last second of the UTC day, startOfDay the first', () => {
    expect(endOfDay('2024-02-29')).toBe(utc(2024, 2, 29, 23, 59, 59));
    expect(startOfDay('2024-02-29')).toBe(utc(2024, 2, 29));
    expect(dayOf(endOfDay('2024-12-31') + 1)).toBe('2025-01-01');
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-01-01', 366, '2025-01-01'],
  ])('addDays(%s, %i) = %s', (day, n, expected) => {
    expect(addDays(day, n)).toBe(expected);
  });

  it('monthOf', () => {
    expect(monthOf('2024-02-29')).toBe('2024-02');
    expect(() => monthOf('2024-02-30')).toThrow(RangeError);
  });
});

describe('addInterval', () => {
  it.each<[number, BillingInterval, number, number]>([
    [utc(2024, 1, 31, 10), 'month', 1, utc(2024, 2, 29, 10)],
    [utc(2023, 1, 31, 10), 'month', 1, utc(2023, 2, 28, 10)],
    [utc(2024, 1, 15, 10, 30), 'month', 3, utc(2024, 4, 15, 10, 30)],
    [utc(2024, 11, 30), 'month', 3, utc(2025, 2, 28)],
    [utc(2024, 2, 29), 'year', 1, utc(2025, 2, 28)],
    [utc(2024, 2, 29), 'year', 4, utc(2028, 2, 29)],
    [utc(2024, 12, 30, 5), 'week', 1, utc(2025, 1, 6, 5)],
    [utc(2024, 12, 30, 5), 'day', 3, utc(2025, 1, 2, 5)],
  ])('%i + %s × %i', (t, interval, count, expected) => {
    expect(addInterval(t, interval, count)).toBe(expected);
  });
});
