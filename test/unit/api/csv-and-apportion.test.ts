import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { columnsOf, flatten } from '../../../src/api/csv.js';
import { apportion } from '../../../src/engine/breakdowns.js';

describe('CSV rows', () => {
  it('flattens nested objects and arrays into dotted columns, null to null', () => {
    expect(flatten({ a: 1, m: { new: 2, fx: -1 }, r: [0.5, null], s: null, ok: true })).toEqual({ a: 1, 'm.new': 2, 'm.fx': -1, 'r.0': 0.5, 'r.1': null, s: null, ok: true });
    expect(columnsOf([{ a: 1 }, { a: 2, reason: 'x' }])).toEqual(['a', 'reason']);
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
