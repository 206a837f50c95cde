import { describe, expect, it } from 'vitest';
import { currencyTable, formatRate } from './currency-breakdown.js';
import { explainParams } from '../../components/explain/explain-target.js';
import { byCurrencyFixture, byPlanFixture, fxFixture, healthFixture, monthlyFixture } from './fixtures.js';
import { MONTHLY_COLUMNS, monthlyExplainTarget, monthlyTableRows, netNew, type MonthlyColumnKey } from './monthly-table.js';
import { declineRows, healthSeries, reasonLabel } from './payment-health.js';
import { planBars } from './plan-breakdown.js';

const column = (key: MonthlyColumnKey) => MONTHLY_COLUMNS.find((c) => c.key === key)!;

describe('monthly movements table', () => {
  const rows = monthlyTableRows(monthlyFixture, 'en-US');

  it('shows the months newest first with exactly the API figures, then the total of the movements', () => {
    expect(rows.map((r) => r.label)).toEqual(['Mar 2025', 'Feb 2025', 'Jan 2025', 'Total']);
    expect(rows[3]!.sublabel).toBe('Jan 2025 – Mar 2025');
    const feb = rows[1]!;
    expect(feb.values).toEqual({ new: 20_000, expansion: 5_000, reactivation: 1_000, contraction: -2_000, churn: -5_000, netNew: 19_000, fx: -500, mrr: 118_500, customers: 12, arpa: 9_875 });
    expect(rows[3]!.values).toEqual({ new: 120_000, expansion: 8_000, reactivation: 1_000, contraction: -2_000, churn: -5_000, netNew: 122_000, fx: -300 });
    expect(rows[3]!.total).toBe(true);
  });

  it('reconciles every month: MRR = previous MRR + net new + FX', () => {
    let previous = 0;
    for (const m of monthlyFixture.months) {
      expect(m.mrr).toBe(previous + netNew(m.movements) + m.movements.fx);
      previous = m.mrr;
    }
  });

  it('explains movements over the month, levels at its last day, the total over the whole range', () => {
    expect(monthlyExplainTarget(rows[1]!, column('churn'))).toEqual({ metric: 'churn', from: '2025-02-01', to: '2025-02-28', title: 'Churn · Feb 2025' });
    expect(monthlyExplainTarget(rows[1]!, column('mrr'))).toEqual({ metric: 'mrr', date: '2025-02-28', title: 'MRR · Feb 2025' });
    expect(monthlyExplainTarget(rows[0]!, column('netNew'))).toMatchObject({ metric: 'net_new_mrr', from: '2025-03-01', to: '2025-03-31' });
    expect(monthlyExplainTarget(rows[3]!, column('fx'))).toMatchObject({ metric: 'fx', from: '2025-01-01', to: '2025-03-31', title: 'FX · Jan 2025 – Mar 2025' });
    expect(monthlyExplainTarget(rows[3]!, column('mrr'))).toBeNull();
    expect(monthlyExplainTarget(rows[0]!, column('arpa'))).toBeNull();
    expect(explainParams(monthlyExplainTarget(rows[1]!, column('customers'))!)).toEqual({ metric: 'customers', date: '2025-02-28' });
  });

  it('has no rows (and no total) without months', () => {
    expect(monthlyTableRows({ currency: 'usd', months: [] })).toEqual([]);
  });
});

describe('MRR by plan', () => {
  it('sorts plans by MRR and keeps the total', () => {
    const bars = planBars(byPlanFixture);
    expect(bars.map((b) => b.name)).toEqual(['Pro', 'Starter', 'Team']);
    expect(bars.reduce((s, b) => s + b.mrr, 0)).toBe(byPlanFixture.mrr);
  });

  it('folds the smallest plans into "Other" beyond the bar limit, still summing to the total', () => {
    const bars = planBars(byPlanFixture, 2);
    expect(bars.map((b) => [b.name, b.mrr, b.customers])).toEqual([
      ['Pro', 80_000, 5],
      ['Other (2 plans)', 41_700, 7],
    ]);
    expect(bars[1]!.planIds).toEqual(['prod_starter', 'prod_team']);
    expect(bars[1]!.share).toBeCloseTo(41_700 / 121_700);
  });
});

describe('MRR by currency with the FX adjustment', () => {
  it('puts each currency beside its FX effect; the FX column sums to the explain total', () => {
    const table = currencyTable(byCurrencyFixture, fxFixture);
    expect(table.rows.map((r) => [r.currency, r.native, r.mrr, r.fx])).toEqual([
      ['usd', 101_700, 101_700, 0],
      ['eur', 18_500, 20_000, -200],
      ['gbp', 0, 0, -100],
    ]);
    expect(table.rows.reduce((s, r) => s + r.fx, 0)).toBe(table.total.fx);
    expect(table.rows.reduce((s, r) => s + r.mrr, 0)).toBe(table.total.mrr);
    expect(table.foreign).toBe(true);
  });

  it('works without the FX explanation and names the rate per major unit', () => {
    expect(currencyTable(byCurrencyFixture, null).total.fx).toBe(0);
    expect(formatRate(1.0810810810810811, 'eur', 'usd', 'en-US')).toBe('1 EUR = 1.0811 USD');
    expect(formatRate(0.0066666, 'jpy', 'usd', 'en-US')).toBe('1 JPY = 0.0066666 USD');
    expect(formatRate(Number.NaN, 'gbp', 'usd')).toBe('—');
  });
});

describe('payment health', () => {
  it('lists failures by reason in words, folding the rarest into "Other"', () => {
    const rows = declineRows(healthFixture, 4);
    expect(rows.map((r) => [r.label, r.count])).toEqual([
      ['Insufficient funds', 4],
      ['Card declined', 3],
      ['Expired card', 1],
      ['Other (2 reasons)', 2],
    ]);
    expect(rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1);
    expect(reasonLabel('weird_new_code')).toBe('Weird new code');
  });

  it('labels the monthly series and keeps an undefined success rate as null', () => {
    const series = healthSeries(healthFixture, 'en-US');
    expect(series.map((p) => p.label)).toEqual(['Jan 2025', 'Feb 2025', 'Mar 2025']);
    expect(series[0]!.successRate).toBeNull();
    expect(series[1]).toMatchObject({ succeeded: 30, failed: 6, recovered: 20_000 });
  });
});
