import { describe, expect, it } from 'vitest';
import { byPlanResponse } from '@read/breakdowns/contract.js';
import { planRows, type ByPlan } from './plans.js';
import { planShareSubtitle, topCustomersSubtitle } from './panel-labels.js';

const plan = (id: string, mrr: number, customers = 1) => ({ planId: id, planName: id.toUpperCase(), mrr, customers, share: null, byCurrency: { usd: mrr } });

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

  it('handles no MRR', () => {
    const rows = planRows({ date: '2026-01-15', currency: 'usd', mrr: 0, plans: [plan('a', 0, 2)] });
    expect(rows[0]).toMatchObject({ name: 'A', share: 0 });
  });

  it('parses the API answer with the route’s own contract, and refuses a plan without an id', () => {
    const answer = { date: '2026-01-31', currency: 'usd', mrr: 900, plans: [plan('a', 900)] };
    expect(byPlanResponse.parse(answer)).toEqual(answer);
    expect(byPlanResponse.safeParse({ ...answer, plans: [{ ...plan('a', 900), planId: null }] }).success).toBe(false);
  });
});

describe('Executive panel labels', () => {
  it('revenue by plan names the end of the range, "today" only when the range ends today', () => {
    expect(planShareSubtitle({ to: '2026-01-31', endsToday: false }, 'en-GB')).toBe('Share of MRR on 31 Jan 2026');
    expect(planShareSubtitle({ to: '2026-03-18', endsToday: true }, 'en-GB')).toBe('Share of MRR today');
  });

  it('the top customers say they are now, and not the selected range when it ends earlier', () => {
    expect(topCustomersSubtitle({ to: '2026-03-18', endsToday: true }, '2026-03-18', 'en-GB')).toBe('MRR now, in each customer’s own currency');
    expect(topCustomersSubtitle({ to: '2026-01-31', endsToday: false }, '2026-03-18', 'en-GB')).toBe('MRR now (18 Mar 2026), not on 31 Jan 2026: in each customer’s own currency');
  });
});
