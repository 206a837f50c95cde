import { describe, expect, it } from 'vitest';
import { planRows, type ByPlan } from './plans.js';

const plan = (id: string, mrr: number, customers = 1) => ({ planId: id, planName: id.toUpperCase(), mrr, customers, share: null });

describe('planRows', () => {
  it('orders plans by MRR with their share, summing to the MRR', () => {
    const data: ByPlan = { date: '2026-01-15', currency: 'usd', mrr: 1_000, plans: [plan('a', 200), plan('b', 700), plan('c', 100)] };
    const rows = planRows(data);
    expect(rows.map((r) => [r.name, r.share])).toEqual([['B', 0.7], ['A', 0.2], ['C', 0.1]]);
    expect(rows.reduce((s, r) => s + r.mrr, 0)).toBe(data.mrr);
  });

  it('folds the smallest plans into one row beyond the limit', () => {
    const data: ByPlan = { date: '2026-01-15', currency: 'usd', mrr: 1_500, plans: [plan('a', 500), plan('b', 400), plan('c', 300), plan('d', 200, 2), plan('e', 100, 3)] };
    const rows = planRows(data, 3);
    expect(rows.map((r) => r.name)).toEqual(['A', 'B', 'Other plans (3)']);
    expect(rows[2]).toMatchObject({ mrr: 600, customers: 6, planId: null });
    expect(rows.reduce((s, r) => s + r.mrr, 0)).toBe(1_500);
  });

  it('names a plan without a name and handles no MRR', () => {
    const rows = planRows({ date: 'x', currency: 'usd', mrr: 0, plans: [{ planId: null, planName: null, mrr: 0, customers: 2, share: null }] });
    expect(rows[0]).toMatchObject({ name: 'No plan', share: 0 });
  });
});
