import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, allocateSignups, shortDate } from '../../../src/demo/calendar.js';
import { createRng } from '../../../src/demo/random.js';

const at = (iso: string) => Date.parse(iso) / 1000;

/** Reference implementation on Date objects, independent of the integer calendar maths. */
function referenceAddMonths(anchor: number, months: number): number {
  const d = new Date(anchor * 1000);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000;
}

describe('addMonths', () => {
  it.each([
    ['2024-01-31T10:00:00Z', 1, '2024-02-29T10:00:00Z'], // leap year: clamps to the 29th
    ['2023-01-31T10:00:00Z', 1, '2023-02-28T10:00:00Z'],
    ['2024-01-31T10:00:00Z', 2, '2024-03-31T10:00:00Z'], // the anchor's day comes back
    ['2024-02-29T23:59:59Z', 12, '2025-02-28T23:59:59Z'],
    ['2024-11-15T08:30:00Z', 3, '2025-02-15T08:30:00Z'], // crosses a year
    ['2025-06-01T00:00:00Z', -24, '2023-06-01T00:00:00Z'],
    ['2024-03-31T12:00:00Z', -1, '2024-02-29T12:00:00Z'],
    ['2000-02-29T00:00:00Z', 12, '2001-02-28T00:00:00Z'],
    ['1970-01-01T00:00:00Z', 0, '1970-01-01T00:00:00Z'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(addMonths(at(from), months)).toBe(at(expected));
  });

  it('agrees with a Date-based reference for any date and month offset', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 4_102_444_800 }), fc.integer({ min: -300, max: 300 }),
      (anchor, months) => addMonths(anchor, months) === referenceAddMonths(anchor, months),
    ), { numRuns: 2_000 });
  });
});

describe('shortDate', () => {
  it.each([
    ['2024-03-12T23:00:00Z', '12 Mar 2024'],
    ['2025-01-01T00:00:00Z', '1 Jan 2025'],
  ])('%s prints as %s', (iso, expected) => {
    expect(shortDate(at(iso))).toBe(expected);
  });
});

describe('allocateSignups', () => {
  it('hands out exactly the requested number of signups, none negative', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 1, max: 60 }), fc.integer(),
      (customers, months, seed) => {
        const counts = allocateSignups(customers, months, at('2023-06-01T00:00:00Z'), createRng(seed));
        return counts.length === months && counts.every((c) => c >= 0)
          && counts.reduce((a, b) => a + b, 0) === customers;
      },
    ));
  });

  it('grows: the last six months get more signups than the first six', () => {
    for (const seed of [1, 2, 3, 42]) {
      const counts = allocateSignups(2_000, 24, at('2023-06-01T00:00:00Z'), createRng(seed));
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      expect(sum(counts.slice(-6))).toBeGreaterThan(2 * sum(counts.slice(0, 6)));
    }
  });

  it('dips in August against July and September of the same year', () => {
    // 2023-06 start: index 2 is August 2023; growth is 5% a month and noise at most ±8%,
    // while the August weight is 0.8 of July's 0.9 and September's 1.05.
    const counts = allocateSignups(100_000, 24, at('2023-06-01T00:00:00Z'), createRng(7));
    expect(counts[2]).toBeLessThan(counts[1]!);
    expect(counts[2]).toBeLessThan(counts[3]!);
  });
});
