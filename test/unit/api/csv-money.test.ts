import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { csvCast, moneyRow, type CsvMoney } from '../../../src/api/csv.js';
import { minorToMajorText } from '../../../src/core/money-text.js';

describe('minor units as decimals in major units', () => {
  it.each([
    [123456, 2, '1234.56'],
    [-5, 2, '-0.05'],
    [0, 2, '0.00'],
    [1250, 0, '1250'],
    [-1250, 0, '-1250'],
    [1234, 3, '1.234'],
    [7, 3, '0.007'],
    [Number.MAX_SAFE_INTEGER, 2, '90071992547409.91'],
  ])('%d with %d decimals → %s', (minor, exponent, text) => {
    expect(minorToMajorText(minor, exponent)).toBe(text);
  });

  it('is exact: the digits read back are the minor units', () => {
    fc.assert(fc.property(fc.integer({ min: -1e15, max: 1e15 }), fc.constantFrom(0, 2, 3), (minor, exponent) => {
      const text = minorToMajorText(minor, exponent);
      expect(BigInt(text.replace('.', ''))).toBe(BigInt(minor));
      expect(text.includes('.') ? text.split('.')[1]!.length : 0).toBe(exponent);
    }));
  });

  it('refuses what is not minor units', () => {
    expect(() => minorToMajorText(12.5, 2)).toThrow(/not an amount in minor units: 12.5/);
    expect(() => minorToMajorText(1, -1)).toThrow(/exponent/);
  });
});

describe('an export\'s money columns (declared, never guessed)', () => {
  const monthly: CsvMoney = { currency: 'jpy', columns: ['mrr', 'movements.*'] };

  it('writes the declared columns in major units, with the file\'s currency before the first amount', () => {
    const row = moneyRow({ month: '2026-03', mrr: 125000, customers: 3, 'movements.new': 500, 'movements.churn': -250 }, monthly, 'major');
    expect(row).toEqual({ month: '2026-03', currency: 'jpy', mrr: '125000', customers: 3, 'movements.new': '500', 'movements.churn': '-250' });
    expect(Object.keys(row)).toEqual(['month', 'currency', 'mrr', 'customers', 'movements.new', 'movements.churn']);
    const eur = moneyRow({ month: '2026-03', mrr: 125000, customers: 3 }, { ...monthly, currency: 'eur' }, 'major');
    expect(eur).toMatchObject({ currency: 'eur', mrr: '1250.00', customers: 3 });
  });

  it('amounts=minor keeps the integers, and still names the currency', () => {
    expect(moneyRow({ month: '2026-03', mrr: 125000 }, monthly, 'minor')).toEqual({ month: '2026-03', currency: 'jpy', mrr: 125000 });
  });

  it('a row\'s own currency column, and columns named by their key or another column', () => {
    const spec: CsvMoney = { currency: { column: 'currency' }, columns: ['mrr'], native: { 'byCurrency.*': 'key', native: { column: 'billingCurrency' } } };
    expect(moneyRow({ id: 'c1', currency: 'kwd', mrr: 1234, 'byCurrency.jpy': 99, 'byCurrency.usd': -1, billingCurrency: 'eur', native: 1 }, spec, 'major'))
      .toEqual({ id: 'c1', currency: 'kwd', mrr: '1.234', 'byCurrency.jpy': '99', 'byCurrency.usd': '-0.01', billingCurrency: 'eur', native: '0.01' });
  });

  it('leaves counts, ratios and null alone; no amount without a currency', () => {
    const spec: CsvMoney = { currency: { column: 'currency' }, columns: ['mrr'] };
    expect(moneyRow({ currency: null, mrr: 0, share: 0.5, n: 3 }, spec, 'major')).toEqual({ currency: null, mrr: '0', share: 0.5, n: 3 });
    expect(moneyRow({ currency: 'usd', mrr: null }, spec, 'major')).toEqual({ currency: 'usd', mrr: null });
    expect(() => moneyRow({ currency: null, mrr: 5 }, spec, 'major')).toThrow(/mrr has an amount but no currency/);
    expect(() => moneyRow({ currency: 'usd', mrr: 0.5 }, spec, 'major')).toThrow(/mrr is not an amount in minor units/);
    expect(() => moneyRow({ currency: 'usd', mrr: 1 }, { currency: 'usd', columns: ['mrr'] }, 'major')).toThrow(/currency column already/);
  });

  it('a negative decimal amount is a number cell; the same text in a name is neutralised', () => {
    const spec: CsvMoney = { currency: 'usd', columns: ['amount'] };
    const row = moneyRow({ name: '-12.50', amount: -1250 }, spec, 'major');
    const csv = stringify([row], { header: true, columns: ['name', 'currency', 'amount'], cast: csvCast(spec) });
    expect(csv).toBe("name,currency,amount\n'-12.50,usd,-12.50\n");
    expect(stringify([{ amount: '=1+1' }], { columns: ['amount'], cast: csvCast(spec) })).toBe("'=1+1\n");
  });
});
