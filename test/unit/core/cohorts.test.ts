import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCohorts, MIN_AVERAGE_COHORTS } from '../../../src/core/cohorts.js';
import { addMonths, lastDayOfMonth, monthOf, monthsBetween } from '../../../src/core/dates.js';
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

  it('groups customers by the month of their first new movement; the start is their new MRR', () => {
    expect(table.rows.map((r) => [r.cohort, r.customers, r.startMrr])).toEqual([
      ['2024-01', 2, 2100], // $10 + €10 × 1.10 (the rate at the end of January)
      ['2024-02', 1, 500],
      ['2024-03', 1, 700], // d joined and left within March: counted at its start, lost by M1
    ]);
  });

  it('M0 is the cohort as it started (100%); age k ≥ 1 is measured at the end of month cohort + k (the last at asOf)', () => {
    expect(jan!.payingCustomers).toEqual([2, 2, 1, 1, 2]); // a churns in March, returns in May
    expect(jan!.mrr).toEqual([2100, 3200, 2400, 2400, 3600]); // €20 at 1.10, then at 1.20
    expect(feb!.payingCustomers).toEqual([1, 1, 1, 1, null]);
    expect(feb!.mrr).toEqual([500, 500, 300, 300, null]);
    expect(mar!.payingCustomers).toEqual([1, 0, 0, null, null]);
    expect(mar!.logoRetention).toEqual([1, 0, 0, null, null]);
    expect(mar!.revenueRetention).toEqual([1, 0, 0, null, null]);
  });

  it('derives logo and revenue retention', () => {
    expect(jan!.logoRetention).toEqual([1, 1, 0.5, 0.5, 1]);
    expect(jan!.revenueRetention.map((v) => v! * 2100)).toEqual([2100, 3200, 2400, 2400, 3600].map((v) => expect.closeTo(v, 9)));
    expect(feb!.revenueRetention).toEqual([1, 1, 0.6, 0.6, null]);
  });

  it('averages by pooling the cohorts that reached each age, and flags ages reached by fewer than 3', () => {
    const avg = table.average;
    expect(avg.map((a) => a.cohorts)).toEqual([3, 3, 3, 2, 1]);
    expect(avg.map((a) => a.fewCohorts)).toEqual([false, false, false, true, true]);
    expect(MIN_AVERAGE_COHORTS).toBe(3);
    expect(avg[0]).toEqual({ age: 0, logoRetention: 1, revenueRetention: 1, cohorts: 3, fewCohorts: false });
    expect(avg[1]!.logoRetention).toBe(3 / 4);
    expect(avg[1]!.revenueRetention).toBeCloseTo(3700 / 3300, 12);
    expect(avg[2]!.logoRetention).toBe(2 / 4);
    expect(avg[2]!.revenueRetention).toBeCloseTo(2700 / 3300, 12);
    expect(avg[3]!.logoRetention).toBeCloseTo(2 / 3, 12);
    expect(avg[4]!.revenueRetention).toBeCloseTo(3600 / 2100, 12);
  });

  it('can hold the rate of the cohort month (constant currency)', () => {
    const constant = computeCohorts(LEDGER, { fx: FX, asOf: '2024-05-20', maxAge: 4, fxDay: 'cohort-start' });
    expect(constant.rows[0]!.mrr).toEqual([2100, 3200, 2200, 2200, 3400]); // €20 stays at 1.10
  });

  it('counts nothing dated after asOf, even a new customer known in advance', () => {
    const early = computeCohorts(LEDGER, { fx: FX, asOf: '2024-03-01', maxAge: 4 });
    expect(early.rows.map((r) => [r.cohort, r.customers])).toEqual([['2024-01', 2], ['2024-02', 1]]);
    expect(early.rows[0]!.mrr).toEqual([2100, 3200, 3200, null, null]); // a's churn (Mar 5) not yet: March read at Mar 1
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

  it('M0 is 100% for every cohort, the start is the members’ new MRR, and averages are weighted by size and by starting MRR', () => {
    const asOf = '2024-08-20';
    fc.assert(
      fc.property(ledgerArbitrary(['usd', 'eur', 'jpy']), fc.integer({ min: 0, max: 9 }), (ledger, maxAge) => {
        const table = computeCohorts(ledger, { fx: FX, asOf, maxAge });
        for (const row of table.rows) {
          expect(row.payingCustomers[0]).toBe(row.customers);
          expect(row.logoRetention[0]).toBe(1);
          expect(row.revenueRetention[0]).toBe(row.startMrr === 0 ? null : 1);
          const startDay = lastDayOfMonth(row.cohort) < asOf ? lastDayOfMonth(row.cohort) : asOf;
          const byCurrency = new Map<string, number>();
          for (const e of ledger) if (e.movement === 'new' && e.day <= asOf && monthOf(e.day) === row.cohort) byCurrency.set(e.currency, (byCurrency.get(e.currency) ?? 0) + e.delta);
          let expected = 0;
          for (const [currency, amount] of byCurrency) expected += FX.convert(amount, currency, startDay);
          expect(row.startMrr).toBe(expected);
        }
        for (const point of table.average) {
          const reached = table.rows.filter((r) => r.payingCustomers[point.age] !== null);
          expect(point.cohorts).toBe(reached.length);
          expect(point.fewCohorts).toBe(reached.length < 3);
          const size = reached.reduce((s, r) => s + r.customers, 0);
          const weighted = reached.reduce((s, r) => s + r.logoRetention[point.age]! * r.customers, 0);
          if (size === 0) expect(point.logoRetention).toBeNull();
          else expect(point.logoRetention).toBeCloseTo(weighted / size, 9);
          const start = reached.reduce((s, r) => s + r.startMrr, 0);
          const revenue = reached.reduce((s, r) => s + (r.revenueRetention[point.age] ?? 0) * r.startMrr, 0);
          if (start === 0) expect(point.revenueRetention).toBeNull();
          else expect(point.revenueRetention).toBeCloseTo(revenue / start, 9);
        }
        if (table.average.length > 0) expect(table.average[0]!.logoRetention).toBe(1);
      }),
      { numRuns: 150 },
    );
  });
});
