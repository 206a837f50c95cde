import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHURN_RULES, MIN_CHURNED_FOR_MODEL, rulesProbability, scoreByRules } from '../../../src/core/churn-rules.js';
import { CHURN_HORIZON_DAYS } from '../../../src/core/churn-samples.js';
import { RULES_SCORER } from '../../../src/core/churn-score.js';
import type { CustomerSignals, UsageSignals } from '../../../src/core/customer-signals.js';

const DAY = '2026-03-10';
const usage = (o: Partial<UsageSignals> = {}): UsageSignals => ({
  activeDays30d: 15, events30d: 300, eventsPrev30d: 300, events7d: 70, eventsPrev7d: 70,
  activeUsers30d: 4, activeUsersPrev30d: 4, featuresUsed30d: ['a'], lastActiveDay: DAY, ...o,
});
/** A healthy customer: no rule holds. */
const signals = (o: Partial<CustomerSignals> = {}): CustomerSignals => ({
  customerId: 'cus_1', day: DAY, planId: 'pro', mrr: 10_000, mrr30DaysAgo: 10_000, paying: true, tenureDays: 365,
  trialing: false, trialEndDay: null, failedPayments30d: 0, lastPaymentFailed: false, discounted: false,
  usage: usage(), support: { opened30d: 0, open: 0, openUrgent: 0, medianFirstResponseHours: null, satisfactionAvg: null },
  survey: { latestScore: 10, latestDay: '2026-02-01' }, limits: [], ...o,
});
const support = { opened30d: 0, open: 0, openUrgent: 0, medianFirstResponseHours: null, satisfactionAvg: null };

describe('scoreByRules', () => {
  it('gives a healthy customer no points', () => {
    expect(scoreByRules(signals())).toEqual({ points: 0, probability: rulesProbability(0), hits: [] });
  });

  it.each<[string, Partial<CustomerSignals>, number, string]>([
    ['last payment failed', { lastPaymentFailed: true }, 25, 'last payment failed'],
    ['2 failed payments', { failedPayments30d: 2 }, 15, '2 failed payments in 30 days'],
    ['1 failed payment', { failedPayments30d: 1 }, 8, '1 failed payment in 30 days'],
    ['MRR down 20%', { mrr: 8_000 }, 15, 'MRR down 20% vs 30 days ago'],
    ['MRR down 19%: nothing', { mrr: 8_100 }, 0, ''],
    ['usage down 50%', { usage: usage({ events30d: 150 }) }, 20, 'usage down 50% vs previous 30 days'],
    ['usage down 30%', { usage: usage({ events30d: 210 }) }, 10, 'usage down 30% vs previous 30 days'],
    ['usage down 24%: nothing', { usage: usage({ events30d: 228 }) }, 0, ''],
    ['usage down 60% week over week', { usage: usage({ events7d: 28 }) }, 10, 'usage down 60% vs previous 7 days'],
    ['active 3 days', { usage: usage({ activeDays30d: 3 }) }, 15, 'active on 3 of the last 30 days'],
    ['active 4 days: nothing', { usage: usage({ activeDays30d: 4 }) }, 0, ''],
    ['2 of 10 seats', { limits: [{ metric: '$seats', used: 2, limit: 10, ratio: 0.2 }], usage: usage({ activeUsers30d: 2 }) }, 5, '2 of 10 seats in use'],
    ['an urgent ticket', { support: { ...support, open: 1, openUrgent: 1 } }, 10, '1 urgent open ticket'],
    ['3 tickets in 30 days', { support: { ...support, opened30d: 3 } }, 10, '3 tickets opened in 30 days'],
    ['satisfaction 2.5', { support: { ...support, satisfactionAvg: 2.5 } }, 10, 'ticket satisfaction 2.5 of 5'],
    ['a detractor', { survey: { latestScore: 6, latestDay: DAY } }, 15, 'latest NPS 6 (detractor)'],
    ['a passive', { survey: { latestScore: 8, latestDay: DAY } }, 5, 'latest NPS 8 (passive)'],
    ['paying 89 days', { tenureDays: 89 }, 10, 'customer for only 89 days'],
    ['paying 90 days: nothing', { tenureDays: 90 }, 0, ''],
    ['a discount', { discounted: true }, 5, 'on a discount'],
    ['no usage, support or NPS: nothing (missing is not bad news)', { usage: null, support: null, survey: null }, 0, ''],
  ])('%s', (_name, overrides, points, label) => {
    const score = scoreByRules(signals(overrides));
    expect(score.points).toBe(points);
    expect(score.hits.map((h) => h.label)).toEqual(label ? [label] : []);
    expect(score.probability).toBeCloseTo(rulesProbability(points), 12);
  });

  it('adds the points of every rule that holds and names the largest first', () => {
    const s = signals({ lastPaymentFailed: true, discounted: true, survey: { latestScore: 2, latestDay: DAY }, usage: usage({ events30d: 100 }) });
    const score = scoreByRules(s);
    expect(score.points).toBe(25 + 5 + 15 + 20);
    expect(score.hits.map((h) => h.points)).toEqual([25, 20, 15, 5]);
    const { reasons } = RULES_SCORER.score(s);
    expect(reasons.map((r) => r.feature)).toEqual(['last_payment_failed', 'usage_trend_30d', 'nps']);
    expect(reasons.map((r) => r.contribution)).toEqual([25, 20, 15]);
  });

  it('maps points to a rising probability: 0 → under 5%, 50 → one half, 100 → over 95%', () => {
    expect(rulesProbability(0)).toBeLessThan(0.05);
    expect(rulesProbability(50)).toBeCloseTo(0.5, 12);
    expect(rulesProbability(100)).toBeGreaterThan(0.95);
    const ladder = [0, 10, 25, 50, 75, 150].map(rulesProbability);
    expect([...ladder].sort((a, b) => a - b)).toEqual(ladder);
  });

  it('describes every rule and keeps its points positive', () => {
    for (const rule of CHURN_RULES) {
      expect(rule.points).toBeGreaterThan(0);
      expect(rule.description.length).toBeGreaterThan(5);
    }
  });
});

describe('docs/metrics.md §19', () => {
  const doc = readFileSync(new URL('../../../docs/metrics.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## 19. Churn risk'), doc.indexOf('## 20.'));

  it('lists every rule with its points, the threshold for a model and the horizon', () => {
    for (const rule of CHURN_RULES) expect(section).toContain(`| ${rule.description} | ${rule.points} |`);
    expect(section).toContain(`fewer than **${MIN_CHURNED_FOR_MODEL}** distinct churned`);
    expect(section).toContain(`within the next **${CHURN_HORIZON_DAYS} days**`);
  });
});
