import { describe, expect, it } from 'vitest';
import type { PeriodRow } from '../../../src/core/period-metrics.js';
import { computePeriods } from '../../reference/period-metrics.js';
import { computeRates, computeRateSeries } from '../../../src/core/rates.js';
import { LEDGER, USD } from './metrics-fixture.js';

const ROWS = computePeriods(LEDGER, { from: '2024-01-01', to: '2024-06-30', granularity: 'month', ...USD });
const [JAN, , MAR, APR] = ROWS as [PeriodRow, PeriodRow, PeriodRow, PeriodRow];

function row(partial: Partial<Omit<PeriodRow, 'movements'>> & { movements?: Partial<PeriodRow['movements']> }): PeriodRow {
  const base: PeriodRow = {
    period: '2024-01',
    start: '2024-01-01',
    end: '2024-01-31',
    mrr: 0,
    arr: 0,
    customers: 0,
    arpa: 0,
    netNewMrr: 0,
    mrrStart: 0,
    customersStart: 0,
    newCustomers: 0,
    churnedCustomers: 0,
    reactivatedCustomers: 0,
    churnedCustomersFromStart: 0,
    movements: { new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0, fx: 0 },
  };
  return { ...base, ...partial, movements: { ...base.movements, ...partial.movements } };
}

describe('computeRates: March (start $190, +$20 expansion, −$22 contraction, −$30 churn, 1 of 3 churned)', () => {
  const rates = computeRates(MAR);

  it.each([
    ['customerChurnRate', 1 / 3, '1 ÷ 3'],
    ['grossMrrChurnRate', 5200 / 19000, '(3000 + 2200) ÷ 19000'],
    ['netMrrChurnRate', 3200 / 19000, '(3000 + 2200 − 2000) ÷ 19000'],
    ['nrr', 15800 / 19000, '(19000 + 2000 − 2200 − 3000) ÷ 19000'],
    ['grr', 13800 / 19000, '(19000 − 2200 − 3000) ÷ 19000'],
    ['quickRatio', 2000 / 5200, '(0 + 2000 + 0) ÷ 5200'],
    ['mrrGrowth', -2400 / 19000, '(16600 − 19000) ÷ 19000'],
  ] as const)('%s = %d (%s)', (name, expected, _hand) => {
    expect(rates[name].value).toBeCloseTo(expected, 12);
    expect(rates[name].reason).toBeUndefined();
  });

  it('LTV = ARPA × margin ÷ churn rate, in cents', () => {
    expect(rates.ltv).toEqual({ value: 24900 }); // 8300 ÷ (1/3)
    expect(computeRates(MAR, { grossMargin: '0.8' }).ltv).toEqual({ value: 19920 });
  });
});

describe('computeRates: April (reactivation only, no churn)', () => {
  const rates = computeRates(APR);

  it('leaves reactivation out of NRR unless asked', () => {
    expect(rates.nrr.value).toBe(1);
    expect(computeRates(APR, { nrrIncludesReactivation: true }).nrr.value).toBeCloseTo(20100 / 16600, 12);
    expect(rates.netMrrChurnRate.value).toBeCloseTo(-3500 / 16600, 12); // negative churn
  });

  it('has a zero churn rate, an unbounded LTV and no quick ratio', () => {
    expect(rates.customerChurnRate).toEqual({ value: 0 });
    expect(rates.ltv).toEqual({ value: null, reason: 'no customer churn: lifetime is unbounded' });
    expect(rates.quickRatio).toEqual({ value: null, reason: 'no contraction or churn in the period' });
  });
});

describe('zero denominators', () => {
  it('January (nothing at the start) gives null rates with reasons, never NaN or Infinity', () => {
    const rates = computeRates(JAN);
    expect(rates.customerChurnRate).toEqual({ value: null, reason: 'no customers at the start of the period' });
    for (const name of ['grossMrrChurnRate', 'netMrrChurnRate', 'nrr', 'grr', 'mrrGrowth'] as const) {
      expect(rates[name]).toEqual({ value: null, reason: 'no MRR at the start of the period' });
    }
    expect(rates.ltv.value).toBeNull();
  });

  it('LTV without paying customers is null', () => {
    expect(computeRates(row({ customersStart: 2, churnedCustomersFromStart: 2, mrrStart: 100 })).ltv).toEqual({
      value: null,
      reason: 'no paying customers at the end of the period',
    });
  });
});

describe('edge cases', () => {
  it('clamps GRR to [0, 1] when in-period customers churn more than the starting MRR', () => {
    const r = row({ mrrStart: 1000, mrr: 0, movements: { new: 500, churn: -1500 } });
    expect(computeRates(r).grr).toEqual({ value: 0 });
    expect(computeRates(r).grossMrrChurnRate.value).toBe(1.5);
  });

  it.each([
    ['quarter', 90000, '3000 × 3 months ÷ 0.1'],
    ['year', 360000, '3000 × 12 months ÷ 0.1'],
    ['week', 6900, '3000 × 7 ÷ 30.436875 days ÷ 0.1 = 6899.53'],
  ] as const)('scales LTV to months for %s rows: %i (%s)', (granularity, expected, _hand) => {
    const r = row({ mrr: 30000, customers: 10, customersStart: 10, churnedCustomersFromStart: 1, mrrStart: 30000 });
    expect(computeRates(r, { granularity }).ltv).toEqual({ value: expected });
  });

  it('rejects a margin outside [0, 1]', () => {
    expect(() => computeRates(MAR, { grossMargin: '1.5' })).toThrow('gross margin');
    expect(() => computeRates(MAR, { grossMargin: '-0.1' })).toThrow('gross margin');
  });
});

describe('computeRateSeries', () => {
  it('pools churn over a trailing window for LTV', () => {
    const series = computeRateSeries([MAR, APR], { ltvChurnWindow: 2 });
    expect(series[0]!.ltv).toEqual({ value: 24900 }); // window holds March only
    expect(series[1]!.ltv).toEqual({ value: 33500 }); // 20100/3 ÷ ((1 + 0) ÷ (3 + 2))
    expect(series[1]!.nrr).toEqual(computeRates(APR).nrr);
  });

  it('rejects a non-positive window', () => {
    expect(() => computeRateSeries(ROWS, { ltvChurnWindow: 0 })).toThrow('ltvChurnWindow');
  });
});
