// The API reads period metrics and cohorts from day totals instead of replaying the ledger; these
// properties hold the two readings together, field for field, on random consistent ledgers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohortStartsOf, cohortTotalsOf, cohortsFromTotals } from '../../../src/core/cohort-totals.js';
import { computeCohorts } from '../../../src/core/cohorts.js';
import { churnedFromStart, combineRows, dailyTotalsOf, payingSpellsOf, periodsFromDailyTotals } from '../../../src/core/daily-totals.js';
import { computePeriods } from '../../reference/period-metrics.js';
import { addDays, GRANULARITIES } from '../../../src/core/dates.js';
import type { LedgerEntry } from '../../../src/core/types.js';
import { FX, LEDGER } from './metrics-fixture.js';
import { BASE_DAY, bruteLevels, brutePaying, ledgerArbitrary } from './ledger-arbitrary.js';

function fromTotals(ledger: readonly LedgerEntry[], from: string, to: string, granularity: (typeof GRANULARITIES)[number]) {
  const totals = dailyTotalsOf(ledger);
  const spells = payingSpellsOf(ledger);
  const before = addDays(from, -1);
  return periodsFromDailyTotals(
    {
      levelsBefore: bruteLevels(ledger, before),
      payingBefore: brutePaying(ledger, before),
      days: totals,
      churnedFromStart: (start, end) => churnedFromStart(spells, start, end),
    },
    { from, to, granularity, fx: FX },
  );
}

describe('period metrics from day totals', () => {
  it('equal computePeriods on the hand-checked ledger', () => {
    for (const granularity of GRANULARITIES) {
      const expected = computePeriods(LEDGER, { from: '2024-01-01', to: '2024-06-30', granularity, reportingCurrency: 'usd', fx: FX });
      expect(fromTotals(LEDGER, '2024-01-01', '2024-06-30', granularity)).toEqual(expected);
    }
  });

  it('equal computePeriods on any consistent ledger, range and granularity', () => {
    fc.assert(
      fc.property(
        ledgerArbitrary(['usd', 'eur', 'jpy', 'kwd']),
        fc.constantFrom(...GRANULARITIES),
        fc.integer({ min: -10, max: 200 }),
        fc.integer({ min: 0, max: 120 }),
        (ledger, granularity, start, length) => {
          const from = addDays(BASE_DAY, start);
          const to = addDays(from, length);
          const expected = computePeriods(ledger, { from, to, granularity, reportingCurrency: 'usd', fx: FX });
          expect(fromTotals(ledger, from, to, granularity)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('count each customer-day event once, even across currencies', () => {
    fc.assert(
      fc.property(ledgerArbitrary(['usd', 'eur']), (ledger) => {
        const totals = dailyTotalsOf(ledger);
        const newDays = new Set(ledger.filter((e) => e.movement === 'new').map((e) => `${e.customerId}|${e.day}`));
        expect(totals.reduce((s, t) => s + t.newCustomers, 0)).toBe(newDays.size);
        expect(totals.reduce((s, t) => s + t.new, 0)).toBe(ledger.filter((e) => e.movement === 'new').reduce((s, e) => s + e.delta, 0));
      }),
    );
  });
});

describe('cohorts from cohort day totals', () => {
  it('equal computeCohorts on any consistent ledger', () => {
    fc.assert(
      fc.property(
        ledgerArbitrary(['usd', 'eur', 'jpy']),
        fc.integer({ min: 0, max: 260 }),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom<'month-end' | 'cohort-start'>('month-end', 'cohort-start'),
        (ledger, asOfOffset, maxAge, fxDay) => {
          const options = { fx: FX, asOf: addDays(BASE_DAY, asOfOffset), maxAge, fxDay };
          expect(cohortsFromTotals(cohortTotalsOf(ledger), cohortStartsOf(ledger), options)).toEqual(computeCohorts(ledger, options));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('combineRows', () => {
  it('turns daily rows into the row computePeriods gives for the whole range', () => {
    fc.assert(
      fc.property(ledgerArbitrary(['usd', 'eur']), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 60 }), (ledger, start, length) => {
        const from = addDays(BASE_DAY, start);
        const to = addDays(from, length);
        const daily = computePeriods(ledger, { from, to, granularity: 'day', reportingCurrency: 'usd', fx: FX });
        const years = computePeriods(ledger, { from, to, granularity: 'year', reportingCurrency: 'usd', fx: FX });
        const whole = years[0];
        if (years.length !== 1 || !whole) return; // a range across New Year has no single reference row
        const combined = combineRows(daily, churnedFromStart(payingSpellsOf(ledger), from, to), whole.period);
        expect(combined).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });
});
