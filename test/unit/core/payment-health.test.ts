// Payment health's one conversion: each (day, currency) sum converted once and apportioned over
// its codes, so every display — the failed card, the reasons, the periods — adds up exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFxTable } from '../../../src/core/fx.js';
import { convertOnce, paymentsHealthFrom, type PaymentDaySum } from '../../../src/core/payment-health.js';

const fx = createFxTable([{ currency: 'gbp', day: '2024-01-01', rate: '1.2' }, { currency: 'eur', day: '2024-01-01', rate: '1.0837' }], 'usd');
const convert = (amount: number, currency: string, day: string) => fx.convert(amount, currency, day);
const none: PaymentDaySum[] = [];

describe('convertOnce', () => {
  it('converts a day’s sum once and splits it over the codes by native amount', () => {
    // £10.03 three times at 1.2: $12.036 each, $36.108 together → $36.11, not 3 × $12.04.
    const rows = ['a', 'b', 'c'].map((code) => ({ day: '2024-04-12', currency: 'gbp', amount: 1003, count: 1, code }));
    const parts = convertOnce(rows, convert);
    expect(parts.map((p) => p.amount)).toEqual([1204, 1204, 1203]);
    expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(fx.convert(3009, 'gbp', '2024-04-12'));
    expect(rows.map((r) => fx.convert(r.amount, 'gbp', r.day)).reduce((s, a) => s + a, 0)).toBe(3612);
  });

  it('keeps days and currencies apart: each is its own conversion', () => {
    const parts = convertOnce([
      { day: '2024-04-12', currency: 'eur', amount: 1999, count: 1, code: 'x' },
      { day: '2024-04-13', currency: 'eur', amount: 1999, count: 2, code: 'x' },
      { day: '2024-04-13', currency: 'usd', amount: 500, count: 1, code: 'x' },
    ], convert);
    expect(parts).toEqual([
      { day: '2024-04-12', code: 'x', count: 1, amount: fx.convert(1999, 'eur', '2024-04-12') },
      { day: '2024-04-13', code: 'x', count: 2, amount: fx.convert(1999, 'eur', '2024-04-13') },
      { day: '2024-04-13', code: 'x', count: 1, amount: 500 },
    ]);
  });
});

describe('paymentsHealthFrom', () => {
  const row = fc.record({
    day: fc.constantFrom('2024-03-30', '2024-03-31', '2024-04-01', '2024-04-12', '2024-04-30', '2024-05-01'),
    currency: fc.constantFrom('usd', 'eur', 'gbp'),
    amount: fc.integer({ min: 1, max: 5_000_000 }),
    count: fc.integer({ min: 1, max: 20 }),
    code: fc.constantFrom('insufficient_funds', 'expired_card', 'do_not_honor', 'generic_decline'),
  });

  it('the reasons sum to the failed card, and the periods to the range, whatever the data', () => {
    fc.assert(fc.property(fc.array(row, { maxLength: 40 }), fc.constantFrom('day', 'week', 'month') as fc.Arbitrary<'day' | 'week' | 'month'>, (failed, granularity) => {
      const h = paymentsHealthFrom({ succeeded: none, failed, refunds: none, disputes: none, recovered: none }, { from: '2024-03-31', to: '2024-04-30', granularity, currency: 'usd', convert });
      const inRange = failed.filter((r) => r.day >= '2024-03-31' && r.day <= '2024-04-30');
      expect(h.failed.count).toBe(inRange.reduce((s, r) => s + r.count, 0));
      expect(h.declines.reduce((s, d) => s + d.amount, 0)).toBe(h.failed.amount);
      expect(h.declines.reduce((s, d) => s + d.count, 0)).toBe(h.failed.count);
      expect(h.series.reduce((s, p) => s + p.failed.amount, 0)).toBe(h.failed.amount);
      // The card is each (day, currency) sum converted once.
      const sums = new Map<string, { day: string; currency: string; amount: number }>();
      for (const r of inRange) {
        const key = `${r.day}|${r.currency}`;
        const seen = sums.get(key) ?? sums.set(key, { day: r.day, currency: r.currency, amount: 0 }).get(key)!;
        seen.amount += r.amount;
      }
      expect(h.failed.amount).toBe([...sums.values()].reduce((s, g) => s + fx.convert(g.amount, g.currency, g.day), 0));
    }));
  });

  it('counts lost disputes and says why a rate is undefined', () => {
    const disputes = [
      { day: '2024-04-02', currency: 'usd', amount: 1000, count: 2, code: 'lost' },
      { day: '2024-04-03', currency: 'usd', amount: 500, count: 1, code: 'won' },
      { day: '2024-05-03', currency: 'usd', amount: 500, count: 1, code: 'lost' },
    ];
    const h = paymentsHealthFrom({ succeeded: none, failed: none, refunds: none, disputes, recovered: none }, { from: '2024-04-01', to: '2024-04-30', granularity: 'month', currency: 'usd', convert });
    expect(h.disputes).toEqual({ count: 3, amount: 1500, lost: 2 });
    expect(h.successRate).toEqual({ value: null, reason: 'no payments in the period' });
  });
});
