import { describe, expect, it } from 'vitest';
import type { SuccessOverviewResponse } from '@read/success-overview/contract.js';
import type { UsageResponse } from '@read/usage/contract.js';
import type { NpsFigure } from '@read/nps/contract.js';
import { adoptionMatrix, bandRows, expansionText, healthTrendRows, histogramRows, npsChange, onboardingProgress, usageByPlan, usageGranularity } from './success-view.js';
import { successTabAt } from './success-tabs.js';

const distribution = (over: Partial<SuccessOverviewResponse['distribution']> = {}): SuccessOverviewResponse['distribution'] => ({
  bands: [
    { band: 'healthy', customers: 6, mrr: 60_000 },
    { band: 'high_risk', customers: 2, mrr: 30_000 },
    { band: 'medium', customers: 2, mrr: 10_000 },
  ],
  unscored: { customers: 0, mrr: 0 },
  histogram: [],
  averageScore: 61.2,
  partial: 1,
  ...over,
});

describe('bandRows', () => {
  it('lists the bands worst first with their shares of customers and MRR', () => {
    const rows = bandRows(distribution());
    expect(rows.map((r) => r.band)).toEqual(['high_risk', 'medium', 'healthy']);
    expect(rows.map((r) => r.customerShare)).toEqual([0.2, 0.2, 0.6]);
    expect(rows.map((r) => r.mrrShare)).toEqual([0.3, 0.1, 0.6]);
  });

  it('adds the unscored paying customers as a row of their own, in the shares', () => {
    const rows = bandRows(distribution({ unscored: { customers: 10, mrr: 100_000 } }));
    expect(rows.at(-1)).toMatchObject({ band: 'unscored', customers: 10, mrr: 100_000, customerShare: 0.5, mrrShare: 0.5 });
  });

  it('shows a missing band as zero and never divides by zero', () => {
    const rows = bandRows(distribution({ bands: [] }));
    expect(rows.map((r) => [r.customers, r.customerShare, r.mrrShare])).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
  });
});

describe('histogramRows', () => {
  it.each([
    [0, 9, 'high_risk'],
    [30, 39, 'high_risk'],
    [40, 49, 'medium'],
    [60, 69, 'medium'],
    [70, 79, 'healthy'],
    [90, 100, 'healthy'],
  ] as const)('bucket %i–%i is coloured %s', (from, to, band) => {
    expect(histogramRows([{ from, to, customers: 1 }])[0]).toMatchObject({ label: `${from}–${to}`, band });
  });

  it('sorts the buckets by score and follows the workspace bands', () => {
    const rows = histogramRows([{ from: 50, to: 59, customers: 3 }, { from: 0, to: 9, customers: 1 }], { highRiskBelow: 60, healthyAbove: 80 });
    expect(rows.map((r) => [r.from, r.band])).toEqual([[0, 'high_risk'], [50, 'high_risk']]);
  });
});

describe('healthTrendRows', () => {
  it('orders the days and rounds the average to one decimal', () => {
    const rows = healthTrendRows([
      { day: '2026-03-02', averageScore: 60.04, scored: 3, high_risk: 1, medium: 1, healthy: 1 },
      { day: '2026-03-01', averageScore: null, scored: 0, high_risk: 0, medium: 0, healthy: 0 },
    ]);
    expect(rows.map((r) => [r.day, r.average])).toEqual([['2026-03-01', null], ['2026-03-02', 60]]);
    expect(rows[1]!.t).toBe(Date.UTC(2026, 2, 2));
  });
});

describe('expansionText', () => {
  it.each([
    [{ kind: 'limit_near', metric: 'API Call', used: 9_200, limit: 10_000, ratio: 0.92 }, 'API Call at 92% of the limit (9,200 of 10,000)'],
    [{ kind: 'limit_near', metric: '$seats', used: 5, limit: 5, ratio: 1 }, 'Seats at 100% of the limit (5 of 5)'],
    [{ kind: 'multi_user_single_seat', activeUsers: 3, seats: 1 }, '3 active users on a 1-seat plan'],
    [{ kind: 'power_user_entry_plan', powerUsers: 1, topUserEvents: 1_234, threshold: 900 }, '1 power user on the entry plan (top user 1,234 events in 30 days)'],
  ] as const)('%j → %s', (evidence, text) => {
    expect(expansionText(evidence, 'en-US')).toBe(text);
  });
});

