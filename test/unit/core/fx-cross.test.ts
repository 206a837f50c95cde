// Conversion through the euro reference quotes (ECB's "units of X per one euro"), exact as
// rationals; direct rates win; carry-forward; and the lenient table that leaves a currency with
// no rate at all out (0) instead of failing the figure, naming it separately.
import { describe, expect, it } from 'vitest';
import { createFxTable, lenientFxTable, MissingFxRateError, unconvertedAmounts } from '../../../src/core/fx.js';

const QUOTES = [
  { currency: 'usd', day: '2025-01-02', rate: '1.0350' },
  { currency: 'gbp', day: '2025-01-02', rate: '0.8290' },
  { currency: 'jpy', day: '2025-01-02', rate: '163.00' },
  { currency: 'usd', day: '2025-01-03', rate: '1.0300' },
];

describe('cross rates through the euro', () => {
  const usd = createFxTable([], 'usd', { eurQuotes: QUOTES });

  it('converts EUR at q(usd), and GBP at q(usd) ÷ q(gbp), exactly, rounding once', () => {
    expect(usd.convert(10_000, 'eur', '2025-01-02')).toBe(10_350); // €100.00 → $103.50
    // £100.00 × 1.0350 / 0.8290 = $124.8492… → 12 485 cents
    expect(usd.convert(10_000, 'gbp', '2025-01-02')).toBe(12_485);
    // ¥10,000 (no minor unit) × 1.0350 / 163 = $63.4969… → 6 350 cents
    expect(usd.convert(10_000, 'jpy', '2025-01-02')).toBe(6_350);
  });

  it('carries the latest quote forward to later days, and each leg on its own', () => {
    // 2025-01-04: usd from 01-03 (1.0300), gbp from 01-02 (0.8290)
    expect(usd.convert(10_000, 'gbp', '2025-01-04')).toBe(Math.round((10_000 * 1.03) / 0.829));
    expect(usd.convert(10_000, 'eur', '2025-01-06')).toBe(10_300);
  });

  it('reports into EUR with 1 ÷ q(X)', () => {
    const eur = createFxTable([], 'eur', { eurQuotes: QUOTES });
    expect(eur.convert(10_350, 'usd', '2025-01-02')).toBe(10_000);
    expect(eur.currencies).toEqual(['gbp', 'jpy', 'usd']);
  });

  it('prefers a direct rate over the cross rate', () => {
    const table = createFxTable([{ currency: 'gbp', day: '2025-01-01', rate: '1.25' }], 'usd', { eurQuotes: QUOTES });
    expect(table.convert(10_000, 'gbp', '2025-01-02')).toBe(12_500);
    expect(table.convert(10_000, 'eur', '2025-01-02')).toBe(10_350);
  });

  it('still refuses a currency with neither (strict), and leaves it out when lenient', () => {
    expect(() => usd.convert(100, 'chf', '2025-01-02')).toThrow(MissingFxRateError);
    const lenient = lenientFxTable(usd);
    expect(lenient.convert(100, 'chf', '2025-01-02')).toBe(0);
    expect(lenient.convert(10_000, 'eur', '2025-01-02')).toBe(10_350);
    expect(lenient.canConvert('chf')).toBe(false);
    expect(unconvertedAmounts(new Map([['usd', 500], ['chf', 1_240], ['eur', 100], ['sek', 0]]), lenient)).toEqual([{ currency: 'chf', amount: 1_240 }]);
  });

  it('cannot cross into a reporting currency that has no quote', () => {
    const sek = createFxTable([], 'sek', { eurQuotes: QUOTES });
    expect(sek.currencies).toEqual([]);
    expect(() => sek.convert(100, 'usd', '2025-01-02')).toThrow(MissingFxRateError);
  });
});
