import { describe, expect, it } from 'vitest';
import { summaryFixture } from '../metrics/fixtures.js';
import { endOfDayInstant, nowNote, previousWindowEnd, realtimeTiles, targetView, trendCards, trendsHeading } from './operations-model.js';

const href = (q: string) => `/customers?${q}`;

describe('realtimeTiles', () => {
  it('shows the five real-time figures with what each opens', () => {
    const tiles = realtimeTiles(summaryFixture(), href, 'en-US');
    expect(tiles.map((t) => [t.label, t.value])).toEqual([
      ['Current MRR', '$12,847.00'],
      ["Today's revenue", '$987.00'],
      ["Today's signups", '3'],
      ["Today's churn", '1'],
      ['Active trials', '21'],
    ]);
    expect(tiles[2]!.href).toBe('/customers?signupFrom=2026-01-15&signupTo=2026-01-15');
    expect(tiles[3]!.explain).toEqual({ metric: 'churned_customers', from: '2026-01-15', to: '2026-01-15', title: 'Customers who churned today' });
  });

  it('has no values while loading', () => {
    expect(realtimeTiles(undefined, href).every((t) => t.value === undefined)).toBe(true);
  });
});

describe('trendCards', () => {
  it('reads the 30-day growth, churn and trial conversion', () => {
    const cards = trendCards(summaryFixture(), 'en-US');
    expect(cards.map((c) => c.value)).toEqual(['+6.1%', '2.1%', '35.0%', '11.5 days']);
    expect(cards[2]!.detail).toBe('14 of 40 trials started 30–59 days before');
    expect(cards[0]!.explain).toMatchObject({ metric: 'net_new_mrr', from: '2025-12-17', to: '2026-01-15' });
  });

  it('compares each figure with the same figure over the 30 days before, never with another span', () => {
    const before = summaryFixture({
      growth: { mom: { value: 0.01 }, last30Days: { value: 0.04 } },
      churnRate: { value: 0.03 },
      trialConversion: { from: '2025-10-18', to: '2025-11-16', started: 30, converted: 9, rate: { value: 0.3 }, averageDaysToConvert: 9 },
    });
    const cards = trendCards(summaryFixture(), 'en-US', before);
    expect(cards.map((c) => [c.key, c.previous])).toEqual([['growth', 0.04], ['churn', 0.03], ['conversion', 0.3], ['days', 9]]);
    expect(cards.every((c) => c.raw !== c.previous)).toBe(true);
    // Without the earlier window (still loading) there is no trend to show, rather than a wrong one.
    expect(trendCards(summaryFixture(), 'en-US').every((c) => c.previous === undefined)).toBe(true);
  });

  it('says why a rate is undefined', () => {
    const s = summaryFixture({ trialConversion: { from: 'a', to: 'b', started: 0, converted: 0, rate: { value: null, reason: 'no trials started in the window' }, averageDaysToConvert: null } });
    const cards = trendCards(s);
    expect(cards[2]).toMatchObject({ value: undefined, unavailable: 'no trials started in the window' });
    expect(cards[3]).toMatchObject({ value: undefined, unavailable: 'No trial converted in the window' });
  });
});

describe('the span each panel shows', () => {
  it('heads the trends with their 30 days: the last 30, or the 30 to the range’s last day', () => {
    expect(trendsHeading({ to: '2026-03-18', endsToday: true }, 'en-GB')).toBe('Trends · last 30 days');
    expect(trendsHeading({ to: '2026-01-31', endsToday: false }, 'en-GB')).toBe('Trends · 30 days to 31 Jan 2026');
    expect(endOfDayInstant('2026-01-31')).toBe('2026-01-31T23:59:59.999Z');
    expect(previousWindowEnd('2026-01-31')).toBe('2026-01-01');
  });

  it('says the real-time tiles and the target are now when the range ends before today', () => {
    expect(nowNote({ endsToday: true }, '2026-03-18', 'en-GB')).toBeNull();
    expect(nowNote({ endsToday: false }, '2026-03-18', 'en-GB')).toBe('Now (18 Mar 2026), whatever the selected range');
  });
});

describe('targetView', () => {
  it('is "none" without a target, null while loading', () => {
    expect(targetView(undefined)).toBeNull();
    expect(targetView(summaryFixture())).toEqual({ kind: 'none' });
  });

  it('shows progress, days to target and the required daily growth', () => {
    const s = summaryFixture({ target: { mrrTarget: 2_000_000, progress: 0.64235, reached: false, daysToTarget: { value: 40 }, requiredDailyGrowth: { daysLeft: 16, amount: 44_707, rate: 0.02806 } } });
    expect(targetView(s, 'en-US')).toMatchObject({ kind: 'target', target: '$20,000.00', progressLabel: '64%', daysToTarget: '40 days', dailyAmount: '$447.07 a day', dailyRate: '+2.81% a day', daysLeft: 16 });
  });

  it('says when the target is reached or not in reach', () => {
    const reached = summaryFixture({ target: { mrrTarget: 1_000_000, progress: 1.28, reached: true, daysToTarget: { value: 0 }, requiredDailyGrowth: { daysLeft: 16, amount: 0, rate: 0 } } });
    expect(targetView(reached)).toMatchObject({ daysToTarget: 'Reached', daysToTargetNote: null });
    const stuck = summaryFixture({ target: { mrrTarget: 2_000_000, progress: 0.6, reached: false, daysToTarget: { value: null, reason: 'MRR has not grown over the last 30 days' }, requiredDailyGrowth: { daysLeft: 0, amount: null, rate: null, reason: 'the month ends today' } } });
    expect(targetView(stuck)).toMatchObject({ daysToTarget: '—', daysToTargetNote: 'MRR has not grown over the last 30 days', dailyAmount: '—', note: 'the month ends today' });
  });
});
