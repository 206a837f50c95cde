import { describe, expect, it } from 'vitest';
import { currencyExponent as serverExponent } from '../../../src/core/currency.js';
import { currencyExponent } from './currency.js';

describe('currencyExponent', () => {
  it.each([
    ['usd', 2],
    ['eur', 2],
    ['USD', 2],
    ['jpy', 0],
    ['krw', 0],
    ['isk', 0],
    ['kwd', 3],
    ['bhd', 3],
    ['tnd', 3],
  ])('%s has %i decimals', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
  });

  it('rejects codes that are not three letters', () => {
    expect(() => currencyExponent('us')).toThrow(RangeError);
    expect(() => currencyExponent('us1')).toThrow(RangeError);
  });

  it('agrees with the server (src/core/currency.ts) for every ISO currency', () => {
    const codes = Intl.supportedValuesOf('currency').map((c) => c.toLowerCase());
    expect(codes.length).toBeGreaterThan(100);
    const disagreements = codes.filter((code) => currencyExponent(code) !== serverExponent(code));
    expect(disagreements).toEqual([]);
  });
});
