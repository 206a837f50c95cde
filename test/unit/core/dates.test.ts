// The one date module (src/core/dates.ts): day numbers, intervals, months and reporting periods.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  shiftDayByMonths,
  addDays,
  addInterval,
  addMonths,
  dayFromNumber,
  dayOf,
  dayToNumber,
  endOfDay,
  GRANULARITIES,
  isoWeek,
  lastDayOfMonth,
  monthOf,
  monthsBetween,
  periodEnd,
  periodKey,
  periodsBetween,
  periodStart,
  startOfDay,
} from '../../../src/core/dates.js';
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

describe('day arithmetic', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11_017],
  ])('%s is epoch day %i', (day, epochDay) => {
    expect(dayToNumber(day)).toBe(epochDay);
    expect(dayFromNumber(epochDay)).toBe(day);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-1-01', '2024-04-31', ''])('rejects %j', (day) => {
    expect(() => dayToNumber(day)).toThrow(RangeError);
  });

  it('adds days across month, leap-day and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('adds and counts months', () => {
    expect(addMonths('2024-11', 3)).toBe('2025-02');
    expect(addMonths('2024-01', -1)).toBe('2023-12');
    expect(monthsBetween('2023-11', '2025-02')).toBe(15);
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2100-02')).toBe('2100-02-28');
  });
});

describe('ISO weeks (Monday start, week-year of the Thursday)', () => {
  it.each([
    ['2024-12-30', 2025, 1], // Monday: the week holds 2025-01-02 (Thursday)
    ['2021-01-01', 2020, 53], // Friday: still 2020's 53rd week
    ['2023-01-01', 2022, 52], // Sunday ends 2022-W52
    ['2026-01-01', 2026, 1],
    ['2027-01-03', 2026, 53],
    ['2024-12-23', 2024, 52],
  ])('%s is %i-W%i', (day, year, week) => {
    expect(isoWeek(day)).toEqual({ year, week });
  });
});

describe('periodKey, periodStart, periodEnd', () => {
  it.each([
    ['2024-05-15', 'day', '2024-05-15', '2024-05-15', '2024-05-15'],
    ['2024-05-15', 'week', '2024-W20', '2024-05-13', '2024-05-19'],
    ['2025-01-01', 'week', '2025-W01', '2024-12-30', '2025-01-05'],
    ['2021-01-03', 'week', '2020-W53', '2020-12-28', '2021-01-03'],
    ['2024-02-10', 'month', '2024-02', '2024-02-01', '2024-02-29'],
    ['2024-05-15', 'quarter', '2024-Q2', '2024-04-01', '2024-06-30'],
    ['2024-12-31', 'quarter', '2024-Q4', '2024-10-01', '2024-12-31'],
    ['2024-01-01', 'quarter', '2024-Q1', '2024-01-01', '2024-03-31'],
    ['2024-07-04', 'year', '2024', '2024-01-01', '2024-12-31'],
  ] as const)('%s by %s → %s [%s, %s]', (day, granularity, key, start, end) => {
    expect(periodKey(day, granularity)).toBe(key);
    expect(periodStart(day, granularity)).toBe(start);
    expect(periodEnd(day, granularity)).toBe(end);
  });
});

describe('periodsBetween', () => {
  it('lists every month that intersects the range with full calendar bounds', () => {
    expect(periodsBetween('2024-01-15', '2024-04-02', 'month')).toEqual([
      { key: '2024-01', start: '2024-01-01', end: '2024-01-31' },
      { key: '2024-02', start: '2024-02-01', end: '2024-02-29' },
      { key: '2024-03', start: '2024-03-01', end: '2024-03-31' },
      { key: '2024-04', start: '2024-04-01', end: '2024-04-30' },
    ]);
  });

  it('crosses the ISO year boundary by weeks', () => {
    expect(periodsBetween('2024-12-25', '2025-01-08', 'week')).toEqual([
      { key: '2024-W52', start: '2024-12-23', end: '2024-12-29' },
      { key: '2025-W01', start: '2024-12-30', end: '2025-01-05' },
      { key: '2025-W02', start: '2025-01-06', end: '2025-01-12' },
    ]);
  });

  it('splits quarters and years at their boundaries', () => {
    expect(periodsBetween('2024-03-31', '2024-04-01', 'quarter').map((p) => [p.key, p.start, p.end])).toEqual([
      ['2024-Q1', '2024-01-01', '2024-03-31'],
      ['2024-Q2', '2024-04-01', '2024-06-30'],
    ]);
    expect(periodsBetween('2023-06-01', '2025-01-01', 'year').map((p) => p.key)).toEqual(['2023', '2024', '2025']);
    expect(periodsBetween('2024-02-28', '2024-03-01', 'day').map((p) => p.key)).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
  });

  it('is empty when to precedes from, even inside one period', () => {
    expect(periodsBetween('2024-01-15', '2024-01-10', 'month')).toEqual([]);
  });

  it('covers every day of the range exactly once, in order (property)', () => {
    const day = fc.integer({ min: 18_000, max: 21_000 }).map(dayFromNumber);
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 400 }), fc.constantFrom(...GRANULARITIES), (from, span, g) => {
        const to = addDays(from, span);
        const periods = periodsBetween(from, to, g);
        expect(periods[0]!.start <= from && from <= periods[0]!.end).toBe(true);
        expect(periods[periods.length - 1]!.end >= to).toBe(true);
        periods.forEach((p, i) => {
          expect(periodKey(p.start, g)).toBe(p.key);
          expect(periodKey(p.end, g)).toBe(p.key);
          if (i > 0) expect(addDays(periods[i - 1]!.end, 1)).toBe(p.start);
        });
        expect(new Set(periods.map((p) => p.key)).size).toBe(periods.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('shiftDayByMonths', () => {
  it('keeps the day of the month, or takes the last day of a shorter month', () => {
    expect(shiftDayByMonths('2026-03-18', -1)).toBe('2026-02-18');
    expect(shiftDayByMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(shiftDayByMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(shiftDayByMonths('2026-01-15', -12)).toBe('2025-01-15');
    expect(shiftDayByMonths('2025-12-31', 2)).toBe('2026-02-28');
  });
});
