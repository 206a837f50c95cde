import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CustomerSignals, SupportSignals, UsageSignals } from '../../../src/core/customer-signals.js';
import {
  adoptionComponent, computeHealth, engagementComponent, paymentComponent, supportComponent, usageComponent, weightedScore,
} from '../../../src/core/health.js';
import { bandOf, DEFAULT_SUCCESS_SETTINGS, HEALTH_COMPONENTS, successSettingsSchema, type SuccessSettings } from '../../../src/core/success-settings.js';

const DAY = '2026-03-10';
const P = DEFAULT_SUCCESS_SETTINGS.components;

function usage(overrides: Partial<UsageSignals> = {}): UsageSignals {
  return {
    activeDays30d: 20, events30d: 400, eventsPrev30d: 400, events7d: 100, eventsPrev7d: 100,
    activeUsers30d: 3, activeUsersPrev30d: 3, featuresUsed30d: ['a', 'b'], lastActiveDay: DAY, ...overrides,
  };
}
const noTickets: SupportSignals = { opened30d: 0, open: 0, openUrgent: 0, medianFirstResponseHours: null, satisfactionAvg: null };

function signals(overrides: Partial<CustomerSignals> = {}): CustomerSignals {
  return {
    customerId: 'cus_1', day: DAY, planId: 'pro', mrr: 4900, mrr30DaysAgo: 4900, paying: true, tenureDays: 200,
    trialing: false, trialEndDay: null, failedPayments30d: 0, lastPaymentFailed: false, discounted: false,
    usage: usage(), support: noTickets, survey: null, limits: [], ...overrides,
  };
}
const seats = (used: number, limit: number) => [{ metric: '$seats', used, limit, ratio: used / limit }];

describe('usage component', () => {
  // Linear from a 50% fall (0) to a 20% rise (100): flat usage is 50/70 = 71.4.
  it.each([
    { name: 'flat', u: { events30d: 400, eventsPrev30d: 400 }, value: 71.4, text: 'events +0% vs previous 30 days (400 vs 400)' },
    { name: 'fall of exactly 50%', u: { events30d: 200, eventsPrev30d: 400 }, value: 0, text: 'events −50% vs previous 30 days (200 vs 400)' },
    { name: 'fall of 35%', u: { events30d: 260, eventsPrev30d: 400 }, value: 21.4, text: 'events −35% vs previous 30 days (260 vs 400)' },
    { name: 'fall beyond 50%', u: { events30d: 10, eventsPrev30d: 400 }, value: 0, text: 'events −98% vs previous 30 days (10 vs 400)' },
    { name: 'rise of exactly 20%', u: { events30d: 480, eventsPrev30d: 400 }, value: 100, text: 'events +20% vs previous 30 days (480 vs 400)' },
    { name: 'rise beyond 20%', u: { events30d: 4000, eventsPrev30d: 400 }, value: 100, text: 'events +900% vs previous 30 days (4000 vs 400)' },
    { name: 'new usage', u: { events30d: 7, eventsPrev30d: 0 }, value: 100, text: '7 events in 30 days, none in the previous 30' },
    { name: 'nothing for 60 days', u: { events30d: 0, eventsPrev30d: 0 }, value: 0, text: 'no events in the last 60 days' },
  ])('$name', ({ u, value, text }) => {
    expect(usageComponent(signals({ usage: usage(u) }), P.usage)).toEqual({ value, explanation: text });
  });

  it.each([
    // 60% seat share of trend 71.4…, 40% of min(1, ratio / 0.8).
    { used: 4, limit: 5, value: 82.9 }, // ratio 0.8: seat part 100 → 0.6 × 71.43 + 40 = 82.86
    { used: 5, limit: 5, value: 82.9 }, // above target: capped at 100
    { used: 2, limit: 5, value: 62.9 }, // ratio 0.4: seat part 50 → 42.86 + 20
  ])('with a seat limit: $used of $limit seats', ({ used, limit, value }) => {
    const result = usageComponent(signals({ limits: seats(used, limit) }), P.usage);
    expect(result.value).toBe(value);
    expect(result.explanation).toContain(`${used} of ${limit} seats used`);
  });

  it('seat share 0 ignores the seats; no usage signals: no data', () => {
    expect(usageComponent(signals({ limits: seats(1, 10) }), { ...P.usage, seatShare: 0 }).value).toBe(71.4);
    expect(usageComponent(signals({ usage: null }), P.usage).value).toBeNull();
  });
});

