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
    ...overrides,
  };
}