describe('onboardingProgress', () => {
  it.each([
    [0, 4, 0],
    [2, 4, 0.5],
    [4, 4, 1],
    [0, 0, 0],
  ])('%i of %i milestones → %f', (completed, total, progress) => {
    expect(onboardingProgress({ completed, milestones: Array.from({ length: total }, (_, i) => ({ key: `m${i}`, reachedDay: null })) })).toBe(progress);
  });
});

describe('usageGranularity', () => {
  it.each([
    ['2026-01-01', '2026-01-30', 'day'],
    ['2026-01-01', '2026-04-02', 'day'],
    ['2026-01-01', '2026-04-03', 'week'],
    ['2025-03-19', '2026-03-18', 'week'],
    ['2024-03-19', '2026-03-18', 'month'],
  ] as const)('%s to %s → %s', (from, to, g) => {
    expect(usageGranularity(from, to)).toBe(g);
  });
});

const plan = (planId: string | null, dau: number, total: number, perUser: number | null) => ({ planId, planName: planId ? planId.toUpperCase() : null, activeUsers: 1, averageDailyActiveUsers: dau, activeAccounts: 1, totalUsage: total, averageUsagePerUser: perUser });
const usage = (periods: UsageResponse['periods'], adoption: UsageResponse['adoption'] = []): UsageResponse => ({ granularity: 'week', from: '2026-03-01', to: '2026-03-14', periods, adoption, notes: [] });

describe('usageByPlan', () => {
  it("weights daily active users by the period's days, sums usage and averages the per-user figures", () => {
    const rows = usageByPlan(usage([
      { period: 'w1', start: '2026-03-01', end: '2026-03-07', activeUsers: 3, averageDailyActiveUsers: 3, totalUsage: 100, plans: [plan('pro', 2, 80, 40), plan(null, 1, 20, 20)] },
      { period: 'w2', start: '2026-03-08', end: '2026-03-08', activeUsers: 1, averageDailyActiveUsers: 1, totalUsage: 10, plans: [plan('pro', 10, 10, null)] },
    ]));
    expect(rows).toEqual([
      { key: 'pro', planName: 'PRO', averageDailyActiveUsers: (2 * 7 + 10 * 1) / 8, totalUsage: 90, averageUsagePerUser: 40, periods: 1 },
      { key: '', planName: 'No plan', averageDailyActiveUsers: 7 / 8, totalUsage: 20, averageUsagePerUser: 20, periods: 1 },
    ]);
  });

  it('is empty without periods', () => {
    expect(usageByPlan(usage([]))).toEqual([]);
  });
});

describe('adoptionMatrix', () => {
  it('takes the most adopted features overall and each plan’s share of them, busiest plan first', () => {
    const m = adoptionMatrix([
      { planId: 'basic', planName: 'Basic', activeAccounts: 4, features: [{ event: 'Report Created', accounts: 2, share: 0.5 }] },
      { planId: 'pro', planName: 'Pro', activeAccounts: 10, features: [{ event: 'Report Created', accounts: 9, share: 0.9 }, { event: 'Export', accounts: 3, share: 0.3 }] },
      { planId: 'idle', planName: 'Idle', activeAccounts: 0, features: [] },
    ], 1);
    expect(m.features).toEqual(['Report Created']);
    expect(m.plans).toEqual([
      { key: 'pro', planName: 'Pro', activeAccounts: 10, shares: [0.9] },
      { key: 'basic', planName: 'Basic', activeAccounts: 4, shares: [0.5] },
    ]);
  });
});

const figure = (nps: number | null): NpsFigure => ({ responses: 1, promoters: 0, passives: 0, detractors: 0, nps });

describe('npsChange', () => {
  it.each([
    [42, 30, 12],
    [-10, 5, -15],
    [41.6, 41.4, 1],
    [null, 30, null],
    [30, null, null],
  ])('%s vs %s → %s points', (current, previous, change) => {
    expect(npsChange(figure(current), figure(previous))).toBe(change);
  });
});

describe('successTabAt', () => {
  it.each([
    ['/success', 'overview'],
    ['/success/', 'overview'],
    ['/success/usage', 'usage'],
    ['/success/segments', 'segments'],
    ['/success/alerts', 'alerts'],
    ['/success/nope', 'overview'],
  ])('%s → %s', (path, id) => {
    expect(successTabAt(path).id).toBe(id);
  });
});