describe('engagement component', () => {
  it.each([
    { name: 'target days, users kept', u: { activeDays30d: 20, activeUsers30d: 3, activeUsersPrev30d: 3 }, value: 100 },
    { name: 'above target', u: { activeDays30d: 30, activeUsers30d: 9, activeUsersPrev30d: 3 }, value: 100 },
    { name: 'half the days, users kept', u: { activeDays30d: 10, activeUsers30d: 3, activeUsersPrev30d: 3 }, value: 70 },
    { name: '14 days, 4 of 5 users', u: { activeDays30d: 14, activeUsers30d: 4, activeUsersPrev30d: 5 }, value: 74 }, // 0.6 × 0.7 + 0.4 × 0.8
    { name: 'no one before, someone now', u: { activeDays30d: 0, activeUsers30d: 1, activeUsersPrev30d: 0 }, value: 40 },
    { name: 'nobody, no days', u: { activeDays30d: 0, activeUsers30d: 0, activeUsersPrev30d: 0 }, value: 0 },
    { name: 'all users lost', u: { activeDays30d: 20, activeUsers30d: 0, activeUsersPrev30d: 4 }, value: 60 },
  ])('$name', ({ u, value }) => {
    expect(engagementComponent(signals({ usage: usage(u) }), P.engagement).value).toBe(value);
  });

  it('explains with the numbers', () => {
    expect(engagementComponent(signals({ usage: usage({ activeDays30d: 14, activeUsers30d: 4, activeUsersPrev30d: 5 }) }), P.engagement).explanation)
      .toBe('14 of 30 days active (target 20); 4 active users (5 in the previous 30 days)');
    expect(engagementComponent(signals({ usage: null }), P.engagement).value).toBeNull();
  });
});

describe('support component', () => {
  const t = (o: Partial<SupportSignals>): SupportSignals => ({ ...noTickets, ...o });
  it.each([
    { name: 'no tickets', support: noTickets, survey: null, value: 100 },
    { name: 'two open, one urgent', support: t({ open: 2, openUrgent: 1 }), survey: null, value: 65 },
    { name: 'slow responses', support: t({ medianFirstResponseHours: 30 }), survey: null, value: 85 },
    { name: 'response exactly on target', support: t({ medianFirstResponseHours: 24 }), survey: null, value: 100 },
    { name: 'unhappy (1/5)', support: t({ open: 1, satisfactionAvg: 1 }), survey: null, value: 70 },
    { name: 'happy (5/5) cannot exceed 100', support: t({ satisfactionAvg: 5 }), survey: null, value: 100 },
    { name: 'floor at 0', support: t({ open: 10, openUrgent: 10 }), survey: null, value: 0 },
    { name: 'NPS alone', support: null, survey: { latestScore: 6, latestDay: DAY }, value: 60 },
    { name: 'tickets and NPS', support: t({ open: 1 }), survey: { latestScore: 0, latestDay: DAY }, value: 63 }, // 0.7 × 90 + 0.3 × 0
    { name: 'nothing at all', support: null, survey: null, value: null },
  ])('$name', ({ support, survey, value }) => {
    expect(supportComponent(signals({ support, survey }), P.support).value).toBe(value);
  });

  it('explains with the numbers', () => {
    const s = signals({ support: t({ open: 2, openUrgent: 1, medianFirstResponseHours: 30.04, satisfactionAvg: 4.25 }), survey: { latestScore: 9, latestDay: '2026-03-01' } });
    expect(supportComponent(s, P.support).explanation).toBe('2 open tickets (1 urgent); median first response 30 h (target 24 h); satisfaction 4.3/5; NPS 9 (2026-03-01)');
  });
});

describe('payment component', () => {
  it.each([
    { name: 'clean', s: {}, value: 100, text: 'no failed payments in 30 days' },
    { name: 'one failure, recovered', s: { failedPayments30d: 1 }, value: 80, text: '1 failed payment in 30 days' },
    { name: 'failing now', s: { failedPayments30d: 2, lastPaymentFailed: true }, value: 30, text: '2 failed payments in 30 days; the latest payment failed' },
    { name: 'only three failures count', s: { failedPayments30d: 9, lastPaymentFailed: true }, value: 10, text: '9 failed payments in 30 days; the latest payment failed' },
    { name: 'discounted', s: { discounted: true }, value: 90, text: 'no failed payments in 30 days; on a discount' },
    { name: 'churned, paid before', s: { paying: false, mrr: 0 }, value: 100, text: 'no failed payments in 30 days' },
    { name: 'never paid (a trial)', s: { paying: false, mrr: 0, tenureDays: null, trialing: true }, value: null, text: 'no payment history: the customer has never paid' },
    { name: 'never paid, first attempt failed', s: { paying: false, mrr: 0, tenureDays: null, failedPayments30d: 1, lastPaymentFailed: true }, value: 50, text: '1 failed payment in 30 days; the latest payment failed' },
  ])('$name', ({ s, value, text }) => {
    expect(paymentComponent(signals(s), P.payment)).toEqual({ value, explanation: text });
  });
});

