// PayPal's decimal strings → minor units: exact per currency, never rounded.
import { describe, expect, it } from 'vitest';
import { minorUnits } from '../../../../src/ingest/paypal/amounts.js';
import { MalformedField, OutOfRangeField } from '../../../../src/ingest/stripe/malformed.js';

describe('minorUnits', () => {
  it.each([
    ['49.00', 'USD', 4900],
    ['49', 'usd', 4900],
    ['49.9', 'EUR', 4990],
    ['49.000', 'USD', 4900], // trailing zeros are not more decimals
    ['0', 'USD', 0],
    ['4900', 'JPY', 4900], // no minor unit
    ['1.250', 'KWD', 1250], // three decimals
    ['1500', 'HUF', 150000], // PayPal: whole forints; ISO 4217 still has 2 decimals
    ['300', 'TWD', 30000],
    ['-12.34', 'USD', -1234],
  ])('%s %s → %i', (value, currency, expected) => {
    expect(minorUnits(value, currency, 'amount.value')).toBe(expected);
  });

  it.each([
    ['49.001', 'USD', /more decimals than USD has \(2\)/],
    ['4900.5', 'JPY', /JPY are whole numbers/],
    ['1500.50', 'HUF', /HUF are whole numbers/],
    ['300.1', 'TWD', /TWD are whole numbers/],
    ['1.2345', 'KWD', /more decimals than KWD has \(3\)/],
  ])('%s %s is malformed, naming the field', (value, currency, message) => {
    const error = (() => {
      try {
        minorUnits(value, currency, 'amount.value');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(MalformedField);
    expect((error as MalformedField).path).toBe('amount.value');
    expect((error as MalformedField).message).toMatch(message);
  });

  it('an amount beyond the engine bound is out of range', () => {
    expect(() => minorUnits('100000000000000', 'USD', 'x')).toThrow(OutOfRangeField);
  });

  it('a bad currency code is malformed at the field', () => {
    expect(() => minorUnits('1.00', 'US', 'amount.currency')).toThrow(/not a currency code/);
  });
});
