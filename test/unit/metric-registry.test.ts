// The metric registry names every figure once: docs/metrics.md defines each under the heading the
// registry gives, and the series view reads exactly the registry's metrics — no second list.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, METRICS } from '../../src/read/registry.js';
import { SERIES_READERS } from '../../src/read/series/load.js';
import { seriesResponse } from '../../src/read/series/contract.js';

const doc = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
const headings = doc.split('\n').filter((line) => /^#{2,3} /.test(line)).map((line) => line.replace(/^#+ /, ''));

describe('metric registry', () => {
  it.each(METRIC_NAMES)('%s: its doc heading exists in docs/metrics.md', (name) => {
    expect(headings).toContain(METRICS[name].doc);
  });

  it('every series metric is in the registry and every registry metric has a series read', () => {
    expect(Object.keys(SERIES_READERS).sort()).toEqual([...METRIC_NAMES].sort());
  });

  it('the series contract accepts exactly the registry names', () => {
    const point = { metric: 'mrr', unit: 'money', granularity: 'month', currency: 'usd', from: '2026-01-01', to: '2026-03-18', compare: null, points: [] };
    for (const name of METRIC_NAMES) expect(seriesResponse.safeParse({ ...point, metric: name }).success, name).toBe(true);
    expect(seriesResponse.safeParse({ ...point, metric: 'gross_mrr_churn' }).success).toBe(false);
  });
});