describe('adoption component', () => {
  it.each([
    { keys: ['a', 'b'], used: ['a', 'b', 'c'], value: 100, text: '2 of 2 key features used in 30 days' },
    { keys: ['a', 'b', 'c'], used: ['a'], value: 33.3, text: '1 of 3 key features used in 30 days (not: b, c)' },
    { keys: ['x'], used: [], value: 0, text: '0 of 1 key feature used in 30 days (not: x)' },
    { keys: ['a', 'a'], used: ['a'], value: 100, text: '1 of 1 key feature used in 30 days' },
    { keys: [], used: ['a'], value: null, text: 'no key features: the workspace tracked no events in the last 30 days' },
  ])('$keys used $used', ({ keys, used, value, text }) => {
    expect(adoptionComponent(signals({ usage: usage({ featuresUsed30d: used }) }), keys)).toEqual({ value, explanation: text });
  });
});

describe('score, renormalisation, partial and bands', () => {
  const ctx = { settings: DEFAULT_SUCCESS_SETTINGS, keyFeatures: ['a', 'b', 'c', 'd'] };

  it('all five components: the weighted mean', () => {
    // usage 71.4, engagement 100, support 100, payment 100, adoption 50.
    const h = computeHealth(signals(), ctx);
    expect(h.components.map((c) => [c.name, c.weight, c.value])).toEqual([
      ['usage', 30, 71.4], ['engagement', 25, 100], ['support', 20, 100], ['payment', 15, 100], ['adoption', 10, 50],
    ]);
    expect(h).toMatchObject({ score: Math.round((30 * 71.4 + 25 * 100 + 20 * 100 + 15 * 100 + 10 * 50) / 100), band: 'healthy', partial: false, missing: [] });
  });

  it('no usage data: the three usage components are left out and the others reweighted, never 0', () => {
    const h = computeHealth(signals({ usage: null, support: { ...noTickets, open: 2, openUrgent: 1 } }), ctx);
    // support 65 (weight 20), payment 100 (weight 15): (20 × 65 + 15 × 100) / 35 = 80.
    expect(h).toMatchObject({ score: 80, band: 'healthy', partial: true, missing: ['usage', 'engagement', 'adoption'] });
    expect(h.components.find((c) => c.name === 'usage')).toMatchObject({ value: null, weight: 30 });
  });

  it('no component has data: no score', () => {
    const h = computeHealth(signals({ usage: null, support: null, paying: false, tenureDays: null }), ctx);
    expect(h).toMatchObject({ score: null, band: null, partial: true, missing: [...HEALTH_COMPONENTS] });
  });

  it('a component weighted 0 is switched off, not missing', () => {
    const settings: SuccessSettings = { ...DEFAULT_SUCCESS_SETTINGS, weights: { usage: 40, engagement: 30, support: 0, payment: 20, adoption: 10 } };
    const h = computeHealth(signals({ support: null }), { settings, keyFeatures: ['a'] });
    expect(h.partial).toBe(false);
    expect(h.missing).toEqual([]);
  });

  it.each([
    { score: 0, band: 'high_risk' }, { score: 39, band: 'high_risk' }, { score: 40, band: 'medium' },
    { score: 70, band: 'medium' }, { score: 71, band: 'healthy' }, { score: 100, band: 'healthy' }, { score: null, band: null },
  ])('band of $score is $band', ({ score, band }) => {
    expect(bandOf(score, DEFAULT_SUCCESS_SETTINGS.bands)).toBe(band);
  });

  it('bands move with the settings', () => {
    expect(bandOf(50, { highRiskBelow: 60, healthyAbove: 80 })).toBe('high_risk');
    expect(bandOf(50, { highRiskBelow: 30, healthyAbove: 45 })).toBe('healthy');
  });

  it('weightedScore rounds the mean and ignores zero weights and missing values', () => {
    expect(weightedScore([{ weight: 30, value: 50 }, { weight: 10, value: null }, { weight: 0, value: 0 }, { weight: 10, value: 100 }])).toBe(63);
    expect(weightedScore([{ weight: 10, value: null }])).toBeNull();
  });
});

