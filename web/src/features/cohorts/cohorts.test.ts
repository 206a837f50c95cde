import type { CohortsResponse } from '@read/cohorts/contract.js';
import { describe, expect, it } from 'vitest';
import { averageCurve, averageLabel, cellLabel, cohortRange, fewCohortAges, heatmap } from './cohort-grid.js';
import { DARK_FROM, expansionLevel, heatLevel, heatStyle, LIGHT_UNTIL } from './heat-scale.js';

const base = { currency: 'usd', asOf: '2025-03-15T12:00:00.000Z', day: '2025-03-15', from: '2025-01', to: '2025-03', maxAge: 2, fxDay: 'month-end' as const, minAverageCohorts: 3 };
const logo: CohortsResponse = {
  ...base,
  kind: 'logo',
  cohorts: [
    { cohort: '2025-02', customers: 10, startMrr: 50_000, retention: [1, 0.8, null], values: [10, 8, null] },
    { cohort: '2025-01', customers: 4, startMrr: 20_000, retention: [1, 0.75, 0.5], values: [4, 3, 2] },
    { cohort: '2025-03', customers: 0, startMrr: 0, retention: [null, null, null], values: [0, null, null] },
  ],
  average: [
    { age: 0, retention: 1, cohorts: 3, fewCohorts: false },
    { age: 1, retention: 11 / 14, cohorts: 2, fewCohorts: true },
    { age: 2, retention: 0.5, cohorts: 1, fewCohorts: true },
  ],
};
const revenue: CohortsResponse = {
  ...logo,
  kind: 'revenue',
  average: [
    { age: 0, retention: 1, cohorts: 3, fewCohorts: false },
    { age: 1, retention: 1.12, cohorts: 2, fewCohorts: true },
    { age: 2, retention: null, cohorts: 0, fewCohorts: true },
  ],
};

describe('cohort heatmap', () => {
  const map = heatmap(logo, 'en-US');

  it('has one row per cohort, oldest first, and one column per month of age', () => {
    expect(map.ages).toEqual([0, 1, 2]);
    expect(map.rows.map((r) => r.label)).toEqual(['Jan 2025', 'Feb 2025', 'Mar 2025']);
    expect(map.rows[0]!.cells.map((c) => c.retention)).toEqual([1, 0.75, 0.5]);
    expect(map.rows[1]!.cells[2]).toEqual({ age: 2, retention: null, value: null, style: null });
  });

  it('carries how many cohorts each average pools, and which pool fewer than the minimum', () => {
    expect(map.average.map((c) => [c.retention, c.cohorts, c.fewCohorts])).toEqual([[1, 3, false], [11 / 14, 2, true], [0.5, 1, true]]);
    expect(fewCohortAges(map.average)).toBe('M1–M2');
    expect(fewCohortAges([{ age: 3, cohorts: 2, fewCohorts: true }, { age: 5, cohorts: 1, fewCohorts: true }, { age: 6, cohorts: 0, fewCohorts: true }])).toBe('M3, M5');
    const pct = (v: number) => `${Math.round(v * 100)}%`;
    expect(averageLabel(map.average[2]!, 3, pct)).toBe('Month 2, weighted average of 1 cohort: 50% (fewer than 3 cohorts: read with care)');
    expect(averageLabel(map.average[0]!, 3, pct)).toBe('Month 0, weighted average of 3 cohorts: 100%');
  });

  it('describes each cell in words, for the tooltip and screen readers', () => {
    const pct = (v: number) => `${Math.round(v * 100)}%`;
    const row = map.rows[0]!;
    expect(cellLabel(row, row.cells[1]!, 'logo', pct, String)).toBe('Month 1 of the Jan 2025 cohort: 75% (3 of 4 customers)');
    expect(cellLabel(map.rows[1]!, map.rows[1]!.cells[2]!, 'logo', pct, String)).toBe('Month 2 of the Feb 2025 cohort: not reached yet');
    expect(cellLabel(row, row.cells[1]!, 'revenue', pct, (v) => `$${v / 100}`)).toBe('Month 1 of the Jan 2025 cohort: 75% ($0.03 of $200 MRR)');
    expect(cellLabel(map.rows[2]!, map.rows[2]!.cells[0]!, 'logo', pct, String)).toBe('Mar 2025: no customer first paid this month');
  });

  it('merges the average curves of both kinds by age, dashed where few cohorts reached it and joined to the solid part', () => {
    expect(averageCurve(logo, revenue)).toEqual([
      { age: 0, label: 'M0', logo: 1, revenue: 1, logoFew: 1, revenueFew: 1, cohorts: 3, fewCohorts: false },
      { age: 1, label: 'M1', logo: null, revenue: null, logoFew: 11 / 14, revenueFew: 1.12, cohorts: 2, fewCohorts: true },
      { age: 2, label: 'M2', logo: null, revenue: null, logoFew: 0.5, revenueFew: null, cohorts: 1, fewCohorts: true },
    ]);
    expect(averageCurve(logo, undefined).every((p) => p.revenue === null && p.revenueFew === null)).toBe(true);
  });

  it('"last N months" is exactly N cohorts, this month included, followed to the oldest one’s age', () => {
    expect(cohortRange(24, new Date('2025-03-15T12:00:00Z'))).toEqual({ from: '2023-04', to: '2025-03', maxAge: 23 });
    expect(cohortRange(12, new Date('2025-01-01T00:00:00Z'))).toEqual({ from: '2024-02', to: '2025-01', maxAge: 11 });
  });
});

describe('heat scale', () => {
  it.each([
    [0, 8],
    [0.02, 8],
    [0.5, 50],
    [0.65, 65],
    [0.7, 65], // 70 and 75 are skipped: no text colour reaches 4.5:1 on them
    [0.75, 80],
    [0.87, 85],
    [0.88, 90],
    [1, 100],
    [1.3, 100],
  ])('retention %f mixes in %i percent of the accent colour', (retention, level) => expect(heatLevel(retention)).toBe(level));

  it('is monotonic, never uses a level where text fails contrast, switches text colour at DARK_FROM, marks net expansion', () => {
    for (let v = 0; v < 1; v += 0.01) {
      expect(heatLevel(v + 0.01)).toBeGreaterThanOrEqual(heatLevel(v));
      const level = heatLevel(v);
      expect(level <= LIGHT_UNTIL || level >= DARK_FROM).toBe(true);
    }
    expect(heatStyle(0.3)).toMatchObject({ color: 'var(--text)', over: false });
    expect(heatStyle(0.9)).toMatchObject({ color: 'var(--heat-contrast)', background: 'color-mix(in srgb, var(--heat) 90%, var(--surface))' });
    expect(heatStyle(1.2)).toMatchObject({ over: true, color: 'var(--heat-contrast)', background: 'color-mix(in srgb, var(--heat-up) 90%, var(--surface))' });
    expect(heatStyle(1.004)).toMatchObject({ over: false, level: 100 });
    expect(expansionLevel(1.01)).toBe(DARK_FROM);
    expect(expansionLevel(1.5)).toBe(100);
    expect(expansionLevel(3)).toBe(100);
    expect(heatStyle(null)).toBeNull();
  });
});
