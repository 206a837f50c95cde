// MRR forecast: damped-trend exponential smoothing with empirical prediction intervals.
//
// Responsible for: a 6-month (by default) forecast of a monthly MRR series with an 80% interval,
// and a rolling-origin backtest of that forecast. Method (Gardner & McKenzie's damped additive
// trend, which contains Holt's linear trend as φ = 1):
//   level_t = α·y_t + (1−α)(level_{t−1} + φ·trend_{t−1})
//   trend_t = β(level_t − level_{t−1}) + (1−β)·φ·trend_{t−1}
//   ŷ_{t+h} = level_t + (φ + φ² + … + φ^h)·trend_t
// initialised with level_1 = y_1, trend_1 = y_1 − y_0; α, β, φ chosen on a fixed grid by the
// smallest in-sample one-step squared error. The interval at horizon h is ŷ ± z₀.₉·RMSE_h, where
// RMSE_h is the root mean square of the model's own h-step errors over every origin in the
// series (each forecast uses only data up to its origin); with fewer than 2 such errors it falls
// back to RMSE_1·√h, and with fewer than 2 one-step errors there is no interval (null).
// Series shorter than 3 months get a flat forecast at the last value and no interval.
// Floats are fine inside the model: MRR forecasts are estimates, not money owed. Outputs are
// rounded to integer minor units and never negative.
import { addMonths } from './dates.js';
import type { Month } from './types.js';

export type MrrPoint = { month: Month; mrr: number };
export type ForecastPoint = { month: Month; mrr: number; low: number | null; high: number | null };

export type HorizonError = {
  horizon: number;
  /** Mean absolute percentage error (ratio: 0.05 = 5%) over samples with a non-zero actual. */
  mape: number | null;
  samples: number;
  /** Share of actuals inside [low, high], over samples that had an interval. */
  coverage: number | null;
};

export type BacktestResult = {
  origins: number;
  byHorizon: HorizonError[];
  mape: number | null;
  coverage: number | null;
};

type Params = { alpha: number; beta: number; phi: number };

const Z_80 = 1.2815515655446004; // 90th percentile of the standard normal: two-sided 80%
const ALPHAS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const BETAS = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];
const PHIS = [1, 0.98, 0.95, 0.9, 0.8];
const RECENT_ORIGINS = 6;

function checkSeries(series: readonly MrrPoint[]): void {
  series.forEach((point, i) => {
    if (!Number.isFinite(point.mrr)) throw new RangeError(`MRR for ${point.month} is not a finite number`);
    if (i > 0 && addMonths(series[i - 1]!.month, 1) !== point.month) {
      throw new RangeError(`series must be consecutive months: ${series[i - 1]!.month} then ${point.month}`);
    }
  });
}

function dampedSum(phi: number, h: number): number {
  let sum = 0;
  let power = 1;
  for (let i = 0; i < h; i += 1) sum += power *= phi;
  return sum;
}

/** Runs the filter; calls `onState(t, level, trend)` after observing y_t for t ≥ 1. */
function run(y: readonly number[], p: Params, onState: (t: number, level: number, trend: number) => void): number {
  let level = y[1]!;
  let trend = y[1]! - y[0]!;
  let sse = 0;
  onState(1, level, trend);
  for (let t = 2; t < y.length; t += 1) {
    const predicted = level + p.phi * trend;
    sse += (y[t]! - predicted) ** 2;
    const previous = level;
    level = p.alpha * y[t]! + (1 - p.alpha) * predicted;
    trend = p.beta * (level - previous) + (1 - p.beta) * p.phi * trend;
    onState(t, level, trend);
  }
  return sse;
}

function fit(y: readonly number[]): Params {
  let best: Params = { alpha: 1, beta: 0.01, phi: 1 };
  let bestSse = Infinity;
  for (const phi of PHIS) {
    for (const alpha of ALPHAS) {
      for (const beta of BETAS) {
        const sse = run(y, { alpha, beta, phi }, () => {});
        if (sse < bestSse - 1e-9 * Math.max(1, bestSse)) {
          bestSse = sse;
          best = { alpha, beta, phi };
        }
      }
    }
  }
  return best;
}

