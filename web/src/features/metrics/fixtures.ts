import type { Summary } from './summary.js';

/** A summary shaped like the API contract's example, with overridable fields. */
export function summaryFixture(overrides: Partial<Summary> = {}): Summary {
  return {
    workspace: { id: 'ws_demo', name: 'Demo' },
    currency: 'usd',
    mrr: 1_284_700,
    arr: 15_416_400,
    payingCustomers: 312,
    arpa: 4_118,
    asOf: '2026-01-15T12:00:00.000Z',
    lastEventAt: '2026-01-15T11:58:30.000Z',
    activeTrials: 21,
    today: { day: '2026-01-15', signups: 3, churnedCustomers: 1, revenueCollected: 98_700 },
    growth: { mom: { value: 0.052 }, last30Days: { value: 0.061 } },
    sameDayLastMonth: { day: '2025-12-15', mrr: 1_221_200, arr: 14_654_400, payingCustomers: 300, arpa: 4_071 },
    scheduled: { committedMrr: 1_279_800, change: -4_900, changes: 2, firstDay: '2026-01-20', lastDay: '2026-02-01' },
    churnRate: { value: 0.021 },
    churnRatePrevious30Days: { value: 0.02 },
    trialConversion: { from: '2025-11-18', to: '2025-12-16', started: 40, converted: 14, rate: { value: 0.35 }, averageDaysToConvert: 11.5 },
    target: null,
    seq: 40,
    unconverted: [],
    ...overrides,
  };
}
