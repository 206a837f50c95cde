// Small API answers for the revenue shaping tests (amounts in cents).
import type { ByCurrency, ByPlan, Explanation, MonthlyReport, PaymentsHealth } from './schemas.js';

export const monthlyFixture: MonthlyReport = {
  currency: 'usd',
  months: [
    { month: '2025-01', mrr: 100_000, arr: 1_200_000, customers: 10, arpa: 10_000, movements: { new: 100_000, expansion: 0, contraction: 0, churn: 0, reactivation: 0, fx: 0 } },
    { month: '2025-02', mrr: 118_500, arr: 1_422_000, customers: 12, arpa: 9_875, movements: { new: 20_000, expansion: 5_000, contraction: -2_000, churn: -5_000, reactivation: 1_000, fx: -500 } },
    { month: '2025-03', mrr: 121_700, arr: 1_460_400, customers: 12, arpa: 10_141, movements: { new: 0, expansion: 3_000, contraction: 0, churn: 0, reactivation: 0, fx: 200 } },
  ],
};

export const byPlanFixture: ByPlan = {
  date: '2025-03-31',
  currency: 'usd',
  mrr: 121_700,
  plans: [
    { planId: 'prod_starter', planName: 'Starter', mrr: 21_700, customers: 6, share: 21_700 / 121_700, byCurrency: { usd: 21_700 } },
    { planId: 'prod_pro', planName: 'Pro', mrr: 80_000, customers: 5, share: 80_000 / 121_700, byCurrency: { usd: 60_000, eur: 18_500 } },
    { planId: 'prod_team', planName: 'Team', mrr: 20_000, customers: 1, share: 20_000 / 121_700, byCurrency: { usd: 20_000 } },
  ],
};

export const byCurrencyFixture: ByCurrency = {
  date: '2025-03-31',
  currency: 'usd',
  mrr: 121_700,
  currencies: [
    { currency: 'usd', native: 101_700, mrr: 101_700, customers: 10, share: 101_700 / 121_700, rate: '1' },
    { currency: 'eur', native: 18_500, mrr: 20_000, customers: 2, share: 20_000 / 121_700, rate: '1.0810810810810811' },
  ],
};

export const fxFixture: Explanation = {
  metric: 'fx',
  plan: null,
  from: '2025-01-01',
  to: '2025-03-31',
  asOf: '2025-03-31',
  currency: 'usd',
  unit: 'money',
  total: -300,
  lineCount: 0,
  groups: [
    { currency: 'eur', native: 0, reporting: -200, lines: 0 },
    { currency: 'gbp', native: 0, reporting: -100, lines: 0 },
  ],
  lines: [],
  nextCursor: null,
};

const bucket = (count: number, amount: number) => ({ count, amount });

export const healthFixture: PaymentsHealth = {
  from: '2025-01-01',
  to: '2025-03-31',
  currency: 'usd',
  succeeded: bucket(90, 900_000),
  failed: bucket(10, 100_000),
  successRate: { value: 0.9 },
  declines: [
    { code: 'insufficient_funds', count: 4, amount: 40_000 },
    { code: 'card_declined', count: 3, amount: 30_000 },
    { code: 'expired_card', count: 1, amount: 10_000 },
    { code: 'do_not_honor', count: 1, amount: 10_000 },
    { code: 'weird_new_code', count: 1, amount: 10_000 },
  ],
  refunds: bucket(2, 15_000),
  disputes: { count: 1, amount: 10_000, lost: 0 },
  recovered: bucket(3, 30_000),
  series: [
    { period: '2025-01', start: '2025-01-01', end: '2025-01-31', succeeded: bucket(30, 300_000), failed: bucket(0, 0), successRate: { value: null, reason: 'x' }, refunds: bucket(0, 0), disputes: bucket(0, 0), recovered: bucket(0, 0) },
    { period: '2025-02', start: '2025-02-01', end: '2025-02-28', succeeded: bucket(30, 300_000), failed: bucket(6, 60_000), successRate: { value: 30 / 36 }, refunds: bucket(1, 5_000), disputes: bucket(1, 10_000), recovered: bucket(2, 20_000) },
    { period: '2025-03', start: '2025-03-01', end: '2025-03-31', succeeded: bucket(30, 300_000), failed: bucket(4, 40_000), successRate: { value: 30 / 34 }, refunds: bucket(1, 10_000), disputes: bucket(0, 0), recovered: bucket(1, 10_000) },
  ],
};
