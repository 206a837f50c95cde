import { describe, expect, it } from 'vitest';
import { currencyExponent } from '../../../src/core/currency.js';
import type { ReportColumn, ReportKpi, ValueUnit } from '../../../src/read/reports/contract.js';
import { cellCurrency, formatCell, formatDay, formatInstant, formatMoney, formatMonth, formatRatio, formatValue, isNumericUnit, kpiChange, MISSING } from '../../../src/reports/render/format-value.js';

describe('formatMoney', () => {
  it.each([
    [11234567, 'usd', {}, '$112,345.67'],
    [-5, 'eur', {}, '-€0.05'],
    [0, 'usd', {}, '$0.00'],
    [1234567, 'jpy', {}, '¥1,234,567'],
    [1234, 'krw', {}, '₩1,234'],
    [1234, 'kwd', {}, 'KWD\u00a01.234'],
    [100, 'bhd', {}, 'BHD\u00a00.100'],
    [450000, 'usd', { signed: true }, '+$4,500.00'],
    [-214050, 'usd', { signed: true }, '-$2,140.50'],
    [0, 'usd', { signed: true }, '$0.00'],
    [11234567, 'usd', { compact: true }, '$112.3K'],
    [123456789, 'jpy', { compact: true }, '¥123.5M'],
    [-214050, 'usd', { compact: true }, '-$2.1K'],
    [120000000000, 'jpy', { compact: true, compactDigits: 2, compactFixed: true }, '¥120.00B'],
  ] as const)('%d %s %o → %s', (minor, currency, options, expected) => {
    expect(formatMoney(minor, currency, options)).toBe(expected);
  });

  it('moves digits, never divides: every amount up to the largest safe integer is exact', () => {
    const amounts = [9007199254740991, 9007199254740990, 123456789012345, 1, 99, 100, 101, 999999999999999];
    for (const currency of ['usd', 'jpy', 'kwd']) {
      const exponent = currencyExponent(currency);
      for (const minor of amounts) {
        // Independent: BigInt arithmetic on the integer.
        const big = BigInt(minor);
        const unit = 10n ** BigInt(exponent);
        const whole = (big / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
        const fraction = exponent ? `.${(big % unit).toString().padStart(exponent, '0')}` : '';
        expect(formatMoney(minor, currency).replace(/[^\d.,]/g, '')).toBe(`${whole}${fraction}`);
      }
    }
  });

  it('rejects an amount that is not integer minor units', () => {
    expect(() => formatMoney(12.5, 'usd')).toThrow(RangeError);
  });
});

describe('formatValue', () => {
  const cases: [number | string | null | undefined, ValueUnit, string | null, string][] = [
    [null, 'money', 'usd', MISSING],
    [undefined, 'count', null, MISSING],
    ['', 'text', null, MISSING],
    [11234567, 'money', 'usd', '$112,345.67'],
    [1234567, 'money', 'jpy', '¥1,234,567'],
    [1234, 'money', null, '1,234'],
    [0.052, 'ratio', null, '5.2%'],
    [1.013, 'ratio', null, '101.3%'],
    [981, 'count', null, '981'],
    [12345, 'count', null, '12,345'],
    [72.6, 'score', null, '73'],
    [1, 'days', null, '1 day'],
    [12.54, 'days', null, '12.5 days'],
    ['2026-12-01', 'date', null, '1 Dec 2026'],
    ['2026-11', 'month', null, 'Nov 2026'],
    ['Total', 'month', null, 'Total'],
    ['Acme <b>', 'text', null, 'Acme <b>'],
  ];
  it.each(cases)('%s as %s (%s) → %s', (value, unit, currency, expected) => {
    expect(formatValue(value, unit, currency)).toBe(expected);
  });

  it('signs changes when asked', () => {
    expect(formatValue(-0.0619, 'ratio', null, { signed: true })).toBe('-6.2%');
    expect(formatValue(19, 'count', null, { signed: true })).toBe('+19');
  });
});

describe('dates', () => {
  it('writes days, months and instants for people, anything else as it is', () => {
    expect(formatDay('2026-01-09')).toBe('9 Jan 2026');
    expect(formatDay('2026-13-01')).toBe('2026-13-01');
    expect(formatMonth('2027-02')).toBe('Feb 2027');
    expect(formatInstant('2026-12-01T06:00:03.000Z')).toBe('1 Dec 2026, 06:00 UTC');
  });
});

describe('table cells', () => {
  const mrr: ReportColumn = { key: 'mrr', label: 'MRR', unit: 'money', currencyColumn: 'currency' };
  it('a money cell of a multi-currency table is in the currency its row names', () => {
    expect(cellCurrency({ currency: null }, mrr, { currency: 'jpy', mrr: 1234567 })).toBe('jpy');
    expect(formatCell({ currency: null }, mrr, { currency: 'jpy', mrr: 1234567 })).toBe('¥1,234,567');
    expect(formatCell({ currency: null }, mrr, { currency: 'eur', mrr: -5 })).toBe('-€0.05');
  });
  it('otherwise in the table currency', () => {
    const plain: ReportColumn = { key: 'mrr', label: 'MRR', unit: 'money' };
    expect(formatCell({ currency: 'usd' }, plain, { mrr: 450000 })).toBe('$4,500.00');
    expect(formatCell({ currency: 'usd' }, mrr, { currency: null, mrr: 450000 })).toBe('$4,500.00');
  });
  it('numbers are right-aligned, words and dates are not', () => {
    expect((['money', 'ratio', 'count', 'score', 'days'] as const).every(isNumericUnit)).toBe(true);
    expect((['text', 'date', 'month'] as const).some(isNumericUnit)).toBe(false);
  });
});

describe('kpiChange', () => {
  const kpi = (change: number | null, lowerIsBetter: boolean): ReportKpi => ({
    figure: { metric: null, label: 'x', unit: 'count', value: 1, currency: null }, previous: 1, change, comparedWith: null, lowerIsBetter,
  });
  it.each([
    [0.042, false, '+4.2%', 'good'],
    [0.042, true, '+4.2%', 'bad'],
    [-0.0619, true, '-6.2%', 'good'],
    [-0.0619, false, '-6.2%', 'bad'],
    [0.0001, false, '0.0%', 'flat'],
    [0, true, '0.0%', 'flat'],
  ] as const)('%d (lower is better: %s) → %s, %s', (change, lowerIsBetter, text, tone) => {
    expect(kpiChange(kpi(change, lowerIsBetter))).toEqual({ text, tone });
  });
  it.each([
    ['ratio', -0.0013, true, '-0.1 pp', 'good'],
    ['ratio', 0.035, false, '+3.5 pp', 'good'],
    ['ratio', 0.00004, false, '0.0 pp', 'flat'],
    ['score', -4, false, '-4 pts', 'bad'],
  ] as const)('a %s changes by a difference: %d → %s', (unit, change, lowerIsBetter, text, tone) => {
    expect(kpiChange({ ...kpi(change, lowerIsBetter), figure: { metric: null, label: 'x', unit, value: 0.02, currency: null } })).toEqual({ text, tone });
  });
  it('no change, no figure', () => {
    expect(kpiChange(kpi(null, false))).toBeNull();
    expect(formatRatio(0.0197)).toBe('2.0%');
  });
});
