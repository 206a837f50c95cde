import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES, evaluateRule, ruleProblem, withDefaults, type AlertRuleKind, type AlertRuleParams, type RuleInput } from '../../../src/core/alert-rules.js';
import type { CustomerSignals, UsageSignals } from '../../../src/core/customer-signals.js';

const DAY = '2026-03-10';

function usage(overrides: Partial<UsageSignals> = {}): UsageSignals {
  return {
    activeDays30d: 20, events30d: 400, eventsPrev30d: 400, events7d: 100, eventsPrev7d: 100,
    activeUsers30d: 3, activeUsersPrev30d: 3, featuresUsed30d: ['a', 'b'], lastActiveDay: DAY, ...overrides,
  };
}

function signals(overrides: Partial<CustomerSignals> = {}): CustomerSignals {
  return {
    customerId: 'cus_1', day: DAY, planId: 'pro', mrr: 4900, mrr30DaysAgo: 4900, paying: true, tenureDays: 200,
    trialing: false, trialEndDay: null, failedPayments30d: 0, lastPaymentFailed: false, discounted: false,
    usage: usage(), support: null, survey: null, limits: [], ...overrides,
  };
}

function input(overrides: Partial<RuleInput> & { s?: Partial<CustomerSignals> } = {}): RuleInput {
  const { s, ...rest } = overrides;
  return { signals: signals(s), health: null, risk: null, tracksUsage: true, ...rest };
}

const health = (score: number) => ({
  score,
  components: [
    { key: 'usage', label: 'Usage', value: 12 },
    { key: 'engagement', label: 'Engagement', value: 30 },
    { key: 'support', label: 'Support', value: null },
  ],
});

const rule = (kind: AlertRuleKind, threshold?: number | null, params?: AlertRuleParams) => withDefaults(kind, threshold, params);

type Case = { name: string; kind: AlertRuleKind; threshold?: number | null; params?: AlertRuleParams; input: RuleInput; fires: boolean };

