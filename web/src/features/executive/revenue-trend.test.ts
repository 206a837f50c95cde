import { describe, expect, it } from 'vitest';
import type { MovementPeriod } from '../metrics/series.js';
import { alignedAxes, annotationMarkers, buildTrendRows, describeTrend, movementDomain, mrrCeiling, niceStep } from './revenue-trend.js';

function period(month: string, mrrStart: number, m: Partial<MovementPeriod['movements']>): MovementPeriod {
  const movements = { new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0, fx: 0, ...m };
  const netNewMrr = movements.new + movements.expansion + movements.contraction + movements.churn + movements.reactivation;
  return { period: month, start: `${month}-01`, end: `${month}-28`, mrrStart, movements, netNewMrr, mrr: mrrStart + netNewMrr + movements.fx, customersStart: 0, customers: 0, newCustomers: 0, reactivatedCustomers: 0, churnedCustomers: 0 };
}

const periods = [period('2026-09', 1_000, { new: 500, churn: -100 }), period('2026-10', 1_400, { new: 300, expansion: 50, contraction: -20, churn: -30, fx: 3 }), period('2026-11', 1_703, { new: 100 })];
const forecast = [
  { month: '2026-11', mrr: 1_750, low: 1_700, high: 1_800 },
  { month: '2026-12', mrr: 1_900, low: 1_800, high: 2_000 },
  { month: '2027-01', mrr: 2_050, low: 1_850, high: 2_250 },
];

describe('buildTrendRows', () => {
  const rows = buildTrendRows({ periods, forecast, annotations: [{ id: 'a', day: '2026-10-05', title: 'Launch' }, { id: 'b', day: '2027-01-02', title: 'Price change' }], currentMonth: '2026-11', horizon: 6 });

  it('has the movements of each month with MRR reconciling to the start plus net new plus FX', () => {
    expect(rows.map((r) => r.month)).toEqual(['2026-09', '2026-10', '2026-11', '2026-12', '2027-01']);
    for (const [i, p] of periods.entries()) {
      const r = rows[i]!;
      expect(r.mrr).toBe(p.mrrStart + r.new! + r.expansion! + r.reactivation! + r.contraction! + r.churn! + r.fx!);
    }
    expect(rows[1]).toMatchObject({ contraction: -20, churn: -30, netNew: 300 });
  });

  it('projects the months after the current one only, joined to the last actual MRR', () => {
    expect(rows[2]).toMatchObject({ mrr: 1_803, projected: 1_803, band: [1_803, 1_803], partial: true });
    expect(rows[3]).toEqual({ month: '2026-12', projected: 1_900, band: [1_800, 2_000], annotations: [] });
    expect(rows[3]!.mrr).toBeUndefined();
  });

  it('pins annotations to their month, also in the projection', () => {
    expect(rows[1]!.annotations.map((a) => a.title)).toEqual(['Launch']);
    expect(rows[4]!.annotations.map((a) => a.title)).toEqual(['Price change']);
  });

  it('leaves the projection out when the range ends before the current month', () => {
    const past = buildTrendRows({ periods: periods.slice(0, 2), forecast, annotations: [], currentMonth: '2026-11', horizon: 6 });
    expect(past.every((r) => r.projected === undefined)).toBe(true);
  });

  it('describes the trend in one sentence', () => {
    expect(describeTrend(rows, String, (m) => m)).toBe('MRR went from 1400 in 2026-09 to 1803 in 2026-11. Projected 2050 by 2027-01 (80% range 1850 to 2250).');
    expect(describeTrend([], String, String)).toBe('No revenue in this range.');
  });

  it('scales the bars to the largest stack each way', () => {
    expect(movementDomain(rows)).toEqual([-100, 500]);
    expect(movementDomain([])).toEqual([0, 1]);
  });
});

describe('annotationMarkers', () => {
  it('puts the annotations of a month on one marker', () => {
    expect(annotationMarkers([{ day: '2026-01-03', number: 1 }, { day: '2026-01-20', number: 2 }, { day: '2026-03-01', number: 3 }])).toEqual([
      { month: '2026-01', label: '1, 2' },
      { month: '2026-03', label: '3' },
    ]);
  });
});

describe('alignedAxes', () => {
  it('puts both zeros on one baseline with grid lines at the same heights', () => {
    const { mrr, moves } = alignedAxes(16_000_000, -1_100_000, 2_120_000);
    expect(mrr.ticks).toHaveLength(moves.ticks.length);
    expect(mrr.ticks.indexOf(0)).toBe(moves.ticks.indexOf(0));
    expect(moves.domain[0]).toBeLessThanOrEqual(-1_100_000);
    expect(moves.domain[1]).toBeGreaterThanOrEqual(2_120_000);
    expect(mrr.domain[1]).toBeGreaterThanOrEqual(16_000_000);
    // Little room is wasted above the tallest bar and the highest MRR.
    expect(mrr.domain[1]).toBeLessThan(16_000_000 * 1.35);
    expect(moves.domain[1]).toBeLessThan(2_120_000 * 1.35);
  });

  it('has no negative part without losses, and survives an empty chart', () => {
    expect(alignedAxes(1_000, 0, 300).moves.domain[0]).toBe(0);
    expect(alignedAxes(0, 0, 0)).toEqual({ moves: { domain: [0, 1], ticks: [0, 1] }, mrr: { domain: [0, 1], ticks: [0, 1] } });
    expect(alignedAxes(10_000, 0, 0).mrr.domain).toEqual([0, 10_000]);
  });

  it('rounds steps to round numbers', () => {
    expect([1, 3, 24, 26, 700, 9_000].map((v) => niceStep(v))).toEqual([1, 3, 25, 30, 800, 10_000]);
    expect(mrrCeiling([{ month: 'a', mrr: 5, annotations: [] }, { month: 'b', projected: 6, band: [4, 9], annotations: [] }])).toBe(9);
  });
});

describe('buildTrendRows with a comparison', () => {
  it('puts the comparison period\'s MRR on the matching months', () => {
    const rows = buildTrendRows({ periods, forecast: [], annotations: [], currentMonth: '2026-11', horizon: 6, compareMrr: new Map([['2026-09', 700], ['2026-10', null]]) });
    expect(rows.map((r) => r.compareMrr)).toEqual([700, undefined, undefined]);
  });
});
