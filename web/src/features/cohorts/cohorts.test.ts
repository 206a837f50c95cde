import { describe, expect, it } from 'vitest';
import { averageCurve, cellLabel, cohortRange, heatmap } from './cohort-grid.js';
import { expansionLevel, heatLevel, heatStyle } from './heat-scale.js';
import type { Cohorts } from './schemas.js';

const logo: Cohorts = {
  kind: 'logo',
  currency: 'usd',
  asOf: '2025-03-15',
  maxAge: 2,
  cohorts: [
    { cohort: '2025-02', customers: 10, startMrr: 50_000, retention: [1, 0.8, null], values: [10, 8, null] },
    { cohort: '2025-01', customers: 4, startMrr: 20_000, retention: [1, 0.75, 0.5], values: [4, 3, 2] },
    { cohort: '2025-03', customers: 0, startMrr: 0, retention: [null, null, null], values: [null, null, null] },
  ],
  average: [
    { age: 0, retention: 1, cohorts: 2 },
    { age: 1, retention: 11 / 14, cohorts: 2 },
    { age: 2, retention: 0.5, cohorts: 1 },
  ],
};
const revenue: Cohorts = { ...logo, kind: 'revenue', average: [{ age: 0, retention: 1, cohorts: 2 }, { age: 1, retention: 1.12, cohorts: 2 }, { age: 2, retention: null, cohorts: 0 }] };

describe('cohort heatmap', () => {
  const map = heatmap(logo, 'en-US');

  it('has one row per cohort, oldest first, and one column per month of age', () => {
    expect(map.ages).toEqual([0, 1, 2]);
    expect(map.rows.map((r) => r.label)).toEqual(['Jan 2025', 'Feb 2025', 'Mar 2025']);
    expect(map.rows[0]!.cells.map((c) => c.retention)).toEqual([1, 0.75, 0.5]);
    expect(map.rows[1]!.cells[2]).toEqual({ age: 2, retention: null, value: null, style: null });
    expect(map.average.map((c) => c.retention)).toEqual([1, 11 / 14, 0.5]);
  });

  it('describes each cell in words, for the tooltip and screen readers', () => {
    const pct = (v: number) => `${Math.round(v * 100)}%`;
    const row = map.rows[0]!;
    expect(cellLabel(row, row.cells[1]!, 'logo', pct, String)).toBe('Month 1 of the Jan 2025 cohort: 75% (3 of 4 customers)');
    expect(cellLabel(map.rows[1]!, map.rows[1]!.cells[2]!, 'logo', pct, String)).toBe('Month 2 of the Feb 2025 cohort: not reached yet');
    expect(cellLabel(row, row.cells[1]!, 'revenue', pct, (v) => `$${v / 100}`)).toBe('Month 1 of the Jan 2025 cohort: 75% ($0.03 of $200 MRR)');
  });

  it('merges the average curves of both kinds by age', () => {
    expect(averageCurve(logo, revenue)).toEqual([
      { age: 0, label: 'M0', logo: 1, revenue: 1, cohorts: 2 },
      { age: 1, label: 'M1', logo: 11 / 14, revenue: 1.12, cohorts: 2 },
      { age: 2, label: 'M2', logo: 0.5, revenue: null, cohorts: 1 },
    ]);
    expect(averageCurve(logo, undefined).every((p) => p.revenue === null)).toBe(true);
  });

  it('covers the last 24 months followed for 24 months by default', () => {
    expect(cohortRange(24, new Date('2025-03-15T12:00:00Z'))).toEqual({ from: '2023-03', to: '2025-03', maxAge: 24 });
    expect(cohortRange(12, new Date('2025-01-01T00:00:00Z'))).toEqual({ from: '2024-01', to: '2025-01', maxAge: 12 });
  });
});

describe('heat scale', () => {
  it.each([
    [0, 8],
    [0.02, 8],
    [0.5, 50],
    [0.87, 85],
    [0.88, 90],
    [1, 100],
    [1.3, 100],
  ])('retention %f mixes in %i percent of the accent colour', (retention, level) => expect(heatLevel(retention)).toBe(level));

  it('is monotonic, switches to light text on dark cells, marks net expansion, and leaves empty cells blank', () => {
    for (let v = 0; v < 1; v += 0.01) expect(heatLevel(v + 0.01)).toBeGreaterThanOrEqual(heatLevel(v));
    expect(heatStyle(0.3)).toMatchObject({ color: 'var(--text)', over: false });
    expect(heatStyle(0.9)).toMatchObject({ color: 'var(--heat-contrast)', background: 'color-mix(in srgb, var(--heat) 90%, var(--surface))' });
    expect(heatStyle(1.2)).toMatchObject({ over: true, background: 'color-mix(in srgb, var(--heat-up) 60%, var(--surface))' });
    expect(heatStyle(1.004)).toMatchObject({ over: false, level: 100 });
    expect(expansionLevel(1.01)).toBe(35);
    expect(expansionLevel(1.5)).toBe(100);
    expect(expansionLevel(3)).toBe(100);
    expect(heatStyle(null)).toBeNull();
  });
});