const CASES: Case[] = [
  // health_below: strictly below the threshold
  { name: 'health 34 < 40 fires', kind: 'health_below', input: input({ health: health(34) }), fires: true },
  { name: 'health exactly 40 does not fire', kind: 'health_below', input: input({ health: health(40) }), fires: false },
  { name: 'health 39 fires', kind: 'health_below', input: input({ health: health(39) }), fires: true },
  { name: 'no health score never fires', kind: 'health_below', input: input({ health: null }), fires: false },
  { name: 'a custom threshold of 60 fires at 59', kind: 'health_below', threshold: 60, input: input({ health: health(59) }), fires: true },
  // risk_above: strictly above
  { name: 'risk 0.51 > 0.5 fires', kind: 'risk_above', input: input({ risk: { probability: 0.51, reasons: ['MRR fell 20%'] } }), fires: true },
  { name: 'risk exactly 0.5 does not fire', kind: 'risk_above', input: input({ risk: { probability: 0.5, reasons: [] } }), fires: false },
  { name: 'a custom 0.7 rule does not fire at 0.69', kind: 'risk_above', threshold: 0.7, input: input({ risk: { probability: 0.69, reasons: [] } }), fires: false },
  { name: 'no risk score never fires', kind: 'risk_above', input: input({ risk: null }), fires: false },
  // payment_failed
  { name: 'latest payment failed fires', kind: 'payment_failed', input: input({ s: { lastPaymentFailed: true, failedPayments30d: 2 } }), fires: true },
  { name: 'an earlier failure then a success does not fire', kind: 'payment_failed', input: input({ s: { lastPaymentFailed: false, failedPayments30d: 2 } }), fires: false },
  // usage_drop: fall ≥ threshold, previous week ≥ minEvents
  { name: 'a 60% fall from 100 fires', kind: 'usage_drop', input: input({ s: { usage: usage({ eventsPrev7d: 100, events7d: 40 }) } }), fires: true },
  { name: 'exactly 50% fires', kind: 'usage_drop', input: input({ s: { usage: usage({ eventsPrev7d: 100, events7d: 50 }) } }), fires: true },
  { name: '49% does not fire', kind: 'usage_drop', input: input({ s: { usage: usage({ eventsPrev7d: 100, events7d: 51 }) } }), fires: false },
  { name: 'a 2 → 1 drop is below the minimum volume', kind: 'usage_drop', input: input({ s: { usage: usage({ eventsPrev7d: 2, events7d: 1 }) } }), fires: false },
  { name: 'previous week exactly at the minimum (20) fires', kind: 'usage_drop', input: input({ s: { usage: usage({ eventsPrev7d: 20, events7d: 0 }) } }), fires: true },
  { name: 'previous week 19 is below the minimum', kind: 'usage_drop', input: input({ s: { usage: usage({ eventsPrev7d: 19, events7d: 0 }) } }), fires: false },
  { name: 'a 30% rule fires at exactly 30% (3 of 10 lost)', kind: 'usage_drop', threshold: 0.3, params: { minEvents: 10 }, input: input({ s: { usage: usage({ eventsPrev7d: 10, events7d: 7 }) } }), fires: true },
  { name: 'usage rising never fires', kind: 'usage_drop', input: input({ s: { usage: usage({ eventsPrev7d: 100, events7d: 300 }) } }), fires: false },
  { name: 'no usage data never fires usage_drop', kind: 'usage_drop', input: input({ s: { usage: null } }), fires: false },
  // limit_near: ratio ≥ threshold
  { name: 'a limit at 92% fires', kind: 'limit_near', input: input({ s: { limits: [{ metric: 'api_calls', used: 9200, limit: 10000, ratio: 0.92 }] } }), fires: true },
  { name: 'a limit at exactly 80% fires', kind: 'limit_near', input: input({ s: { limits: [{ metric: 'api_calls', used: 8000, limit: 10000, ratio: 0.8 }] } }), fires: true },
  { name: 'a limit at 79.99% does not fire', kind: 'limit_near', input: input({ s: { limits: [{ metric: 'api_calls', used: 7999, limit: 10000, ratio: 0.7999 }] } }), fires: false },
  { name: 'no limits never fire', kind: 'limit_near', input: input({ s: { limits: [] } }), fires: false },
  { name: 'seats all in use do not fire (what the plan sold)', kind: 'limit_near', input: input({ s: { limits: [{ metric: '$seats', used: 1, limit: 1, ratio: 1 }] } }), fires: false },
  { name: 'more active people than seats fire', kind: 'limit_near', input: input({ s: { limits: [{ metric: '$seats', used: 3, limit: 2, ratio: 1.5 }] } }), fires: true },
  // trial_ending_inactive: ends within N days, fewer than M active days
  { name: 'trial ends in 3 days with 1 active day fires', kind: 'trial_ending_inactive', input: input({ s: { trialing: true, trialEndDay: '2026-03-13', usage: usage({ activeDays30d: 1 }) } }), fires: true },
  { name: 'trial ends in exactly 7 days fires', kind: 'trial_ending_inactive', input: input({ s: { trialing: true, trialEndDay: '2026-03-17', usage: usage({ activeDays30d: 0 }) } }), fires: true },
  { name: 'trial ends in 8 days does not fire yet', kind: 'trial_ending_inactive', input: input({ s: { trialing: true, trialEndDay: '2026-03-18', usage: usage({ activeDays30d: 0 }) } }), fires: false },
  { name: 'trial ending today fires', kind: 'trial_ending_inactive', input: input({ s: { trialing: true, trialEndDay: DAY, usage: usage({ activeDays30d: 2 }) } }), fires: true },
  { name: 'exactly 3 active days counts as activated', kind: 'trial_ending_inactive', input: input({ s: { trialing: true, trialEndDay: '2026-03-13', usage: usage({ activeDays30d: 3 }) } }), fires: false },
  { name: 'no usage in a workspace that tracks usage counts as inactive', kind: 'trial_ending_inactive', input: input({ s: { trialing: true, trialEndDay: '2026-03-13', usage: null } }), fires: true },
  { name: 'no usage where nothing is tracked never fires', kind: 'trial_ending_inactive', input: input({ tracksUsage: false, s: { trialing: true, trialEndDay: '2026-03-13', usage: null } }), fires: false },
  { name: 'not trialing never fires', kind: 'trial_ending_inactive', input: input({ s: { trialing: false, trialEndDay: '2026-03-13', usage: usage({ activeDays30d: 0 }) } }), fires: false },
];

