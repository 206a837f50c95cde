import { describe, expect, it } from 'vitest';
import { createLedgerReplay, groupCustomerDays } from '../../../src/core/ledger-replay.js';
import { entry } from './metrics-fixture.js';

describe('groupCustomerDays', () => {
  it('orders by day whatever the input order and keeps one group per customer-day', () => {
    const groups = groupCustomerDays([
      entry('b', '2024-01-03', 'usd', 100, 100, 'new'),
      entry('a', '2024-01-02', 'eur', 50, 50, 'new'),
      entry('a', '2024-01-02', 'usd', 70, 70, 'new'),
      entry('a', '2024-01-03', 'usd', 0, -70, 'contraction'),
    ]);
    expect(groups.map((g) => [g.day, g.customerId, g.movement, g.rows.map((r) => r.currency)])).toEqual([
      ['2024-01-02', 'a', 'new', ['eur', 'usd']],
      ['2024-01-03', 'b', 'new', ['usd']],
      ['2024-01-03', 'a', 'contraction', ['usd']],
    ]);
  });
});

describe('createLedgerReplay', () => {
  it('tracks native levels per currency, paying customers and the first paid day', () => {
    const replay = createLedgerReplay();
    for (const group of groupCustomerDays([
      entry('a', '2024-01-02', 'eur', 50, 50, 'new'),
      entry('a', '2024-01-02', 'usd', 70, 70, 'new'),
      entry('b', '2024-01-03', 'usd', 100, 100, 'new'),
      entry('a', '2024-01-04', 'usd', 0, -70, 'contraction'),
      entry('a', '2024-01-05', 'eur', 0, -50, 'churn'),
    ])) {
      replay.apply(group);
    }
    expect(Object.fromEntries(replay.levels)).toEqual({ eur: 0, usd: 100 });
    expect(replay.payingCustomers()).toBe(1);
    expect(replay.isPaying('a')).toBe(false);
    expect(replay.customers.get('a')!.firstPaidDay).toBe('2024-01-02');
    expect(replay.customers.get('b')!.changedOn.get('usd')).toBe('2024-01-03');
  });

  it('refuses a negative MRR', () => {
    const replay = createLedgerReplay();
    const [group] = groupCustomerDays([entry('a', '2024-01-02', 'usd', -5, -5, 'contraction')]);
    expect(() => replay.apply(group!)).toThrow('inconsistent ledger row');
  });
});