/** RMSE of the model's h-step in-sample errors, h = 1..horizon (null if under 2 errors). */
function errorScales(y: readonly number[], p: Params, horizon: number): (number | null)[] {
  const squares = Array.from({ length: horizon }, () => ({ sum: 0, count: 0 }));
  // Only the most recent origins (RECENT_ORIGINS scored months per horizon): a young business's
  // first months say little about its errors now.
  run(y, p, (t, level, trend) => {
    for (let h = 1; h <= horizon && t + h < y.length; h += 1) {
      if (t + h < y.length - RECENT_ORIGINS) continue;
      const predicted = level + dampedSum(p.phi, h) * trend;
      // Relative error: MRR grows, so an error's size scales with the level it is made at.
      const error = predicted === 0 ? 0 : (y[t + h]! - predicted) / Math.abs(predicted);
      squares[h - 1]!.sum += error ** 2;
      squares[h - 1]!.count += 1;
    }
  });
  const rmse1 = squares[0]!.count >= 2 ? Math.sqrt(squares[0]!.sum / squares[0]!.count) : null;
  return squares.map(({ sum, count }, i) => {
    if (count >= 2) return Math.sqrt(sum / count);
    return rmse1 === null ? null : rmse1 * Math.sqrt(i + 1);
  });
}

const nonNegative = (v: number): number => Math.max(0, Math.round(v));

export function forecastMrr(series: readonly MrrPoint[], horizon = 6): ForecastPoint[] {
  checkSeries(series);
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer`);
  if (series.length === 0) return [];
  const last = series[series.length - 1]!;
  const months = Array.from({ length: horizon }, (_, i) => addMonths(last.month, i + 1));
  if (series.length < 3) return months.map((month) => ({ month, mrr: nonNegative(last.mrr), low: null, high: null }));

  const y = series.map((point) => point.mrr);
  const params = fit(y);
  let level = 0;
  let trend = 0;
  run(y, params, (_t, l, b) => {
    level = l;
    trend = b;
  });
  const scales = errorScales(y, params, horizon);
  return months.map((month, i) => {
    const mean = level + dampedSum(params.phi, i + 1) * trend;
    const scale = scales[i] ?? null;
    return {
      month,
      mrr: nonNegative(mean),
      low: scale === null ? null : nonNegative(mean - Z_80 * scale * Math.abs(mean)),
      high: scale === null ? null : nonNegative(mean + Z_80 * scale * Math.abs(mean)),
    };
  });
}

/**
 * Rolling-origin backtest: for every training length from `minTrain` to n − 1, forecast from the
 * first L months (parameters refitted each time) and compare with the months that follow.
 */
export function backtestForecast(series: readonly MrrPoint[], horizon = 6, minTrain = 6): BacktestResult {
  checkSeries(series);
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer`);
  const stats = Array.from({ length: horizon }, () => ({ ape: 0, apeCount: 0, inside: 0, intervals: 0 }));
  let origins = 0;
  for (let length = Math.max(1, minTrain); length < series.length; length += 1) {
    origins += 1;
    const forecast = forecastMrr(series.slice(0, length), horizon);
    forecast.forEach((point, h) => {
      const actual = series[length + h];
      if (actual === undefined) return;
      const s = stats[h]!;
      if (actual.mrr !== 0) {
        s.ape += Math.abs(actual.mrr - point.mrr) / Math.abs(actual.mrr);
        s.apeCount += 1;
      }
      if (point.low !== null && point.high !== null) {
        s.intervals += 1;
        if (actual.mrr >= point.low && actual.mrr <= point.high) s.inside += 1;
      }
    });
  }
  const total = stats.reduce(
    (acc, s) => ({ ape: acc.ape + s.ape, n: acc.n + s.apeCount, inside: acc.inside + s.inside, k: acc.k + s.intervals }),
    { ape: 0, n: 0, inside: 0, k: 0 },
  );
  return {
    origins,
    byHorizon: stats.map((s, i) => ({
      horizon: i + 1,
      mape: s.apeCount === 0 ? null : s.ape / s.apeCount,
      samples: s.apeCount,
      coverage: s.intervals === 0 ? null : s.inside / s.intervals,
    })),
    mape: total.n === 0 ? null : total.ape / total.n,
    coverage: total.k === 0 ? null : total.inside / total.k,
  };
}
