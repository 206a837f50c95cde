import { describe, expect, it } from 'vitest';
import { backtestForecast, forecastMrr, type MrrPoint } from '../../../src/core/forecast.js';
import { addMonths } from '../../../src/core/dates.js';

function series(values: readonly number[], start = '2023-01'): MrrPoint[] {
  return values.map((mrr, i) => ({ month: addMonths(start, i), mrr }));
}

/** Deterministic noise (a linear congruential generator), so the tests cannot flake. */
function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648 - 0.5;
  };
}

const LINEAR = series(Array.from({ length: 24 }, (_, i) => 100_000 + 5_000 * i));

describe('forecastMrr', () => {
  it('continues a perfectly linear series exactly, with a zero-width interval', () => {
    const forecast = forecastMrr(LINEAR);
    expect(forecast.map((p) => p.month)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    // 100000 + 5000 × 24 … 29
    expect(forecast.map((p) => p.mrr)).toEqual([220_000, 225_000, 230_000, 235_000, 240_000, 245_000]);
    for (const p of forecast) {
      expect(p.high! - p.low!).toBeLessThanOrEqual(2);
      expect(p.low! <= p.mrr && p.mrr <= p.high!).toBe(true);
    }
  });

  it('keeps a flat series flat', () => {
    expect(forecastMrr(series(Array(12).fill(5_000)), 3)).toEqual([
      { month: '2024-01', mrr: 5_000, low: 5_000, high: 5_000 },
      { month: '2024-02', mrr: 5_000, low: 5_000, high: 5_000 },
      { month: '2024-03', mrr: 5_000, low: 5_000, high: 5_000 },
    ]);
  });

  it('gives a flat forecast without an interval below 3 months', () => {
    expect(forecastMrr([])).toEqual([]);
    expect(forecastMrr(series([700]), 2)).toEqual([
      { month: '2023-02', mrr: 700, low: null, high: null },
      { month: '2023-03', mrr: 700, low: null, high: null },
    ]);
    expect(forecastMrr(series([700, 900]), 1)).toEqual([{ month: '2023-03', mrr: 900, low: null, high: null }]);
  });

  it('follows the trend of 3 months but has too few errors for an interval', () => {
    expect(forecastMrr(series([100, 200, 300]), 2)).toEqual([
      { month: '2023-04', mrr: 400, low: null, high: null },
      { month: '2023-05', mrr: 500, low: null, high: null },
    ]);
  });

  it('never forecasts negative MRR', () => {
    const forecast = forecastMrr(series([5_000, 4_000, 3_000, 2_000, 1_000, 500]), 6);
    for (const p of forecast) {
      expect(p.mrr).toBeGreaterThanOrEqual(0);
      expect(p.low ?? 0).toBeGreaterThanOrEqual(0);
    }
    expect(forecast[5]!.mrr).toBe(0);
  });

  it('brackets the forecast with an interval on a noisy series', () => {
    const rand = noise(7);
    const noisy = series(Array.from({ length: 36 }, (_, i) => Math.round(50_000 + 1_500 * i + 4_000 * rand())));
    const forecast = forecastMrr(noisy);
    for (const p of forecast) {
      expect(Number.isInteger(p.mrr) && Number.isInteger(p.low) && Number.isInteger(p.high)).toBe(true);
      expect(p.low! < p.mrr && p.mrr < p.high!).toBe(true);
    }
    // The trend continues upwards from the last observation (≈ 50000 + 1500 × 35).
    expect(forecast[5]!.mrr).toBeGreaterThan(forecast[0]!.mrr);
    expect(Math.abs(forecast[0]!.mrr - 104_000)).toBeLessThan(6_000);
  });

  it('rejects gaps, disorder and bad horizons', () => {
    expect(() => forecastMrr([{ month: '2024-01', mrr: 1 }, { month: '2024-03', mrr: 2 }])).toThrow('consecutive months');
    expect(() => forecastMrr([{ month: '2024-02', mrr: 1 }, { month: '2024-01', mrr: 2 }])).toThrow('consecutive months');
    expect(() => forecastMrr(LINEAR, 0)).toThrow('horizon');
    expect(() => forecastMrr(series([1, Number.NaN, 3]))).toThrow('not a finite number');
  });
});

describe('backtestForecast', () => {
  it('has no error and full coverage on a linear series', () => {
    const result = backtestForecast(LINEAR);
    expect(result.origins).toBe(18); // training lengths 6 … 23
    expect(result.mape).toBe(0);
    expect(result.coverage).toBe(1);
    expect(result.byHorizon.map((h) => h.samples)).toEqual([18, 17, 16, 15, 14, 13]);
  });

  it('returns finite errors and a coverage share on a noisy series', () => {
    const rand = noise(11);
    const noisy = series(Array.from({ length: 36 }, (_, i) => Math.round(80_000 + 900 * i + 6_000 * rand())));
    const result = backtestForecast(noisy);
    expect(result.byHorizon).toHaveLength(6);
    for (const h of result.byHorizon) {
      expect(Number.isFinite(h.mape)).toBe(true);
      expect(h.mape!).toBeGreaterThan(0);
      expect(h.mape!).toBeLessThan(0.5);
      expect(h.coverage! >= 0 && h.coverage! <= 1).toBe(true);
    }
    expect(Number.isFinite(result.mape)).toBe(true);
    expect(result.coverage! > 0 && result.coverage! <= 1).toBe(true);
  });

  it('skips zero actuals in MAPE and has no origins when the series is too short', () => {
    expect(backtestForecast(series([1, 2, 3, 4, 5]))).toMatchObject({ origins: 0, mape: null, coverage: null });
    const withZero = backtestForecast(series([0, 0, 0, 0, 0, 0, 0, 0]), 1);
    expect(withZero.byHorizon[0]).toMatchObject({ samples: 0, mape: null });
  });
});