describe('settings validation', () => {
  const bad = (change: (s: SuccessSettings) => void) => {
    const s = structuredClone(DEFAULT_SUCCESS_SETTINGS);
    change(s);
    const r = successSettingsSchema.safeParse(s);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it.each([
    { name: 'weights that do not sum to 100', change: (s: SuccessSettings) => { s.weights.usage = 25; }, issue: 'weights: weights must sum to 100 (got 95)' },
    { name: 'weights above 100 in total', change: (s: SuccessSettings) => { s.weights.adoption = 20; }, issue: 'weights: weights must sum to 100 (got 110)' },
    { name: 'a negative weight', change: (s: SuccessSettings) => { s.weights.usage = -5; s.weights.engagement = 60; }, issue: 'weights.usage:' },
    { name: 'a fractional weight', change: (s: SuccessSettings) => { s.weights.usage = 29.5; s.weights.engagement = 25.5; }, issue: 'weights.usage:' },
    { name: 'bands out of order', change: (s: SuccessSettings) => { s.bands.highRiskBelow = 80; }, issue: 'bands.highRiskBelow: must not be above bands.healthyAbove (80 > 70)' },
    { name: 'a duplicate milestone key', change: (s: SuccessSettings) => { s.onboarding.milestones[1]!.key = 'account_created'; }, issue: 'onboarding.milestones.1.key: duplicate milestone key "account_created"' },
    { name: 'a bad milestone key', change: (s: SuccessSettings) => { s.onboarding.milestones[0]!.key = 'Has Spaces'; }, issue: 'onboarding.milestones.0.key: must be 1–50 of a-z, 0-9, _ and -' },
    { name: 'a seat target above 1', change: (s: SuccessSettings) => { s.components.usage.seatTarget = 1.5; }, issue: 'components.usage.seatTarget:' },
  ])('refuses $name', ({ change, issue }) => {
    expect(bad(change).some((i) => i.startsWith(issue))).toBe(true);
  });
  it('accepts the defaults', () => {
    expect(bad(() => undefined)).toEqual([]);
  });
});

describe('properties', () => {
  const usageArb = fc.record({
    activeDays30d: fc.integer({ min: 0, max: 30 }), events30d: fc.nat(10_000), eventsPrev30d: fc.nat(10_000), events7d: fc.nat(3000), eventsPrev7d: fc.nat(3000),
    activeUsers30d: fc.nat(50), activeUsersPrev30d: fc.nat(50), featuresUsed30d: fc.subarray(['a', 'b', 'c', 'd', 'e']), lastActiveDay: fc.constant(DAY),
  });
  const signalsArb = fc.record({
    usage: fc.option(usageArb),
    support: fc.option(fc.record({
      opened30d: fc.nat(20), open: fc.nat(10), openUrgent: fc.nat(5),
      medianFirstResponseHours: fc.option(fc.double({ min: 0, max: 500, noNaN: true })), satisfactionAvg: fc.option(fc.double({ min: 1, max: 5, noNaN: true })),
    })),
    survey: fc.option(fc.record({ latestScore: fc.integer({ min: 0, max: 10 }), latestDay: fc.constant(DAY) })),
    paying: fc.boolean(), tenureDays: fc.option(fc.nat(2000)), failedPayments30d: fc.nat(10), lastPaymentFailed: fc.boolean(), discounted: fc.boolean(),
    limits: fc.option(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 40 })).map(([u, l]) => seats(u, l)), { nil: [] }),
  }).map((o) => signals(o));
  const weightsArb = fc.tuple(fc.nat(100), fc.nat(100), fc.nat(100), fc.nat(100)).map((cuts) => {
    const [a, b, c, d] = [...cuts].sort((x, y) => x - y) as [number, number, number, number];
    return { usage: a, engagement: b - a, support: c - b, payment: d - c, adoption: 100 - d };
  });

  it('the score is within 0–100 and is the weighted mean of the components with data', () => {
    fc.assert(fc.property(signalsArb, weightsArb, fc.subarray(['a', 'b', 'c', 'x']), (s, weights, keys) => {
      const h = computeHealth(s, { settings: { ...DEFAULT_SUCCESS_SETTINGS, weights }, keyFeatures: keys });
      const present = h.components.filter((c) => c.value !== null && c.weight > 0);
      for (const c of h.components) if (c.value !== null) expect(c.value >= 0 && c.value <= 100).toBe(true);
      if (present.length === 0) {
        expect(h.score).toBeNull();
        return;
      }
      const mean = present.reduce((t, c) => t + c.weight * c.value!, 0) / present.reduce((t, c) => t + c.weight, 0);
      expect(h.score).toBe(Math.round(mean));
      expect(h.score).toBeGreaterThanOrEqual(0);
      expect(h.score).toBeLessThanOrEqual(100);
      expect(h.partial).toBe(h.missing.length > 0);
    }), { numRuns: 500 });
  });
});
