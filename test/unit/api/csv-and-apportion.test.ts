import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { columnsOf, csvCast, flatten } from '../../../src/api/csv.js';
import { FORMULA_PREFIXES, neutraliseFormula } from '../../../src/core/csv-cell.js';
import { apportion } from '../../../src/core/apportion.js';

describe('CSV rows', () => {
  it('flattens nested objects and arrays into dotted columns, null to null', () => {
    expect(flatten({ a: 1, m: { new: 2, fx: -1 }, r: [0.5, null], s: null, ok: true })).toEqual({ a: 1, 'm.new': 2, 'm.fx': -1, 'r.0': 0.5, 'r.1': null, s: null, ok: true });
    expect(columnsOf([{ a: 1 }, { a: 2, reason: 'x' }])).toEqual(['a', 'reason']);
  });
});

describe('CSV formula injection (one function for every export)', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['-12.50', "'-12.50"], // text that looks like a number is still text
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    ["'=already", "'=already"],
    ['', ''],
  ])('%j → %j', (text, expected) => {
    expect(neutraliseFormula(text)).toBe(expected);
  });

  it('is idempotent and only ever adds one leading quote', () => {
    fc.assert(fc.property(fc.string(), fc.constantFrom('', ...FORMULA_PREFIXES), (rest, prefix) => {
      const once = neutraliseFormula(prefix + rest);
      expect(neutraliseFormula(once)).toBe(once);
      expect(once === prefix + rest || once === `'${prefix}${rest}`).toBe(true);
      expect(FORMULA_PREFIXES.some((p) => once.startsWith(p))).toBe(false);
    }));
  });

  it('neutralises text cells but keeps numbers, booleans, dates and null as they are', () => {
    const csv = stringify([['=1+1', -1250, -12.5, 0.05, true, new Date('2024-01-02T03:04:05Z'), null, { a: '=x' }, '-2+3']], { cast: csvCast() });
    expect(csv).toBe(`'=1+1,-1250,-12.5,0.05,true,2024-01-02T03:04:05.000Z,,"{""a"":""=x""}",'-2+3\n`);
  });
});

describe('apportion', () => {
  it('splits a total in proportion, to the unit, largest remainders first', () => {
    expect(apportion(4800, [3000, 1000])).toEqual([3600, 1200]);
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(0, [5, 5])).toEqual([0, 0]);
  });

  it('always sums to the total', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 8 }), (total, weights) => {
      const parts = apportion(total, weights);
      const sum = weights.reduce((s, w) => s + w, 0);
      expect(parts.reduce((s, p) => s + p, 0)).toBe(sum === 0 ? 0 : total);
    }));
  });
});
