import { describe, expect, it } from 'vitest';
import { formatCountCompact, formatMoneyCompact, formatMonthShort } from './chart-format.js';

describe('chart formatting', () => {
  it.each([
    [1_111_866_100, 'usd', '$11.1M'],
    [95_000_00, 'eur', '€95K'],
    [-320_000, 'usd', '-$3.2K'],
    [4_900, 'usd', '$49'],
    [1_500_000, 'jpy', '¥1.5M'],
  ])('%d %s → %s', (minor, currency, text) => {
    expect(formatMoneyCompact(minor, currency, 'en-US')).toBe(text);
  });

  it('shortens counts and months', () => {
    expect(formatCountCompact(12_400, 'en-US')).toBe('12.4K');
    expect(formatMonthShort('2026-11', 'en-US')).toBe('Nov ’26');
  });
});
