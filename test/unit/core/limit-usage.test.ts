// Usage against plan limits: period windows, ratios, seats and the daily-row accumulator.
import { describe, expect, it } from 'vitest';
import { addDailyUsage, earliestWindowDay, limitRatio, limitUses, limitWindow, metricWindow, type LimitPeriod } from '../../../src/core/limit-usage.js';

describe('limit windows', () => {
  it.each([
    ['day', '2024-03-15', '2024-03-15', '2024-03-15'],
    ['month', '2024-03-15', '2024-03-01', '2024-03-15'],
    ['month', '2024-03-01', '2024-03-01', '2024-03-01'],
    ['rolling_30_days', '2024-03-15', '2024-02-15', '2024-03-15'],
    ['rolling_30_days', '2024-03-01', '2024-02-01', '2024-03-01'],
  ] as const)('%s ending %s runs from %s to %s', (period, day, from, to) => {
    expect(limitWindow(period, day)).toEqual({ from, to });
  });

  it('counts seats over the last 30 days whatever the period', () => {
    expect(metricWindow('$seats', 'day', '2024-03-15')).toEqual({ from: '2024-02-15', to: '2024-03-15' });
    expect(metricWindow('api_call', 'day', '2024-03-15')).toEqual({ from: '2024-03-15', to: '2024-03-15' });
  });

  it.each([
    ['2024-03-15', '2024-02-15'],
    ['2024-03-31', '2024-03-01'],
  ])('loads from the earliest window start (%s → %s)', (day, earliest) => {
    expect(earliestWindowDay(day)).toBe(earliest);
  });
});

describe('limitRatio and limitUses', () => {
  it.each([
    [0, 100, 0],
    [80, 100, 0.8],
    [150, 100, 1.5],
    [1, 3, 1 / 3],
  ])('%d of %d is %d', (used, limit, ratio) => {
    expect(limitRatio(used, limit)).toBe(ratio);
  });

  it('refuses a limit that is not positive', () => {
    expect(() => limitRatio(1, 0)).toThrow(RangeError);
  });

  it("takes each limit's period total, 0 for an unused event, and seats for $seats", () => {
    const usage = new Map([['api_call', { day: 5, month: 70, rolling_30_days: 90 }]]);
    const uses = limitUses([
      { metric: 'api_call', limit: 100, period: 'month' },
      { metric: 'api_call', limit: 10, period: 'day' },
      { metric: 'exports', limit: 4, period: 'rolling_30_days' },
      { metric: '$seats', limit: 5, period: 'month' },
    ], '2024-03-15', usage, 4);
    expect(uses.map((u) => [u.metric, u.period, u.from, u.used, u.ratio])).toEqual([
      ['api_call', 'month', '2024-03-01', 70, 0.7],
      ['api_call', 'day', '2024-03-15', 5, 0.5],
      ['exports', 'rolling_30_days', '2024-02-15', 0, 0],
      ['$seats', 'month', '2024-02-15', 4, 0.8],
    ]);
  });

  it('adds daily rows to the windows they fall in', () => {
    const totals = new Map<string, Record<LimitPeriod, number>>();
    for (const row of [
      { day: '2024-02-14', event: 'e', quantity: 1000 }, // outside every window
      { day: '2024-02-15', event: 'e', quantity: 100 }, // rolling only
      { day: '2024-03-01', event: 'e', quantity: 10 }, // month and rolling
      { day: '2024-03-15', event: 'e', quantity: 1 }, // all three
      { day: '2024-03-16', event: 'e', quantity: 5000 }, // after the day
    ]) addDailyUsage(totals, '2024-03-15', row);
    expect(totals.get('e')).toEqual({ day: 1, month: 11, rolling_30_days: 111 });
  });
});
