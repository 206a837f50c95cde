import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFxTable, DEMO_FX_RATES } from '../../../src/core/fx.js';
import { withFastConvert } from '../../../src/core/fx-fast.js';
import { addDays } from '../../../src/core/dates.js';

describe('withFastConvert', () => {
  for (const reporting of ['usd', 'eur'] as const) {
    it(`converts exactly as the table does (into ${reporting})`, () => {
      const fx = createFxTable(DEMO_FX_RATES[reporting], reporting);
      const fast = withFastConvert(fx);
      fc.assert(
        fc.property(
          fc.oneof(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.integer({ min: -5, max: 5 }), fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 25, -25, 5, -15)),
          fc.constantFrom('usd', 'eur', 'gbp', 'jpy', 'kwd', 'chf', 'cad', 'aud'),
          fc.integer({ min: 0, max: 1500 }),
          (amount, currency, offset) => {
            const day = addDays('2022-12-01', offset);
            let expected: number | string;
            try {
              expected = fx.convert(amount, currency, day);
            } catch (error) {
              expected = (error as Error).message;
            }
            let actual: number | string;
            try {
              actual = fast.convert(amount, currency, day);
            } catch (error) {
              actual = (error as Error).message;
            }
            expect(actual).toBe(expected);
          },
        ),
        { numRuns: 5000 },
      );
    });
  }
});
