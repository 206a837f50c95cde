// The churn model: a logistic regression over standardised churn features, trained with
// ml-logistic-regression (batch gradient ascent from zero weights, so the same rows always give
// the same model), with an intercept column and a step size from the data's largest curvature so
// it neither diverges nor crawls. Its fixed number of steps keeps the weights small (early
// stopping stands in for an L2 penalty, which the library has not got). The params are plain JSON
// (churn_models.params). A score's reasons are the features with the largest positive
// contribution: coefficient × standardised value. Pure.
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import type { Feature } from './churn-features.js';

export type LogisticParams = {
  kind: 'logistic';
  /** Feature names in column order; `plans` is the one-hot context they were built with. */
  features: string[];
  plans: string[];
  means: number[];
  stds: number[];
  /** Coefficients on the standardised features, and the intercept. */
  weights: number[];
  intercept: number;
  steps: number;
};

export type TrainingRow = { features: readonly Feature[]; label: 0 | 1 };

export type TrainOptions = {
  /** Only these features (e.g. the MRR-only comparison model); default every feature. */
  only?: readonly string[];
  steps?: number;
};

export const DEFAULT_STEPS = 300;

/** A value, then its name, by feature name. */
function valuesByName(features: readonly Feature[]): Map<string, number> {
  return new Map(features.map((f) => [f.name, f.value]));
}

function columnStats(rows: readonly number[][], width: number): { means: number[]; stds: number[] } {
  const means = new Array<number>(width).fill(0);
  const stds = new Array<number>(width).fill(0);
  for (const r of rows) for (let j = 0; j < width; j++) means[j]! += r[j]!;
  for (let j = 0; j < width; j++) means[j]! /= rows.length;
  for (const r of rows) for (let j = 0; j < width; j++) stds[j]! += (r[j]! - means[j]!) ** 2;
  // A constant column standardises to 0 (std 1 keeps it finite and its weight at zero).
  return { means, stds: stds.map((v) => (v / rows.length > 1e-12 ? Math.sqrt(v / rows.length) : 1)) };
}

/** Largest eigenvalue of XᵀX / n by power iteration (deterministic start). */
function largestEigenvalue(x: Matrix): number {
  const n = x.rows;
  let v = Matrix.ones(x.columns, 1).div(Math.sqrt(x.columns));
  let lambda = 1;
  for (let i = 0; i < 50; i++) {
    const w = x.transpose().mmul(x.mmul(v)).div(n);
    lambda = w.norm();
    if (lambda === 0) return 1;
    v = w.div(lambda);
  }
  return lambda;
}

/** Trains on the rows (at least one of each label for a useful model; with one class the
 *  intercept just follows it). Deterministic: same rows, same params. */
export function trainLogistic(rows: readonly TrainingRow[], plans: readonly string[], options: TrainOptions = {}): LogisticParams {
  if (rows.length === 0) throw new RangeError('no training rows');
  const names = rows[0]!.features.map((f) => f.name).filter((n) => !options.only || options.only.includes(n));
  const raw = rows.map((r) => {
    const byName = valuesByName(r.features);
    return names.map((n) => byName.get(n) ?? 0);
  });
  const { means, stds } = columnStats(raw, names.length);
  const x = new Matrix(raw.map((r) => [1, ...r.map((v, j) => (v - means[j]!) / stds[j]!)]));
  const y = Matrix.columnVector(rows.map((r) => r.label));
  // Gradient ascent on the mean log-likelihood is stable for a step below 4 / λmax(XᵀX/n); the
  // library sums the gradient over rows, so its learning rate is that step divided by n.
  const step = 4 / (largestEigenvalue(x) * 1.05);
  const steps = options.steps ?? DEFAULT_STEPS;
  const model = LogisticRegression.load({
    name: 'LogisticRegression', numSteps: steps, learningRate: step / rows.length, numberClasses: 1,
    classifiers: [{ numSteps: steps, learningRate: step / rows.length, weights: null }],
  });
  // The two-class learner directly: LogisticRegression.train would fit one-vs-all twice.
  const learner = model.classifiers[0]!;
  learner.train(x, y);
  const w = learner.weights!.to1DArray();
  return { kind: 'logistic', features: names, plans: [...plans], means, stds, weights: w.slice(1), intercept: w[0]!, steps };
}

export type Contribution = { feature: string; value: number; contribution: number; label: string };
export type ModelScore = { probability: number; contributions: Contribution[] };

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The probability for one feature vector, and each feature's contribution to its log-odds. */
export function scoreLogistic(params: LogisticParams, features: readonly Feature[]): ModelScore {
  const byName = new Map(features.map((f) => [f.name, f]));
  let z = params.intercept;
  const contributions: Contribution[] = params.features.map((name, j) => {
    const f = byName.get(name);
    const value = f?.value ?? 0;
    const standardised = (value - params.means[j]!) / params.stds[j]!;
    const contribution = params.weights[j]! * standardised;
    z += contribution;
    return { feature: name, value, contribution, label: reasonLabel(name, f?.label ?? name, standardised) };
  });
  return { probability: sigmoid(z), contributions };
}

/** Most features carry their own sentence; the MRR level only means something against the
 *  workspace's typical customer. */
function reasonLabel(name: string, label: string, standardised: number): string {
  if (name === 'log_mrr') return standardised < 0 ? 'MRR below the typical customer’s' : 'MRR above the typical customer’s';
  return label;
}

/** The (up to) `n` contributions that raised the score most, largest first (ties by name). */
export function topReasons<T extends { feature: string; contribution: number }>(contributions: readonly T[], n = 3): T[] {
  return contributions
    .filter((c) => c.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0))
    .slice(0, n);
}

/** Checks stored params have the shape this code writes (a corrupt row must not score). */
export function isLogisticParams(value: unknown): value is LogisticParams {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  const nums = (a: unknown) => Array.isArray(a) && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  const features = p.features;
  return (
    p.kind === 'logistic' && Array.isArray(features) && features.every((f) => typeof f === 'string') &&
    Array.isArray(p.plans) && p.plans.every((f) => typeof f === 'string') &&
    nums(p.means) && nums(p.stds) && nums(p.weights) && typeof p.intercept === 'number' && Number.isFinite(p.intercept) &&
    (p.means as number[]).length === features.length && (p.stds as number[]).length === features.length && (p.weights as number[]).length === features.length
  );
}
