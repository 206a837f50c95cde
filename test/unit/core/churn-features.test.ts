import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { churnFeatures, featureContextOf, MAX_PLAN_FEATURES, relativeChange, type Feature } from '../../../src/core/churn-features.js';
import type { CustomerSignals, UsageSignals } from '../../../src/core/customer-signals.js';

const DAY = '2026-03-10';
const usage = (o: Partial<UsageSignals> = {}): UsageSignals => ({
  activeDays30d: 15, events30d: 300, eventsPrev30d: 300, events7d: 70, eventsPrev7d: 70,
  activeUsers30d: 4, activeUsersPrev30d: 4, featuresUsed30d: ['a'], lastActiveDay: DAY, ...o,
});
const signals = (o: Partial<CustomerSignals> = {}): CustomerSignals => ({
  customerId: 'cus_1', day: DAY, planId: 'pro', mrr: 10_000, mrr30DaysAgo: 10_000, paying: true, tenureDays: 365,
  trialing: false, trialEndDay: null, failedPayments30d: 0, lastPaymentFailed: false, discounted: false,
  usage: usage(), support: { opened30d: 1, open: 1, openUrgent: 0, medianFirstResponseHours: 2, satisfactionAvg: 4.5 },
  survey: { latestScore: 9, latestDay: '2026-02-01' }, limits: [], ...o,
});
const CONTEXT = { plans: ['basic', 'pro'] };
const byName = (fs: Feature[]) => new Map(fs.map((f) => [f.name, f]));
const feature = (s: CustomerSignals, name: string) => byName(churnFeatures(s, CONTEXT)).get(name)!;

describe('relativeChange', () => {
  it.each([
    [50, 100, -0.5], [150, 100, 0.5], [0, 100, -1], [1000, 100, 2], [0, 0, 0], [5, 0, 2], [100, 100, 0],
  ])('%d vs %d → %d', (now, before, expected) => {
    expect(relativeChange(now, before)).toBeCloseTo(expected, 10);
  });
});

