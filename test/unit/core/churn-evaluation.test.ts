import { describe, expect, it } from 'vitest';
import { auc, leadTimes, median, precisionAtTop, topFractionThreshold } from '../../../src/core/churn-evaluation.js';
import { churnLabel, sampleDays, timeSplit, type Sample } from '../../../src/core/churn-samples.js';
import type { CustomerSignals } from '../../../src/core/customer-signals.js';

describe('auc', () => {
  it.each<[string, number[], (0 | 1)[], number | null]>([
    ['perfect', [0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 1],
    ['reversed', [0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1], 0],
    ['all tied', [0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1], 0.5],
    ['one swap of four pairs', [0.1, 0.6, 0.5, 0.9], [0, 0, 1, 1], 0.75],
    ['a tie across classes counts half', [0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1], 0.875],
    ['no churner', [0.1, 0.2], [0, 0], null],
    ['no stayer', [0.1, 0.2], [1, 1], null],
  ])('%s', (_name, scores, labels, expected) => {
    const value = auc(scores, labels);
    if (expected === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(expected, 12);
  });
});

describe('precisionAtTop and the flag threshold', () => {
  const scores = [0.9, 0.1, 0.8, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.05, 0.95, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.01];
  const labels: (0 | 1)[] = scores.map((s) => (s >= 0.85 ? 1 : 0));
  it('takes the top tenth (rounded up) of the rows', () => {
    expect(precisionAtTop(scores, labels, 0.1)).toBe(1); // 0.95, 0.9
    expect(precisionAtTop(scores, labels, 0.25)).toBe(3 / 5); // 0.95, 0.9, 0.85, 0.8, 0.75
    expect(topFractionThreshold(scores, 0.1)).toBe(0.9);
    expect(precisionAtTop([], [], 0.1)).toBeNull();
  });
});

describe('median', () => {
  it.each([[[3, 1, 2], 2], [[4, 1, 3, 2], 2.5], [[7], 7]])('%j → %d', (values, expected) => expect(median(values)).toBe(expected));
  it('is null with no values', () => expect(median([])).toBeNull());
});

describe('leadTimes', () => {
  const churn = new Map([['a', ['2026-03-01']], ['b', ['2026-03-01']], ['c', ['2025-01-01', '2026-06-01']]]);
  it('counts from the first flag in the window before each churn', () => {
    const scored = [
      { customerId: 'a', day: '2026-01-01', flagged: true }, // 59 days before: the first in the window
      { customerId: 'a', day: '2026-02-15', flagged: true },
      { customerId: 'a', day: '2025-12-01', flagged: true }, // 90 days before: not a warning of this churn
      { customerId: 'b', day: '2026-02-22', flagged: true },
      { customerId: 'b', day: '2026-01-10', flagged: false },
      { customerId: 'c', day: '2026-05-02', flagged: true }, // the second churn of c
      { customerId: 'd', day: '2026-01-10', flagged: true }, // never churned
    ];
    const leads = leadTimes(scored, churn, 60).sort((x, y) => (x.customerId < y.customerId ? -1 : 1));
    expect(leads).toEqual([
      { customerId: 'a', churnDay: '2026-03-01', days: 59 },
      { customerId: 'b', churnDay: '2026-03-01', days: 7 },
      { customerId: 'c', churnDay: '2026-06-01', days: 30 },
    ]);
  });
});

describe('samples', () => {
  it('samples every 14 days back from the last day', () => {
    expect(sampleDays('2026-01-01', '2026-02-01')).toEqual(['2026-01-04', '2026-01-18', '2026-02-01']);
    expect(sampleDays('2026-02-02', '2026-02-01')).toEqual([]);
  });

  it.each<[string, string[] | undefined, 0 | 1]>([
    ['churn the next day', ['2026-01-02'], 1],
    ['churn on the 60th day', ['2026-03-02'], 1],
    ['churn on the 61st day', ['2026-03-03'], 0],
    ['churn the same day (already gone)', ['2026-01-01'], 0],
    ['no churn', undefined, 0],
  ])('labels %s', (_name, days, label) => expect(churnLabel(days, '2026-01-01')).toBe(label));

  it('splits in time: no training label looks into the test days', () => {
    const days = sampleDays('2025-01-01', '2025-12-31');
    const samples: Sample[] = days.map((day) => ({ customerId: 'x', day, signals: {} as CustomerSignals, label: 0 }));
    const { cutoff, train, test } = timeSplit(samples);
    expect(cutoff).not.toBeNull();
    expect(test.length).toBeGreaterThanOrEqual(Math.floor(days.length * 0.25));
    for (const s of test) expect(s.day >= cutoff!).toBe(true);
    const lastTrain = train.at(-1)!.day;
    expect(Date.parse(cutoff!) - Date.parse(lastTrain)).toBeGreaterThanOrEqual(60 * 86_400_000);
  });
});
