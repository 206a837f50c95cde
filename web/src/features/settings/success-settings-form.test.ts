import { describe, expect, it } from 'vitest';
import { limitProblems } from './plan-limits-form.js';
import { ruleForm, ruleInput } from './alert-rule-form.js';
import { bandProblems, milestoneKey, milestoneProblems, parseWeights, weightInputs } from './success-settings-form.js';

const DEFAULT = { usage: 30, engagement: 25, support: 20, payment: 15, adoption: 10 };

describe('parseWeights', () => {
  it('accepts whole percentages that add up to 100', () => {
    expect(parseWeights(weightInputs(DEFAULT))).toEqual({ weights: DEFAULT, sum: 100, problems: [] });
  });

  it.each([
    [{ usage: '31' }, 101, 'The weights add up to 101: they must add up to 100 (1 too many).'],
    [{ usage: '20' }, 90, 'The weights add up to 90: they must add up to 100 (10 missing).'],
  ])('%j sums to %i and says by how much it is off', (patch, sum, message) => {
    const result = parseWeights({ ...weightInputs(DEFAULT), ...patch });
    expect(result.weights).toBeNull();
    expect(result.sum).toBe(sum);
    expect(result.problems).toEqual([{ path: 'weights', message }]);
  });

  it.each(['', '12.5', '-1', '101', 'x'])('refuses %j for a weight, naming the component', (text) => {
    const result = parseWeights({ ...weightInputs(DEFAULT), support: text });
    expect(result.problems[0]).toMatchObject({ path: 'weights.support' });
    expect(result.weights).toBeNull();
  });
});

describe('bandProblems', () => {
  it.each([
    [{ highRiskBelow: 40, healthyAbove: 70 }, []],
    [{ highRiskBelow: 50, healthyAbove: 50 }, []],
    [{ highRiskBelow: 71, healthyAbove: 70 }, ['bands.highRiskBelow']],
    [{ highRiskBelow: 40, healthyAbove: 101 }, ['bands.healthyAbove']],
  ])('%j → %j', (bands, paths) => {
    expect(bandProblems(bands).map((p) => p.path)).toEqual(paths);
  });
});

describe('milestones', () => {
  it.each([
    ['Integration Connected', 'integration_connected'],
    ['  First report!  ', 'first_report'],
    ['Café ouvert', 'cafe_ouvert'],
    ['???', 'milestone'],
  ])('%j → key %s', (label, key) => {
    expect(milestoneKey(label)).toBe(key);
  });

  it('needs a label, an event and unique keys', () => {
    const problems = milestoneProblems([
      { key: 'a', label: 'A', event: 'A' },
      { key: 'a', label: 'A again', event: '' },
    ]);
    expect(problems.map((p) => p.path)).toEqual(['onboarding.milestones.1.event', 'onboarding.milestones.1.key']);
  });
});

describe('limitProblems', () => {
  it('turns typed limits into numbers', () => {
    expect(limitProblems([{ metric: ' API Call ', limit: '10,000', period: 'month' }, { metric: '$seats', limit: '5', period: 'rolling_30_days' }])).toEqual({
      limits: [{ metric: 'API Call', limit: 10_000, period: 'month' }, { metric: '$seats', limit: 5, period: 'rolling_30_days' }],
      problems: [],
    });
  });

  it('names the row of each problem', () => {
    const result = limitProblems([{ metric: '', limit: '0', period: 'day' }, { metric: 'x', limit: '1', period: 'day' }, { metric: 'x', limit: '2', period: 'day' }]);
    expect(result.limits).toBeNull();
    expect(result.problems).toEqual(['Row 1: name the metric (a tracked event, or $seats).', 'Row 1: the limit must be a number above 0.', 'Row 3: x has a limit already.']);
  });
});

describe('alert rule form', () => {
  it.each([
    ['health_below', '35', 35],
    ['risk_above', '60', 0.6],
    ['usage_drop', '50', 0.5],
    ['limit_near', '80', 0.8],
    ['trial_ending_inactive', '3', 3],
  ] as const)('%s typed %s → threshold %f', (kind, typed, threshold) => {
    const result = ruleInput({ ...ruleForm(null, kind), name: 'R', threshold: typed }, false);
    expect(result).toMatchObject({ ok: true, input: { kind, threshold, webhookUrl: null } });
  });

  it('takes no threshold for a failed payment', () => {
    expect(ruleInput({ ...ruleForm(null, 'payment_failed'), name: 'Failed' }, false)).toMatchObject({ ok: true, input: { threshold: null } });
  });

  it('starts a new rule of a kind at its default threshold', () => {
    expect(ruleForm(null, 'risk_above').threshold).toBe('50');
    expect(ruleForm(null, 'limit_near').threshold).toBe('80');
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ threshold: '150' }, 'threshold'],
    [{ emailTo: 'a@example.com, not-an-email' }, 'emailTo'],
    [{ webhookUrl: 'ftp://x' }, 'webhookUrl'],
  ])('refuses %j on %s', (patch, field) => {
    const result = ruleInput({ ...ruleForm(null, 'health_below'), name: 'R', ...patch }, false);
    expect(result).toMatchObject({ ok: false, field });
  });

  it('keeps a stored webhook when editing with the field left empty, removes it when asked', () => {
    const rule = { id: 'r', kind: 'health_below' as const, name: 'H', threshold: 40, params: {}, enabled: true, emailTo: ['a@example.com'], webhookUrl: 'https://hooks.slack.com', openAlerts: 0, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };
    const kept = ruleInput(ruleForm(rule), true);
    expect(kept.ok && 'webhookUrl' in kept.input).toBe(false);
    expect(kept).toMatchObject({ ok: true, input: { emailTo: ['a@example.com'], threshold: 40 } });
    expect(ruleInput({ ...ruleForm(rule), removeWebhook: true }, true)).toMatchObject({ ok: true, input: { webhookUrl: null } });
  });
});
