import { describe, expect, it } from 'vitest';
import type { Feature } from '../../../src/core/churn-features.js';
import { auc } from '../../../src/core/churn-evaluation.js';
import { isLogisticParams, scoreLogistic, topReasons, trainLogistic, type TrainingRow } from '../../../src/core/churn-model.js';

/** A deterministic pseudo-random stream (Park–Miller), so the synthetic sets are fixed. */
function stream(seed: number) {
  let s = seed;
  const next = () => (s = (s * 16_807) % 2_147_483_647) / 2_147_483_647;
  return { next, gauss: () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next()) };
}

const f = (name: string, value: number): Feature => ({ name, value, label: `${name} is ${value.toFixed(2)}` });

/** Churners have falling usage and failed payments; `noise` is unrelated; `constant` never varies. */
function synthetic(n: number, seed: number): TrainingRow[] {
  const r = stream(seed);
  return Array.from({ length: n }, () => {
    const label = r.next() < 0.2 ? 1 : 0;
    const usage = (label ? -0.6 : 0.1) + 0.25 * r.gauss();
    const failed = Math.max(0, Math.round((label ? 2 : 0.2) + r.gauss()));
    return { label, features: [f('usage_trend', usage), f('failed', failed), f('noise', r.gauss()), f('constant', 1)] };
  });
}

describe('trainLogistic', () => {
  const train = synthetic(1500, 7);
  const test = synthetic(600, 99);
  const params = trainLogistic(train, []);

  it('learns a separable set: AUC above 0.9 on held-out rows', () => {
    const scores = test.map((row) => scoreLogistic(params, row.features).probability);
    expect(auc(scores, test.map((row) => row.label))).toBeGreaterThan(0.9);
  });

  it('gives the signal the right sign and the constant no weight', () => {
    const w = new Map(params.features.map((name, j) => [name, params.weights[j]!]));
    expect(w.get('usage_trend')!).toBeLessThan(-0.5);
    expect(w.get('failed')!).toBeGreaterThan(0.5);
    expect(Math.abs(w.get('noise')!)).toBeLessThan(Math.abs(w.get('failed')!) / 3);
    expect(w.get('constant')).toBe(0);
  });

  it('is deterministic and its params survive a JSON round trip', () => {
    const again = trainLogistic(train, []);
    expect(again).toEqual(params);
    const stored: unknown = JSON.parse(JSON.stringify(params));
    expect(isLogisticParams(stored)).toBe(true);
    const row = test[0]!.features;
    if (isLogisticParams(stored)) expect(scoreLogistic(stored, row).probability).toBe(scoreLogistic(params, row).probability);
  });

  it('keeps only the features asked for', () => {
    const only = trainLogistic(train, [], { only: ['failed'] });
    expect(only.features).toEqual(['failed']);
    expect(only.weights).toHaveLength(1);
  });

  it('refuses corrupt params', () => {
    expect(isLogisticParams({ ...params, weights: params.weights.slice(1) })).toBe(false);
    expect(isLogisticParams({ ...params, intercept: Number.NaN })).toBe(false);
    expect(isLogisticParams({ ...params, kind: 'rules' })).toBe(false);
    expect(isLogisticParams(null)).toBe(false);
  });
});

describe('scoreLogistic and topReasons', () => {
  const params = { kind: 'logistic' as const, features: ['a', 'b', 'c', 'd', 'log_mrr'], plans: [], means: [0, 0, 0, 0, 5], stds: [1, 2, 1, 1, 1], weights: [1, -1, 0.5, 2, -1], intercept: -1, steps: 1 };

  it('adds coefficient × standardised value to the intercept', () => {
    const s = scoreLogistic(params, [f('a', 1), f('b', 4), f('c', 2), f('d', 0), f('log_mrr', 5)]);
    expect(s.contributions.map((c) => c.contribution)).toEqual([1, -2, 1, 0, -0]);
    expect(s.probability).toBeCloseTo(1 / (1 + Math.exp(-(-1 + 1 - 2 + 1))), 12);
  });

  it('names the three largest positive contributions, largest first, ties by name', () => {
    const s = scoreLogistic(params, [f('a', 0.5), f('b', -3), f('c', 1), f('d', 0.5), f('log_mrr', 3)]);
    // a 0.5, b 1.5, c 0.5, d 1, log_mrr 2
    expect(topReasons(s.contributions).map((c) => c.feature)).toEqual(['log_mrr', 'b', 'd']);
    expect(topReasons(s.contributions, 5).map((c) => c.feature)).toEqual(['log_mrr', 'b', 'd', 'a', 'c']);
    expect(topReasons(s.contributions)[0]!.label).toBe('MRR below the typical customer’s');
  });

  it('never names a feature that lowered the score', () => {
    const s = scoreLogistic(params, [f('a', -1), f('b', 1), f('c', -1), f('d', -1), f('log_mrr', 6)]);
    expect(topReasons(s.contributions)).toEqual([]);
  });
});