describe('churnFeatures', () => {
  it.each<[string, Partial<CustomerSignals>, string, number, string]>([
    ['MRR down a third', { mrr: 6_000, mrr30DaysAgo: 9_000 }, 'mrr_trend_30d', -1 / 3, 'MRR down 33% vs 30 days ago'],
    ['MRR new this month', { mrr: 6_000, mrr30DaysAgo: 0 }, 'mrr_trend_30d', 0, 'no MRR 30 days ago'],
    ['two failed payments', { failedPayments30d: 2 }, 'failed_payments_30d', 2, '2 failed payments in 30 days'],
    ['one failed payment', { failedPayments30d: 1 }, 'failed_payments_30d', 1, '1 failed payment in 30 days'],
    ['last payment failed', { lastPaymentFailed: true }, 'last_payment_failed', 1, 'last payment failed'],
    ['usage down 42%', { usage: usage({ events30d: 58, eventsPrev30d: 100 }) }, 'usage_trend_30d', -0.42, 'usage down 42% vs previous 30 days'],
    ['usage up week over week', { usage: usage({ events7d: 150, eventsPrev7d: 100 }) }, 'usage_trend_7d', 0.5, 'usage up 50% vs previous 7 days'],
    ['active days', { usage: usage({ activeDays30d: 3 }) }, 'active_days_share_30d', 0.1, 'active on 3 of the last 30 days'],
    ['seats vs the plan limit', { limits: [{ metric: '$seats', used: 2, limit: 10, ratio: 0.2 }], usage: usage({ activeUsers30d: 2 }) }, 'seat_utilisation', 0.2, '2 of 10 seats in use'],
    ['seats vs the previous 30 days', { usage: usage({ activeUsers30d: 2, activeUsersPrev30d: 4 }) }, 'seat_utilisation', 0.5, '2 active users vs 4 the previous 30 days'],
    ['urgent tickets', { support: { opened30d: 4, open: 3, openUrgent: 2, medianFirstResponseHours: null, satisfactionAvg: 2.5 } }, 'urgent_open_tickets', 2, '2 urgent open tickets'],
    ['satisfaction', { support: { opened30d: 4, open: 3, openUrgent: 2, medianFirstResponseHours: null, satisfactionAvg: 2.5 } }, 'satisfaction', 2.5, 'ticket satisfaction 2.5 of 5'],
    ['a detractor', { survey: { latestScore: 3, latestDay: '2026-03-01' } }, 'nps', 3, 'latest NPS 3 (detractor, 2026-03-01)'],
    ['tenure', { tenureDays: 45 }, 'tenure_log_days', Math.log1p(45), 'customer for 45 days'],
    ['never paid: tenure 0', { tenureDays: null }, 'tenure_log_days', 0, 'customer for 0 days'],
    ['discount', { discounted: true }, 'discounted', 1, 'on a discount'],
  ])('%s', (_name, overrides, name, value, label) => {
    const f = feature(signals(overrides), name);
    expect(f.value).toBeCloseTo(value, 10);
    expect(f.label).toBe(label);
  });

  it.each<[string, Partial<CustomerSignals>, string, Record<string, number>]>([
    ['no usage', { usage: null }, 'usage_missing', { usage_trend_30d: 0, usage_trend_7d: 0, active_days_share_30d: 0.5, seat_utilisation: 1 }],
    ['no support feed', { support: null }, 'support_missing', { open_tickets: 0, urgent_open_tickets: 0, tickets_opened_30d: 0, satisfaction: 4 }],
    ['no NPS answer', { survey: null }, 'nps_missing', { nps: 7 }],
  ])('a missing group (%s) gives neutral values and its indicator', (_name, overrides, indicator, neutral) => {
    const present = byName(churnFeatures(signals(), CONTEXT));
    const missing = byName(churnFeatures(signals(overrides), CONTEXT));
    expect(present.get(indicator)!.value).toBe(0);
    expect(missing.get(indicator)!.value).toBe(1);
    for (const [name, value] of Object.entries(neutral)) expect(missing.get(name)!.value).toBe(value);
  });

  it('one-hot encodes the plan over the context, others as plan:other', () => {
    const plans = (planId: string | null) => churnFeatures(signals({ planId }), CONTEXT).filter((f) => f.name.startsWith('plan:')).map((f) => [f.name, f.value]);
    expect(plans('pro')).toEqual([['plan:basic', 0], ['plan:pro', 1], ['plan:other', 0]]);
    expect(plans('enterprise')).toEqual([['plan:basic', 0], ['plan:pro', 0], ['plan:other', 1]]);
    expect(plans(null)).toEqual([['plan:basic', 0], ['plan:pro', 0], ['plan:other', 1]]);
  });

  it('has the same names in the same order whatever is missing, and never a NaN', () => {
    const names = churnFeatures(signals(), CONTEXT).map((f) => f.name);
    const count = fc.nat({ max: 1_000_000 });
    fc.assert(fc.property(
      fc.record({ mrr: count, mrr30DaysAgo: count, failedPayments30d: fc.nat({ max: 50 }), tenureDays: fc.option(fc.nat({ max: 5000 })) }),
      fc.option(fc.record({ activeDays30d: fc.nat({ max: 30 }), events30d: count, eventsPrev30d: count, events7d: count, eventsPrev7d: count, activeUsers30d: fc.nat({ max: 500 }), activeUsersPrev30d: fc.nat({ max: 500 }) })),
      fc.option(fc.record({ opened30d: fc.nat({ max: 99 }), open: fc.nat({ max: 99 }), openUrgent: fc.nat({ max: 99 }), satisfactionAvg: fc.option(fc.double({ min: 1, max: 5, noNaN: true })) })),
      fc.option(fc.nat({ max: 10 })),
      fc.option(fc.integer({ min: 1, max: 100 })),
      (base, u, t, nps, seats) => {
        const s = signals({
          ...base,
          usage: u ? usage(u) : null,
          support: t ? { ...t, medianFirstResponseHours: null } : null,
          survey: nps === null ? null : { latestScore: nps, latestDay: DAY },
          limits: seats === null ? [] : [{ metric: '$seats', used: 1, limit: seats, ratio: 1 / seats }],
        });
        const fs = churnFeatures(s, CONTEXT);
        expect(fs.map((f) => f.name)).toEqual(names);
        for (const f of fs) expect(Number.isFinite(f.value)).toBe(true);
      },
    ));
  });
});

describe('featureContextOf', () => {
  it('keeps the most common plans (ties by id), sorted, at most MAX_PLAN_FEATURES', () => {
    const ids = ['b', 'a', 'a', 'c', null, 'b', 'd', ...Array.from({ length: 20 }, (_, i) => `x${i}`)];
    const { plans } = featureContextOf(ids);
    expect(plans).toHaveLength(MAX_PLAN_FEATURES);
    expect(plans).toContain('a');
    expect(plans).toContain('b');
    expect(plans).toEqual([...plans].sort());
    expect(featureContextOf([...ids].reverse())).toEqual({ plans });
  });
});