describe('evaluateRule', () => {
  it.each(CASES)('$kind: $name', ({ kind, threshold, params, input: given, fires }) => {
    const outcome = evaluateRule(rule(kind, threshold, params), given);
    expect(outcome.fires).toBe(fires);
    if (outcome.fires) {
      expect(outcome.evidence.day).toBe(DAY);
      expect(outcome.evidence.sentence.length).toBeGreaterThan(10);
      expect(outcome.evidence.figures.length).toBeGreaterThan(0);
    }
  });

  it('explains a low health score with the score, the threshold and every component', () => {
    const outcome = evaluateRule(rule('health_below'), input({ health: health(34) }));
    if (!outcome.fires) throw new Error('expected the rule to fire');
    expect(outcome.evidence.sentence).toBe('Health 34 < 40: usage 12, engagement 30, support no data.');
    expect(outcome.evidence.threshold).toBe(40);
    expect(outcome.evidence.figures).toContainEqual({ key: 'health', label: 'Health score', value: 34 });
    expect(outcome.evidence.figures).toContainEqual({ key: 'component.support', label: 'Support', value: null });
  });

  it('explains a usage drop with both weeks and the fall', () => {
    const outcome = evaluateRule(rule('usage_drop'), input({ s: { usage: usage({ eventsPrev7d: 120, events7d: 30 }) } }));
    if (!outcome.fires) throw new Error('expected the rule to fire');
    expect(outcome.evidence.sentence).toContain('fell 75%');
    expect(outcome.evidence.sentence).toContain('30 events in the last 7 days against 120');
    expect(outcome.evidence.figures.find((f) => f.key === 'fall')?.value).toBe(0.75);
  });

  it('lists every limit past the threshold, the highest first', () => {
    const outcome = evaluateRule(rule('limit_near'), input({ s: { limits: [
      { metric: 'seats', used: 4, limit: 5, ratio: 0.8 },
      { metric: 'api_calls', used: 9500, limit: 10000, ratio: 0.95 },
      { metric: 'projects', used: 1, limit: 10, ratio: 0.1 },
    ] } }));
    if (!outcome.fires) throw new Error('expected the rule to fire');
    expect(outcome.evidence.sentence).toBe('api_calls at 95% of its limit (9500 of 10000); seats at 80% of its limit (4 of 5) (rule: 80% or more).');
    expect(outcome.evidence.figures.map((f) => f.key)).not.toContain('limit.projects.used');
  });

  it('names the reasons of a high churn risk, at most three', () => {
    const outcome = evaluateRule(rule('risk_above'), input({ risk: { probability: 0.825, reasons: ['a', 'b', 'c', 'd'] } }));
    if (!outcome.fires) throw new Error('expected the rule to fire');
    expect(outcome.evidence.sentence).toBe('Churn risk 82.5% > 50%: a; b; c.');
  });
});

describe('rule defaults and checks', () => {
  it('every default rule passes its own checks, one per kind', () => {
    expect(new Set(DEFAULT_ALERT_RULES.map((r) => r.kind)).size).toBe(DEFAULT_ALERT_RULES.length);
    for (const r of DEFAULT_ALERT_RULES) expect(ruleProblem(r)).toBeNull();
  });

  it('fills a missing threshold and parameters from the kind, ignoring parameters of other kinds', () => {
    expect(withDefaults('usage_drop', undefined, undefined)).toEqual({ kind: 'usage_drop', threshold: 0.5, params: { minEvents: 20 } });
    expect(withDefaults('usage_drop', 0.3, { minEvents: 5, minActiveDays: 2 })).toEqual({ kind: 'usage_drop', threshold: 0.3, params: { minEvents: 5 } });
    expect(withDefaults('payment_failed', 5, undefined).threshold).toBeNull();
  });

  it.each([
    { kind: 'health_below', threshold: 0, field: 'threshold' },
    { kind: 'health_below', threshold: 101, field: 'threshold' },
    { kind: 'risk_above', threshold: 1, field: 'threshold' },
    { kind: 'risk_above', threshold: 70, field: 'threshold' },
    { kind: 'usage_drop', threshold: 1.5, field: 'threshold' },
    { kind: 'limit_near', threshold: -0.2, field: 'threshold' },
    { kind: 'trial_ending_inactive', threshold: 2.5, field: 'threshold' },
  ] as const)('$kind with threshold $threshold is refused', ({ kind, threshold, field }) => {
    expect(ruleProblem({ kind, threshold, params: withDefaults(kind, null, undefined).params })?.field).toBe(field);
  });

  it('refuses a usage rule without a whole minimum volume and a trial rule with too many active days', () => {
    expect(ruleProblem({ kind: 'usage_drop', threshold: 0.5, params: { minEvents: 0.5 } })?.field).toBe('params');
    expect(ruleProblem({ kind: 'trial_ending_inactive', threshold: 7, params: { minActiveDays: 31 } })?.field).toBe('params');
  });
});
