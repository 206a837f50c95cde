import { describe, expect, it } from 'vitest';
import { sortLines, summariseExplain, type ExplainPage } from './explain-data.js';

const line = (customerId: string, currency: string | null, amount: number, name: string | null = customerId) => ({ customerId, name, currency, amount, days: [] });

function page(lines: ExplainPage['lines'], nextCursor: string | null): ExplainPage {
  return {
    metric: 'mrr', from: null, to: '2026-01-15', currency: 'usd', total: 3_000 + 1_170,
    groups: [
      { currency: 'usd', native: 3_000, reporting: 3_000 },
      { currency: 'eur', native: 1_000, reporting: 1_170 },
    ],
    lines, nextCursor,
  };
}

describe('summariseExplain', () => {
  it('adds up each currency\'s loaded lines and says when every page is in', () => {
    const first = page([line('a', 'usd', 1_000), line('b', 'eur', 400)], 'next');
    const partial = summariseExplain([first])!;
    expect(partial.complete).toBe(false);
    expect(partial.groups.map((g) => [g.currency, g.linesSum, g.native])).toEqual([['usd', 1_000, 3_000], ['eur', 400, 1_000]]);

    const all = summariseExplain([first, page([line('c', 'usd', 2_000), line('d', 'eur', 600)], null)])!;
    expect(all.complete).toBe(true);
    for (const g of all.groups) expect(g.linesSum).toBe(g.native);
    expect(all.groupsSum).toBe(all.total);
    expect(all.lines).toHaveLength(4);
  });

  it('is null before the first page', () => {
    expect(summariseExplain([])).toBeNull();
  });
});

describe('sortLines', () => {
  it('keeps currencies together in the groups\' order, largest first, then by name', () => {
    const lines = [line('a', 'eur', 500, 'Zed'), line('b', 'usd', -900), line('c', 'usd', 100), line('d', 'eur', 500, 'Able'), line('e', null, 3)];
    expect(sortLines(lines, ['usd', 'eur']).map((l) => l.customerId)).toEqual(['b', 'c', 'd', 'a', 'e']);
  });
});
