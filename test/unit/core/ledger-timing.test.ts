import { describe, expect, it } from 'vitest';
import { at, discount, item, rows, snap } from './subscription-fixtures.js';

describe('cancellation timing', () => {
  const scheduled = [
    snap('evt_1', '2024-01-01', { currentPeriodEnd: at('2024-02-01T00:00:00Z') }),
    snap('evt_2', '2024-01-10', { cancelAtPeriodEnd: true, canceledAt: at('2024-01-10'), currentPeriodEnd: at('2024-02-01T00:00:00Z') }),
    snap('evt_3', at('2024-02-01T00:00:00Z'), {
      status: 'canceled',
      cancelAtPeriodEnd: true,
      canceledAt: at('2024-01-10'),
      endedAt: at('2024-02-01T00:00:00Z'),
      currentPeriodEnd: at('2024-02-01T00:00:00Z'),
    }),
  ];

  it('cancel_at_period_end keeps MRR until the subscription ends', () => {
    expect(rows(scheduled)).toEqual([
      ['2024-01-01', 'usd', 2900, 2900, 'new', 'evt_1'],
      ['2024-02-01', 'usd', -2900, 0, 'churn', 'evt_3'],
    ]);
  });

  it('stripe preset: churn when the cancellation is requested', () => {
    expect(rows(scheduled, 'stripe')).toEqual([
      ['2024-01-01', 'usd', 2900, 2900, 'new', 'evt_1'],
      ['2024-01-10', 'usd', -2900, 0, 'churn', 'evt_2'],
    ]);
  });

  it('a cancellation arriving late churns on the endedAt day', () => {
    const late = [
      snap('evt_1', '2024-01-01'),
      snap('evt_9', '2024-03-05', { status: 'canceled', canceledAt: at('2024-03-01'), endedAt: at('2024-03-01') }),
    ];
    expect(rows(late)).toEqual([
      ['2024-01-01', 'usd', 2900, 2900, 'new', 'evt_1'],
      ['2024-03-01', 'usd', -2900, 0, 'churn', 'evt_9'],
    ]);
  });

  it('chartmogul preset: an immediate cancellation churns at the end of the paid period', () => {
    const immediate = [
      snap('evt_1', '2024-01-01', { currentPeriodEnd: at('2024-02-01T00:00:00Z') }),
      snap('evt_2', '2024-01-10', {
        status: 'canceled',
        canceledAt: at('2024-01-10'),
        endedAt: at('2024-01-10'),
        currentPeriodEnd: at('2024-02-01T00:00:00Z'),
      }),
    ];
    expect(rows(immediate, 'default')).toEqual([
      ['2024-01-01', 'usd', 2900, 2900, 'new', 'evt_1'],
      ['2024-01-10', 'usd', -2900, 0, 'churn', 'evt_2'],
    ]);
    expect(rows(immediate, 'chartmogul')).toEqual([
      ['2024-01-01', 'usd', 2900, 2900, 'new', 'evt_1'],
      ['2024-02-01', 'usd', -2900, 0, 'churn', 'evt_2'],
    ]);
  });
});

describe('discounts over time', () => {
  const quarterOff = discount({
    duration: 'repeating',
    durationInMonths: 3,
    percentOff: '50',
    start: at('2024-01-01T08:00:00Z'),
    end: at('2024-04-01T08:00:00Z'),
  });

  it('a repeating coupon expiring is expansion on its end day, caused by the last snapshot in force', () => {
    const snaps = [snap('evt_1', at('2024-01-01T08:00:00Z'), { items: [item({ unitAmountDecimal: '10000' })], discounts: [quarterOff] })];
    expect(rows(snaps)).toEqual([
      ['2024-01-01', 'usd', 5000, 5000, 'new', 'evt_1'],
      ['2024-04-01', 'usd', 5000, 10_000, 'expansion', 'evt_1'],
    ]);
    expect(rows(snaps, 'stripe')).toEqual([['2024-01-01', 'usd', 10_000, 10_000, 'new', 'evt_1']]);
  });

  it('a coupon applied later is contraction', () => {
    const coupon = discount({ percentOff: '12.5', start: at('2024-02-10') });
    const snaps = [
      snap('evt_1', '2024-01-01', { items: [item({ unitAmountDecimal: '9900' })] }),
      snap('evt_2', '2024-02-10', { items: [item({ unitAmountDecimal: '9900' })], discounts: [coupon] }),
    ];
    // 9900 × 0.875 = 8662.5 → 8663
    expect(rows(snaps)).toEqual([
      ['2024-01-01', 'usd', 9900, 9900, 'new', 'evt_1'],
      ['2024-02-10', 'usd', -1237, 8663, 'contraction', 'evt_2'],
    ]);
  });

  it('chartmogul preset: a once coupon lowers the first period only', () => {
    const once = discount({ duration: 'once', amountOff: 1000, amountOffCurrency: 'usd', start: at('2024-01-10T10:00:00Z') });
    const snaps = [snap('evt_1', at('2024-01-10T10:00:00Z'), { items: [item({ unitAmountDecimal: '5000' })], discounts: [once] })];
    expect(rows(snaps, 'chartmogul')).toEqual([
      ['2024-01-10', 'usd', 4000, 4000, 'new', 'evt_1'],
      ['2024-02-10', 'usd', 1000, 5000, 'expansion', 'evt_1'],
    ]);
    expect(rows(snaps, 'default')).toEqual([['2024-01-10', 'usd', 5000, 5000, 'new', 'evt_1']]);
  });
});
