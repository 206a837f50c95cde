import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerBreakdown } from '../../../src/core/customer-breakdown.js';
import { computePeriods } from '../../../src/core/period-metrics.js';
import { addDays, GRANULARITIES } from '../../../src/core/dates.js';
import { BASE_DAY, ledgerArbitrary } from './ledger-arbitrary.js';
import { FX, LEDGER } from './metrics-fixture.js';

describe('customerBreakdown on the hand-checked ledger', () => {
  it('explains March MRR by customer, in native amounts', () => {
    const explained = customerBreakdown(LEDGER, { metric: 'mrr', from: '2024-03-01', to: '2024-03-31', fx: FX });
    expect(explained.lines).toEqual([
      { customerId: 'a', currency: 'usd', amount: 7000, days: ['2024-03-05'] },
      { customerId: 'c', currency: 'eur', amount: 8000, days: ['2024-03-10'] },
    ]);
    expect(explained.groups).toEqual([
      { currency: 'eur', native: 8000, reporting: 9600 }, // €80 × 1.20
      { currency: 'usd', native: 7000, reporting: 7000 },
    ]);
    expect(explained.total).toBe(16600);
  });

  it('explains January new business and March contraction', () => {
    const jan = customerBreakdown(LEDGER, { metric: 'new', from: '2024-01-01', to: '2024-01-31', fx: FX });
    expect(jan.lines.map((l) => [l.customerId, l.currency, l.amount])).toEqual([
      ['a', 'usd', 5000],
      ['c', 'eur', 10000],
    ]);
    expect(jan.total).toBe(16000);
    const march = customerBreakdown(LEDGER, { metric: 'contraction', from: '2024-03-01', to: '2024-03-31', fx: FX });
    expect(march.groups).toEqual([{ currency: 'eur', native: -2000, reporting: -2200 }]);
  });

  it('puts the FX effect on the currency that moved', () => {
    const fx = customerBreakdown(LEDGER, { metric: 'fx', from: '2024-03-01', to: '2024-03-31', fx: FX });
    expect(fx.groups).toEqual([{ currency: 'eur', native: 0, reporting: 800 }]);
    expect(fx.lines).toEqual([]);
  });
});

describe('breakdowns reconcile with computePeriods (property)', () => {
  it('lines sum to native group totals and groups to the reported figure, for every metric', () => {
    const metrics = ['mrr', 'new', 'expansion', 'contraction', 'churn', 'reactivation', 'fx'] as const;
    fc.assert(
      fc.property(ledgerArbitrary(['usd', 'eur', 'jpy', 'kwd']), fc.constantFrom(...GRANULARITIES.slice(1)), (ledger, g) => {
        const rows = computePeriods(ledger, { from: BASE_DAY, to: addDays(BASE_DAY, 250), granularity: g, reportingCurrency: 'usd', fx: FX });
        for (const row of rows.slice(0, 6)) {
          for (const metric of metrics) {
            const explained = customerBreakdown(ledger, { metric, from: row.start, to: row.end, fx: FX });
            expect(explained.total).toBe(metric === 'mrr' ? row.mrr : row.movements[metric]);
            for (const group of explained.groups) {
              const lines = explained.lines.filter((l) => l.currency === group.currency);
              expect(lines.reduce((s, l) => s + l.amount, 0)).toBe(group.native);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
