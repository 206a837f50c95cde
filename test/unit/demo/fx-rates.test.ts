import { describe, expect, it } from 'vitest';
import { createFxTable, DEMO_FX_RATES } from '../../../src/core/fx.js';
import { toDecimalString } from '../../../src/core/decimal.js';
import { addDays, daysBetween } from '../../../src/core/dates.js';
import { DEMO_FX_CURRENCIES, demoDailyFxRates, deterministicSine } from '../../../src/demo/fx-rates.js';

const FROM = '2022-10-01';
const TO = '2027-06-30';
const rates = demoDailyFxRates(FROM, TO);

describe('the demo daily FX rates', () => {
  it('has every day of the range for every currency, into usd and into eur', () => {
    const days = daysBetween(FROM, TO) + 1;
    for (const quote of ['usd', 'eur'] as const) {
      const table = rates[quote];
      expect(table).toHaveLength(days * DEMO_FX_CURRENCIES[quote].length);
      for (const currency of DEMO_FX_CURRENCIES[quote]) {
        const series = table.filter((r) => r.currency === currency).map((r) => r.day);
        expect(series, `${quote}/${currency}`).toEqual(Array.from({ length: days }, (_, i) => addDays(FROM, i)));
      }
    }
    expect(DEMO_FX_CURRENCIES.usd).toEqual(['eur', 'gbp', 'jpy', 'cad', 'aud', 'chf', 'kwd']);
  });

  it('equals DEMO_FX_RATES on its anchor days', () => {
    for (const quote of ['usd', 'eur'] as const) {
      for (const anchor of DEMO_FX_RATES[quote]) {
        const found = rates[quote].find((r) => r.currency === anchor.currency && r.day === anchor.day);
        expect(found, `${quote}/${anchor.currency} ${anchor.day}`).toEqual(anchor);
      }
    }
  });

  it('is positive, plain decimal, and moves gently from day to day (within 2% of the nearest anchor level)', () => {
    for (const quote of ['usd', 'eur'] as const) {
      for (const currency of DEMO_FX_CURRENCIES[quote]) {
        const series = rates[quote].filter((r) => r.currency === currency);
        for (const [i, r] of series.entries()) {
          if (!/^\d+(\.\d+)?$/.test(r.rate) || !(Number(r.rate) > 0)) expect.fail(`${quote}/${currency} ${r.day}: ${r.rate}`);
          const step = i > 0 ? Math.abs(Number(r.rate) / Number(series[i - 1]!.rate) - 1) : 0;
          if (step >= 0.01) expect.fail(`${quote}/${currency} ${r.day}: a ${step} step`);
        }
      }
    }
    // After the last anchor (2026-01-01) the rates drift around it, never far.
    const eurAfter = rates.usd.filter((r) => r.currency === 'eur' && r.day > '2026-01-01').map((r) => Number(r.rate));
    for (const value of eurAfter) expect(Math.abs(value / 1.174 - 1)).toBeLessThanOrEqual(0.02);
    expect(new Set(eurAfter.map(String)).size).toBeGreaterThan(100);
  });

  it('is deterministic and does not depend on the range asked for', () => {
    expect(demoDailyFxRates(FROM, TO)).toEqual(rates);
    const part = demoDailyFxRates('2026-02-01', '2026-02-10');
    for (const quote of ['usd', 'eur'] as const) {
      expect(part[quote]).toEqual(rates[quote].filter((r) => r.day >= '2026-02-01' && r.day <= '2026-02-10'));
    }
    // Fixed values, so a platform (or a change) that computed them differently is caught.
    const on = (quote: 'usd' | 'eur', currency: string, day: string) => demoDailyFxRates(day, day)[quote].find((r) => r.currency === currency)?.rate;
    expect(on('usd', 'gbp', '2024-03-15')).toBe('1.27493');
    expect(on('eur', 'usd', '2024-03-15')).toBe('0.914535');
    expect(on('usd', 'jpy', '2026-08-20')).toBe('0.00636534');
    expect(on('eur', 'chf', '2026-08-20')).toBe('1.07397');
    expect(deterministicSine(Math.PI / 6)).toBeCloseTo(0.5, 12);
    expect(deterministicSine(-100)).toBeCloseTo(Math.sin(-100), 10);
  });

  it('gives usd and eur tables that agree: converting through either gives the same within rounding', () => {
    const usd = createFxTable(rates.usd, 'usd');
    const eur = createFxTable(rates.eur, 'eur');
    for (const day of ['2024-03-15', '2025-10-02', '2026-08-20']) {
      const gbpUsd = Number(toDecimalString(usd.rateOn('gbp', day), 8));
      const viaEur = Number(toDecimalString(eur.rateOn('gbp', day), 8)) / Number(toDecimalString(eur.rateOn('usd', day), 8));
      expect(Math.abs(viaEur / gbpUsd - 1), day).toBeLessThan(2e-5);
    }
  });

  it('moves each month: monthly-average rates differ from one month to the next', () => {
    const monthly = new Map<string, number[]>();
    for (const r of rates.usd.filter((x) => x.currency === 'gbp')) {
      const key = r.day.slice(0, 7);
      monthly.set(key, [...(monthly.get(key) ?? []), Number(r.rate)]);
    }
    const firstOfMonth = [...monthly.values()].map((values) => values[0]!);
    for (let i = 1; i < firstOfMonth.length; i++) expect(firstOfMonth[i]).not.toBe(firstOfMonth[i - 1]);
  });
});
