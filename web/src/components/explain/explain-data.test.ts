import { describe, expect, it } from 'vitest';
import { explainSchema, summariseExplain, type ExplainPage } from './explain-data.js';

const line = (customerId: string, currency: string | null, amount: number, reporting = amount) => ({ customerId, name: customerId, currency, amount, reporting, days: [] });

function page(lines: ExplainPage['lines'], nextCursor: string | null): ExplainPage {
  return {
    metric: 'mrr', plan: null, from: null, to: '2026-01-15', asOf: '2026-01-15', currency: 'usd', unit: 'money', total: 3_000 + 1_170, lineCount: 4,
    groups: [
      { currency: 'eur', native: 1_000, reporting: 1_170, lines: 2 },
      { currency: 'usd', native: 3_000, reporting: 3_000, lines: 2 },
    ],
    lines, nextCursor,
  };
}

describe('summariseExplain', () => {
  it('counts every line of the figure, adds up the loaded ones and says when every page is in', () => {
    const first = page([line('a', 'usd', 2_000), line('b', 'eur', 600, 702)], 'next');
    const partial = summariseExplain([first])!;
    expect([partial.complete, partial.lineCount, partial.lines.length, partial.loadedSum]).toEqual([false, 4, 2, 2_702]);
    expect(partial.groups.map((g) => [g.currency, g.loaded, g.lines, g.loadedSum, g.native])).toEqual([['eur', 1, 2, 600, 1_000], ['usd', 1, 2, 2_000, 3_000]]);

    const all = summariseExplain([first, page([line('c', 'usd', 1_000), line('d', 'eur', 400, 468)], null)])!;
    expect(all.complete).toBe(true);
    for (const g of all.groups) expect([g.loadedSum, g.loaded]).toEqual([g.native, g.lines]);
    expect([all.groupsSum, all.loadedSum]).toEqual([all.total, all.total]);
    expect(all.lines.map((l) => l.customerId)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('is null before the first page', () => {
    expect(summariseExplain([])).toBeNull();
  });

  it('parses with the API\'s own contract (an unknown metric is refused)', () => {
    expect(explainSchema.parse(page([], null)).lineCount).toBe(4);
    expect(() => explainSchema.parse({ ...page([], null), metric: 'arr' })).toThrow();
  });
});
