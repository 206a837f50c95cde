import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCohorts } from '../../../src/core/cohorts.js';
import { addMonths, lastDayOfMonth, monthOf, monthsBetween } from '../../../src/core/periods.js';
import { bruteLevels, ledgerArbitrary } from './ledger-arbitrary.js';
import { entry, FX } from './metrics-fixture.js';

// eur→usd is 1.10 until 2024-03-14 and 1.20 from 2024-03-15.
const LEDGER = [
  entry('a', '2024-01-10', 'usd', 1000, 1000, 'new'),
  entry('b', '2024-01-20', 'eur', 1000, 1000, 'new'),
  entry('c', '2024-02-05', 'usd', 500, 500, 'new'),
  entry('b', '2024-02-10', 'eur', 2000, 1000, 'expansion'),
  entry('d', '2024-03-02', 'usd', 700, 700, 'new'),
  entry('a', '2024-03-05', 'usd', 0, -1000, 'churn'),
  entry('d', '2024-03-20', 'usd', 0, -700, 'churn'),
  entry('c', '2024-04-01', 'usd', 300, -200, 'contraction'),
  entry('a', '2024-05-10', 'usd', 1200, 1200, 'reactivation'),
  entry('c', '2024-06-01', 'usd', 0, -300, 'churn'), // after asOf: ignored
];

describe('computeCohorts on a hand-checked ledger', () => {
  const table = computeCohorts(LEDGER, { fx: FX, asOf: '2024-05-20', maxAge: 4 });
  const [jan, feb, mar] = table.rows;

  it('groups customers by the month of their first new movement', () => {
    expect(table.rows.map((r) => [r.cohort, r.customers, r.startMrr])).toEqual([
      ['2024-01', 2, 2100], // $10 + €10 × 1.10
      ['2024-02', 1, 500],
      ['2024-03', 1, 0], // d joined and left within March
    ]);
  });

  it('measures paying customers and MRR at each month end (the last month at asOf)', () => {
    expect(jan!.payingCustomers).toEqual([2, 2, 1, 1, 2]); // a churns in March, returns in May
    expect(jan!.mrr).toEqual([2100, 3200, 2400, 2400, 3600]); // €20 at 1.10, then at 1.20
    expect(feb!.payingCustomers).toEqual([1, 1, 1, 1, null]);
    expect(feb!.mrr).toEqual([500, 500, 300, 300, null]);
    expect(mar!.logoRetention).toEqual([0, 0, 0, null, null]);
    expect(mar!.revenueRetention).toEqual([null, null, null, null, null]);
  });

  it('derives logo and revenue retention', () => {
    expect(jan!.logoRetention).toEqual([1, 1, 0.5, 0.5, 1]);
    expect(jan!.revenueRetention.map((v) => v! * 2100)).toEqual([2100, 3200, 2400, 2400, 3600].map((v) => expect.closeTo(v, 9)));
    expect(feb!.revenueRetention).toEqual([1, 1, 0.6, 0.6, null]);
  });

  it('averages by pooling the cohorts that reached each age', () => {
    const avg = table.average;
    expect(avg.map((a) => a.cohorts)).toEqual([3, 3, 3, 2, 1]);
    expect(avg[0]).toEqual({ age: 0, logoRetention: 3 / 4, revenueRetention: 1, cohorts: 3 });
    expect(avg[2]!.logoRetention).toBe(2 / 4);
    expect(avg[2]!.revenueRetention).toBeCloseTo(2700 / 2600, 12);
    expect(avg[3]!.logoRetention).toBeCloseTo(2 / 3, 12);
    expect(avg[4]!.revenueRetention).toBeCloseTo(3600 / 2100, 12);
  });

  it('can hold the rate of the cohort month (constant currency)', () => {
    const constant = computeCohorts(LEDGER, { fx: FX, asOf: '2024-05-20', maxAge: 4, fxDay: 'cohort-start' });
    expect(constant.rows[0]!.mrr).toEqual([2100, 3200, 2200, 2200, 3400]); // €20 stays at 1.10
  });

  it('stops at maxAge and is empty without new customers', () => {
    expect(computeCohorts(LEDGER, { fx: FX, asOf: '2024-05-20', maxAge: 1 }).rows[0]!.mrr).toEqual([2100, 3200]);
    expect(computeCohorts([], { fx: FX, asOf: '2024-05-20' })).toEqual({ rows: [], average: [] });
  });
});

describe('cohort properties', () => {
  it('sizes add up, retention stays within bounds and cohort MRR matches a brute-force reading', () => {
    const asOf = '2024-08-20';
    fc.assert(
      fc.property(ledgerArbitrary(['usd', 'eur', 'jpy']), (ledger) => {
        const table = computeCohorts(ledger, { fx: FX, asOf, maxAge: 24 });
        const firstNew = new Map<string, string>();
        for (const e of [...ledger].sort((x, y) => (x.day < y.day ? -1 : 1))) {
          if (e.movement === 'new' && e.day <= asOf && !firstNew.has(e.customerId)) firstNew.set(e.customerId, e.day);
        }
        expect(table.rows.reduce((s, r) => s + r.customers, 0)).toBe(firstNew.size);
        for (const row of table.rows) {
          const members = new Set([...firstNew].filter(([, day]) => monthOf(day) === row.cohort).map(([id]) => id));
          row.logoRetention.forEach((v) => v === null || expect(v >= 0 && v <= 1).toBe(true));
          for (let age = 0; age <= monthsBetween(row.cohort, monthOf(asOf)) && age <= 24; age += 1) {
            const monthEnd = lastDayOfMonth(addMonths(row.cohort, age));
            const day = monthEnd < asOf ? monthEnd : asOf;
            const levels = bruteLevels(ledger.filter((e) => members.has(e.customerId)), day);
            let expected = 0;
            for (const [currency, amount] of levels) expected += FX.convert(amount, currency, day);
            expect(row.mrr[age]).toBe(expected);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
