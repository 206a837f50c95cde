import { describe, expect, it } from 'vitest';
import { parseRangeSelection } from '../../app/date-range.js';
import { summaryFixture } from '../metrics/fixtures.js';
import type { MetricName } from '@read/registry.js';
import type { Series } from '../metrics/series.js';
import { cardSeriesBounds, executiveCards, type CardModel } from './cards.js';

const TODAY = '2026-01-15';
const months = ['2025-10', '2025-11', '2025-12', '2026-01'];

function series(metric: MetricName, values: Array<number | null>, compare?: Array<number | null>): Series {
  return {
    metric, unit: 'money', granularity: 'month', currency: 'usd', from: '2025-10-01', to: TODAY, compare: compare ? { kind: 'previous_year', from: '2024-10-01', to: '2025-01-15' } : null,
    // Month-end points; the last is the month to date (the 15th), its comparison the same days a year earlier.
    points: values.map((value, i) => {
      const end = i === values.length - 1 ? TODAY : `${months[i]}-28`;
      const lastYear = `${Number(end.slice(0, 4)) - 1}${end.slice(4)}`;
      return { period: months[i]!, start: `${months[i]}-01`, end, value, ...(compare ? { compare: { period: lastYear.slice(0, 7), start: `${lastYear.slice(0, 7)}-01`, end: lastYear, value: compare[i]! } } : {}) };
    }),
  };
}

const allSeries = {
  mrr: series('mrr', [1_000_000, 1_100_000, 1_200_000, 1_284_700], [500_000, 550_000, 600_000, 642_350]),
  mrr_growth: series('mrr_growth', [0.05, 0.1, 0.09, 0.07]),
  arpa: series('arpa', [4_000, 4_050, 4_100, 4_118]),
  customer_churn_rate: series('customer_churn_rate', [0.03, 0.025, 0.02, 0.01]),
  nrr: series('nrr', [0.99, 1.01, 1.02, 1.0]),
};

const byKey = (cards: CardModel[]) => Object.fromEntries(cards.map((c) => [c.key, c]));

describe('executiveCards', () => {
  it('shows the live summary when the range ends today, with like-for-like trends', () => {
    const { range } = parseRangeSelection('', TODAY);
    const cards = byKey(executiveCards({ summary: summaryFixture(), series: allSeries, range, compare: 'none', locale: 'en-US' }));
    // MRR today ($12,847.00) against the same day last month ($12,212.00), not December's end.
    expect(cards.mrr).toMatchObject({ value: '$12,847.00', trendCaption: 'vs same day last month' });
    expect(cards.mrr!.trend).toMatchObject({ direction: 'up', tone: 'good', label: '+5.2%' });
    expect(cards.arr).toMatchObject({ value: '$154,164.00', trendCaption: 'vs same day last month' });
    // ARPA $41.18 against $40.71 on the same day last month.
    expect(cards.arpa!.trend?.label).toBe('+1.2%');
    expect(cards.growth).toMatchObject({ value: '+5.2%', detail: 'January 2026 to date, vs same day last month', trend: null });
    expect(cards.churn).toMatchObject({ value: '2.1%', detail: 'Last 30 days', trendCaption: 'vs the 30 days before' });
    // 2.1% over the last 30 days against 2.0% over the 30 before: up, which is bad news for churn.
    expect(cards.churn!.trend).toMatchObject({ direction: 'up', tone: 'bad', label: '+0.1 pp' });
    // What is already scheduled shows quietly beside MRR, never in it.
    expect(cards.mrr!.note).toBe('Scheduled: -$49.00 by Feb 1, 2026 (2 changes; committed MRR $12,798.00)');
    // NRR: the last complete month (December), against November.
    expect(cards.nrr).toMatchObject({ value: '102.0%', detail: 'December 2025' });
    expect(cards.nrr!.trend?.label).toBe('+1.0 pp');
    expect(cards.nrr!.explain).toMatchObject({ metric: 'churn', from: '2025-12-01', to: '2025-12-31' });
  });

  it('compares with the comparison period when one is chosen', () => {
    const { range } = parseRangeSelection('?compare=previous_year', TODAY);
    const cards = byKey(executiveCards({ summary: summaryFixture(), series: allSeries, range, compare: 'previous_year', locale: 'en-US' }));
    expect(cards.mrr!.trend?.label).toBe('+100.0%');
    expect(cards.mrr!.trendCaption).toBe('vs Jan 15, 2025 (last year)');
  });

  it('shows progress against the MRR target', () => {
    const { range } = parseRangeSelection('', TODAY);
    const summary = summaryFixture({ target: { mrrTarget: 2_000_000, progress: 0.64235, reached: false, daysToTarget: { value: 40 }, requiredDailyGrowth: { daysLeft: 16, amount: 44_707, rate: 0.028 } } });
    const mrr = executiveCards({ summary, series: allSeries, range, compare: 'none', locale: 'en-US' })[0]!;
    expect(mrr.detail).toBe('64% of $20,000.00 target');
    expect(mrr.progress).toBeCloseTo(0.64235);
  });

  it('uses the series at the end of a past range, and explains at that day', () => {
    const { range } = parseRangeSelection('?from=2025-10-01&to=2025-12-31', TODAY);
    const cards = byKey(executiveCards({ summary: summaryFixture(), series: { ...allSeries, mrr: series('mrr', [1_000_000, 1_100_000, 1_200_000]) }, range, compare: 'none', locale: 'en-US' }));
    expect(cards.mrr!.value).toBe('$12,000.00');
    expect(cards.mrr!.explain).toMatchObject({ metric: 'mrr', date: '2025-12-31' });
    expect(cards.mrr!.note).toBeUndefined();
  });

  it('is loading (no value) before the data arrive, and says why a ratio is undefined', () => {
    const { range } = parseRangeSelection('', TODAY);
    const loading = executiveCards({ summary: undefined, series: {}, range, compare: 'none' });
    expect(loading.every((c) => c.value === undefined && !c.unavailable)).toBe(true);
    const summary = summaryFixture({ growth: { mom: { value: null, reason: 'no MRR at the end of last month' }, last30Days: { value: null } } });
    const growth = executiveCards({ summary, series: allSeries, range, compare: 'none' }).find((c) => c.key === 'growth')!;
    expect(growth.unavailable).toBe('no MRR at the end of last month');
  });
});

describe('cardSeriesBounds', () => {
  it('covers at least six months for the sparklines, and longer ranges whole', () => {
    expect(cardSeriesBounds(parseRangeSelection('?range=30d', TODAY).range)).toEqual({ from: '2025-08-01', to: TODAY });
    expect(cardSeriesBounds(parseRangeSelection('?range=24m', TODAY).range)).toEqual({ from: '2024-02-01', to: TODAY });
    // The previous period is as long as the series: the range's own months.
    expect(cardSeriesBounds(parseRangeSelection('?range=30d', TODAY).range, 'previous_period')).toEqual({ from: '2025-12-01', to: TODAY });
  });
});
