import { describe, expect, it } from 'vitest';
import { summaryFixture } from '../metrics/fixtures.js';
import { realtimeTiles, targetView, trendCards } from './operations-model.js';

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
    expect(cards[2]!.detail).toBe('14 of 40 trials started 30–59 days ago');
    expect(cards[0]!.explain).toMatchObject({ metric: 'net_new_mrr', from: '2025-12-17', to: '2026-01-15' });
  });

  it('says why a rate is undefined', () => {
    const s = summaryFixture({ trialConversion: { from: 'a', to: 'b', started: 0, converted: 0, rate: { value: null, reason: 'no trials started in the window' }, averageDaysToConvert: null } });
    const cards = trendCards(s);
    expect(cards[2]).toMatchObject({ value: undefined, unavailable: 'no trials started in the window' });
    expect(cards[3]).toMatchObject({ value: undefined, unavailable: 'No trial converted in the window' });
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
