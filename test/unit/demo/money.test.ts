import { describe, expect, it } from 'vitest';
import { majorToMinor } from '../../../src/demo/catalog.js';
import { formatMoney, percentOf, prorate } from '../../../src/demo/invoicing.js';

describe('prorate (amount × remaining / period, half away from zero)', () => {
  const start = 1_700_000_000;
  it.each([
    // amount, seconds elapsed, period length, expected (worked by hand)
    [2900, 0, 2_592_000, 2900], // nothing used yet: the full amount
    [2900, 2_592_000, 2_592_000, 0], // all used
    [2900, 1_296_000, 2_592_000, 1450], // half of 2900
    [1000, 1, 3, 667], // 1000 × 2/3 = 666.67
    [5, 1, 2, 3], // 2.5 rounds away from zero
    [56000, 31_622_400 - 9_250_450, 31_622_400, 16382], // 56000 × 9250450 / 31622400 = 16381.7
    [499_000, 86_400, 31_536_000, 497_633], // 499000 × 364/365 = 497632.88
  ])('%i with %i of %i seconds used → %i', (amount, used, length, expected) => {
    expect(prorate(amount, start + used, start, start + length)).toBe(expected);
  });
});

describe('percentOf', () => {
  it.each([
    [2900, 20, 580],
    [4500, 50, 2250],
    [2999, 10, 300], // 299.9
    [1, 50, 1], // 0.5 → 1
    [100, 12.5, 13], // 12.5 → 13, and the percent stays exact
    [14000, 33.33, 4666], // 4666.2
  ])('%i × %d%% = %i', (amount, percent, expected) => {
    expect(percentOf(amount, percent)).toBe(expected);
  });
});

describe('majorToMinor uses the currency exponent', () => {
  it.each([
    ['29', 'usd', 2900],
    ['4690', 'eur', 469000],
    ['0.5', 'gbp', 50],
    ['1000', 'jpy', 1000], // zero-decimal
    ['1.234', 'kwd', 1234], // three decimals
  ])('%s %s = %i minor units', (major, currency, expected) => {
    expect(majorToMinor(major, currency)).toBe(expected);
  });
});

describe('formatMoney', () => {
  it.each([
    [2900, 'usd', '$29.00'],
    [469000, 'eur', '€4,690.00'],
    [5, 'gbp', '£0.05'],
    [150000000, 'usd', '$1,500,000.00'],
    [1000, 'jpy', 'JPY 1,000'],
    [1234, 'kwd', 'KWD 1.234'],
  ])('%i %s prints as %s', (minor, currency, expected) => {
    expect(formatMoney(minor, currency)).toBe(expected);
  });
});
