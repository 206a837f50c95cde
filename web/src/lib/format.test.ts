import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAge, formatCount, formatMoney, formatMoneyChange, formatProbability, formatScore, minorToDecimalString } from './format.js';

const NBSP = '\u00a0';

describe('minorToDecimalString', () => {
  it.each([
    [0, 2, '0.00'],
    [5, 2, '0.05'],
    [-5, 2, '-0.05'],
    [123456, 2, '1234.56'],
    [123456, 0, '123456'],
    [123456, 3, '123.456'],
    [7, 3, '0.007'],
    [-1000, 3, '-1.000'],
    [123456789012345678901n, 2, '1234567890123456789.01'],
  ] as const)('%s with exponent %i → %s', (minor, exponent, expected) => {
    expect(minorToDecimalString(minor, exponent)).toBe(expected);
  });

  it('rejects amounts that are not integers of minor units', () => {
    expect(() => minorToDecimalString(12.5, 2)).toThrow(RangeError);
    expect(() => minorToDecimalString(Number.MAX_SAFE_INTEGER + 2, 2)).toThrow(RangeError);
  });

  it('is an exact division by 10^exponent (digits round-trip, fraction has exactly `exponent` places)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 4 }), (minor, exponent) => {
        const text = minorToDecimalString(minor, exponent);
        expect(BigInt(text.replace('.', ''))).toBe(minor);
        const fraction = text.split('.')[1] ?? '';
        expect(fraction.length).toBe(exponent);
      }),
    );
  });
});

describe('formatMoney', () => {
  it.each([
    // USD: 2 decimals, so 123456 cents is $1,234.56.
    [123456, 'usd', 'en-US', '$1,234.56'],
    [0, 'usd', 'en-US', '$0.00'],
    [-5, 'usd', 'en-US', '-$0.05'],
    [123456, 'USD', 'en-US', '$1,234.56'],
    // JPY has no minor unit: 123456 is ¥123,456, not ¥1,234.56.
    [123456, 'jpy', 'en-US', '¥123,456'],
    // KWD has 3 decimals (fils): 123456 fils is 123.456 dinars.
    [123456, 'kwd', 'en-US', `KWD${NBSP}123.456`],
    [1, 'kwd', 'en-US', `KWD${NBSP}0.001`],
    // Locale decides separators and symbol position, the currency decides the decimals.
    [123456, 'usd', 'de-DE', `1.234,56${NBSP}$`],
    [123456, 'eur', 'de-DE', `1.234,56${NBSP}€`],
    [123456, 'jpy', 'de-DE', `123.456${NBSP}¥`],
  ] as const)('%i %s in %s → %s', (minor, currency, locale, expected) => {
    expect(formatMoney(minor, currency, locale)).toBe(expected);
  });

  it('stays exact beyond the range of floats', () => {
    // 2^53 + 1 cents cannot be represented as a double; the string path keeps every digit.
    expect(formatMoney(9007199254740993n, 'usd', 'en-US')).toBe('$90,071,992,547,409.93');
  });

  it('rejects something that is not a currency code', () => {
    expect(() => formatMoney(100, 'dollars', 'en-US')).toThrow(RangeError);
  });
});

describe('formatMoneyChange', () => {
  it.each([
    [1200, 'usd', '+$12.00'],
    [-350, 'usd', '-$3.50'],
    [0, 'usd', '$0.00'],
    [-1500, 'jpy', '-¥1,500'],
  ] as const)('%i %s → %s', (minor, currency, expected) => {
    expect(formatMoneyChange(minor, currency, 'en-US')).toBe(expected);
  });
});

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [1234, '1,234'],
    [1234567, '1,234,567'],
  ])('%i → %s', (value, expected) => {
    expect(formatCount(value, 'en-US')).toBe(expected);
  });
});

describe('formatAge', () => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  it.each([
    [0, 'just now'],
    [59 * s, 'just now'],
    [60 * s, '1m ago'],
    [59 * m + 59 * s, '59m ago'],
    [60 * m, '1h ago'],
    [2 * h + 30 * m, '2h ago'],
    [23 * h + 59 * m, '23h ago'],
    [24 * h, '1d ago'],
    [50 * h, '2d ago'],
  ])('%i ms → %s', (age, expected) => {
    expect(formatAge(age)).toBe(expected);
  });
});

describe('formatScore', () => {
  it.each([
    [72, false, '72'],
    [72.4, false, '72'],
    [72.5, false, '73'],
    [0, false, '0'],
    [100, false, '100'],
    [42, true, '+42'],
    [-8, true, '-8'],
    [0, true, '0'],
    [-100, true, '-100'],
    [null, true, '—'],
    [undefined, false, '—'],
    [Number.NaN, false, '—'],
  ] as const)('%s (signed %s) → %s', (value, signed, expected) => {
    expect(formatScore(value, { locale: 'en-US', signed })).toBe(expected);
  });
});

describe('formatProbability', () => {
  it.each([
    [0.37, '37%'],
    [0.374, '37%'],
    [1, '100%'],
    [0, '0%'],
    [0.004, '<1%'],
    [0.005, '1%'],
    [null, '—'],
  ] as const)('%s → %s', (p, expected) => {
    expect(formatProbability(p, 'en-US')).toBe(expected);
  });
});
