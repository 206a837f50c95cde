import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeSlices, customerBreakdown, pageOfLines } from '../../../src/core/customer-breakdown.js';
import { computePeriods } from '../../reference/period-metrics.js';
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

describe('attributeSlices: lines that add up to the figure', () => {
  const line = (customerId: string, amount: number) => ({ customerId, name: null, amount, days: ['2024-03-01'] });

  it('apportions each currency\'s converted total over its lines, so the contributions sum to the figure', () => {
    // €10.01 + €20.02 + €30.03 converted at one rate to $66.07 (not a multiple of the natives).
    const { groups, lines } = attributeSlices([
      { currency: 'eur', reporting: 6607, lines: [line('a', 1001), line('b', 2002), line('c', 3003)] },
      { currency: 'usd', reporting: 5000, lines: [line('d', 5000)] },
    ]);
    expect(lines.reduce((s, l) => s + l.reporting, 0)).toBe(6607 + 5000);
    expect(groups).toEqual([{ currency: 'eur', native: 6006, reporting: 6607, lines: 3 }, { currency: 'usd', native: 5000, reporting: 5000, lines: 1 }]);
    // Largest contribution first, across currencies, in the reporting currency.
    expect(lines.map((l) => [l.customerId, l.reporting])).toEqual([['d', 5000], ['c', 3304], ['b', 2202], ['a', 1101]]);
  });

  it('merges a customer\'s kinds (net new MRR) and orders by the size of the contribution, ties by customer id', () => {
    const { lines } = attributeSlices([
      { currency: 'usd', reporting: 300, lines: [line('b', 100), line('a', 200)] },
      { currency: 'usd', reporting: -250, lines: [line('b', -50), line('c', -200)] },
    ]);
    expect(lines.map((l) => [l.customerId, l.amount, l.reporting])).toEqual([['a', 200, 200], ['c', -200, -200], ['b', 50, 50]]);
  });

  it('refuses a slice that mixes signs (its shares would not be defined)', () => {
    expect(() => attributeSlices([{ currency: 'usd', reporting: 0, lines: [line('a', 5), line('b', -5)] }])).toThrow(/mixes positive and negative/);
  });

  it('pages through every line after a position, whatever the page size', () => {
    const { lines } = attributeSlices([{ currency: null, reporting: 13, lines: ['e', 'a', 'c', 'b', 'g', 'f', 'd'].map((id, i) => line(id, (i % 3) + 1)) }]);
    for (const size of [1, 2, 3, 7, 10]) {
      const seen: string[] = [];
      let after = null;
      do {
        const page: ReturnType<typeof pageOfLines<(typeof lines)[number]>> = pageOfLines(lines, size, after);
        seen.push(...page.lines.map((l) => l.customerId!));
        after = page.next;
      } while (after);
      expect(seen, `page size ${size}`).toEqual(lines.map((l) => l.customerId));
    }
    expect(lines.map((l) => [l.customerId, l.reporting])).toEqual([['c', 3], ['f', 3], ['a', 2], ['g', 2], ['b', 1], ['d', 1], ['e', 1]]);
  });
});
