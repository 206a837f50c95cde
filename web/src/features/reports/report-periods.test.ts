import { describe, expect, it } from 'vitest';
import { addDays, periodEnd, periodKey } from '@core/dates.js';
import { lastCompletePeriodKey, periodFirstDay, periodLabel, periodOptions, type ReportGranularity } from './report-periods.js';

describe('lastCompletePeriodKey', () => {
  // 2026-03-18 is a Wednesday; 2026-01-01 a Thursday (so its week is 2026-W01).
  it.each<[ReportGranularity, string, string]>([
    ['day', '2026-03-18', '2026-03-17'],
    ['day', '2026-01-01', '2025-12-31'],
    ['week', '2026-03-18', '2026-W11'],
    ['week', '2026-03-16', '2026-W11'],
    ['week', '2026-01-05', '2026-W01'],
    ['month', '2026-03-18', '2026-02'],
    ['month', '2026-01-31', '2025-12'],
    ['quarter', '2026-03-18', '2025-Q4'],
    ['quarter', '2026-04-01', '2026-Q1'],
  ])('%s on %s → %s', (granularity, today, key) => {
    expect(lastCompletePeriodKey(granularity, today)).toBe(key);
  });

  it('is over on the day asked about, and the period right after it is the one holding that day', () => {
    for (const granularity of ['day', 'week', 'month', 'quarter'] as const) {
      for (let day = '2025-12-20'; day <= '2026-01-10'; day = addDays(day, 1)) {
        const first = periodFirstDay(granularity, lastCompletePeriodKey(granularity, day))!;
        const last = periodEnd(first, granularity);
        expect(last < day).toBe(true);
        expect(periodKey(addDays(last, 1), granularity)).toBe(periodKey(day, granularity));
      }
    }
  });
});

describe('periodFirstDay', () => {
  it.each<[ReportGranularity, string, string | null]>([
    ['day', '2026-02-28', '2026-02-28'],
    ['day', '2026-02-30', null],
    ['week', '2026-W01', '2025-12-29'],
    ['week', '2020-W53', '2020-12-28'],
    ['week', '2026-W53', '2026-12-28'],
    ['week', '2025-W53', null],
    ['month', '2026-13', null],
    ['month', '2026-11', '2026-11-01'],
    ['quarter', '2026-Q3', '2026-07-01'],
    ['quarter', '2026-Q5', null],
    ['month', '2026-W11', null],
  ])('%s %s → %s', (granularity, key, first) => {
    expect(periodFirstDay(granularity, key)).toBe(first);
  });

  it('round-trips every key the date module makes', () => {
    for (const granularity of ['day', 'week', 'month', 'quarter'] as const) {
      for (let day = '2020-12-01'; day <= '2021-02-01'; day = addDays(day, 3)) {
        const key = periodKey(day, granularity);
        expect(periodKey(periodFirstDay(granularity, key)!, granularity)).toBe(key);
      }
    }
  });
});

describe('periodLabel', () => {
  it.each<[ReportGranularity, string, string]>([
    ['day', '2026-03-17', 'Tue, Mar 17, 2026'],
    ['week', '2026-W11', 'Week 11 · Mar 9 – 15, 2026'],
    ['week', '2026-W01', 'Week 1 · Dec 29, 2025 – Jan 4, 2026'],
    ['month', '2026-02', 'February 2026'],
    ['quarter', '2025-Q4', 'Q4 2025'],
    ['month', 'nonsense', 'nonsense'],
  ])('%s %s → %s', (granularity, key, label) => {
    // Intl may put thin or non-breaking spaces around the range dash.
    expect(periodLabel(granularity, key, 'en-US').replace(/[\u2009\u202f\u00a0]/g, ' ')).toBe(label);
  });
});

describe('periodOptions', () => {
  it('lists the current period (so far), then the last complete one and those before it, newest first', () => {
    const options = periodOptions('month', '2026-02', { today: '2026-03-18', locale: 'en-US' });
    expect(options.slice(0, 3)).toEqual([
      { key: '2026-03', label: 'March 2026 (so far)' },
      { key: '2026-02', label: 'February 2026' },
      { key: '2026-01', label: 'January 2026' },
    ]);
    expect(new Set(options.map((o) => o.key)).size).toBe(options.length);
    expect(options.length).toBe(25);
  });

  it('weeks step back seven days across a year boundary', () => {
    const keys = periodOptions('week', '2026-W02').map((o) => o.key);
    expect(keys.slice(0, 4)).toEqual(['2026-W02', '2026-W01', '2025-W52', '2025-W51']);
  });

  it('keeps a selected period that is older than the list', () => {
    const keys = periodOptions('day', '2026-03-17', { selected: '2024-01-05' }).map((o) => o.key);
    expect(keys.at(-1)).toBe('2024-01-05');
    expect(periodOptions('day', '2026-03-17', { selected: '2026-03-10' }).filter((o) => o.key === '2026-03-10')).toHaveLength(1);
  });

  it('offers nothing for a default that is not a period of the granularity', () => {
    expect(periodOptions('week', '2026-02')).toEqual([]);
  });
});
