import { describe, expect, it } from 'vitest';
import { summaryFixture } from '../metrics/fixtures.js';
import type { MovementPeriod } from '../metrics/series.js';
import { customerCounts } from './counts.js';

const period = { period: '2026-01', start: '2026-01-01', end: '2026-01-15', customers: 300, newCustomers: 12, churnedCustomers: 4 } as MovementPeriod;

describe('customerCounts', () => {
  it('counts paying and trialing from the live summary and this month from the movements', () => {
    const items = customerCounts({ summary: summaryFixture(), period, to: '2026-01-15', live: true, customersHref: (q) => `/customers?${q}`, locale: 'en-US' });
    expect(items.map((i) => [i.label, i.value])).toEqual([
      ['Paying', 312],
      ['Trialing', 21],
      ['New in January 2026', 12],
      ['Churned in January 2026', 4],
    ]);
    expect(items[1]!.href).toBe('/customers?status=trialing');
    expect(items[3]!.explain).toEqual({ metric: 'churned_customers', from: '2026-01-01', to: '2026-01-15', title: 'Churned customers, January 2026' });
  });

  it('uses the month at the end of a past range', () => {
    const items = customerCounts({ summary: summaryFixture(), period, to: '2025-12-31', live: false, customersHref: String });
    expect(items[0]!.value).toBe(300);
    expect(items[1]!.value).toBeUndefined();
  });
});
