import { describe, expect, it } from 'vitest';
import type { PresetName } from '../../../src/core/types.js';
import { at, discount, item, ledger, rows, snap } from './subscription-fixtures.js';

const trialFields = { trialStart: at('2024-01-01T09:00:00Z'), trialEnd: at('2024-01-15T09:00:00Z') };

describe('movements', () => {
  it('a first paid subscription is new on its day', () => {
    expect(rows([snap('evt_1', '2024-01-15')])).toEqual([['2024-01-15', 'usd', 2900, 2900, 'new', 'evt_1']]);
  });

  it('an upgrade is expansion, a downgrade contraction', () => {
    const base = snap('evt_1', '2024-01-01');
    const up = snap('evt_2', '2024-02-10', { items: [item({ quantity: 3 })] });
    const down = snap('evt_3', '2024-03-05', { items: [item({ quantity: 2 })] });
    expect(rows([base, up, down])).toEqual([
      ['2024-01-01', 'usd', 2900, 2900, 'new', 'evt_1'],
      ['2024-02-10', 'usd', 5800, 8700, 'expansion', 'evt_2'],
      ['2024-03-05', 'usd', -2900, 5800, 'contraction', 'evt_3'],
    ]);
  });

  it('an upgrade and a downgrade back on the same day net out', () => {
    const snaps = [
      snap('evt_1', '2024-01-01'),
      snap('evt_2', at('2024-02-10T09:00:00Z'), { items: [item({ quantity: 5 })] }),
      snap('evt_3', at('2024-02-10T17:00:00Z'), { items: [item({ quantity: 1 })] }),
    ];
    expect(rows(snaps)).toEqual([['2024-01-01', 'usd', 2900, 2900, 'new', 'evt_1']]);
  });

  it('two subscriptions: ending one is contraction, ending both is churn', () => {
    const snaps = [
      snap('evt_a1', '2024-01-01'),
      snap('evt_b1', '2024-01-20', { subscriptionId: 'sub_2', items: [item({ unitAmountDecimal: '9900' })] }),
      snap('evt_a2', '2024-03-01', { status: 'canceled', canceledAt: at('2024-03-01'), endedAt: at('2024-03-01') }),
      snap('evt_b2', '2024-04-01', {
        subscriptionId: 'sub_2',
        items: [item({ unitAmountDecimal: '9900' })],
        status: 'canceled',
        endedAt: at('2024-04-01'),
      }),
    ];
    expect(rows(snaps)).toEqual([
      ['2024-01-01', 'usd', 2900, 2900, 'new', 'evt_a1'],
      ['2024-01-20', 'usd', 9900, 12_800, 'expansion', 'evt_b1'],
      ['2024-03-01', 'usd', -2900, 9900, 'contraction', 'evt_a2'],
      ['2024-04-01', 'usd', -9900, 0, 'churn', 'evt_b2'],
    ]);
  });

  it('churn then a new subscription later is reactivation', () => {
    const snaps = [
      snap('evt_1', '2024-01-01'),
      snap('evt_2', '2024-02-01', { status: 'canceled', endedAt: at('2024-02-01') }),
      snap('evt_3', '2024-03-10', { subscriptionId: 'sub_2', items: [item({ unitAmountDecimal: '4900' })] }),
    ];
    expect(rows(snaps)).toEqual([
      ['2024-01-01', 'usd', 2900, 2900, 'new', 'evt_1'],
      ['2024-02-01', 'usd', -2900, 0, 'churn', 'evt_2'],
      ['2024-03-10', 'usd', 4900, 4900, 'reactivation', 'evt_3'],
    ]);
  });
});

describe('trials', () => {
  it('a trial that converts is new on the day it becomes active', () => {
    const snaps = [
      snap('evt_1', at('2024-01-01T09:00:00Z'), { status: 'trialing', ...trialFields }),
      snap('evt_2', at('2024-01-15T09:00:00Z'), { status: 'active', ...trialFields }),
    ];
    const result = ledger(snaps);
    expect(result.entries.map((e) => [e.day, e.movement, e.delta, e.causeEventId])).toEqual([['2024-01-15', 'new', 2900, 'evt_2']]);
    expect(result.trials).toEqual([{ subscriptionId: 'sub_1', customerId: 'cus_1', startedDay: '2024-01-01', convertedDay: '2024-01-15', trialEndDay: '2024-01-15', endedDay: null }]);
  });

  it('a trial that never converts produces no movement', () => {
    const snaps = [
      snap('evt_1', at('2024-01-01T09:00:00Z'), { status: 'trialing', ...trialFields }),
      snap('evt_2', at('2024-01-15T09:00:00Z'), { status: 'canceled', ...trialFields, endedAt: at('2024-01-15T09:00:00Z') }),
    ];
    const result = ledger(snaps);
    expect(result.entries).toEqual([]);
    expect(result.trials).toEqual([{ subscriptionId: 'sub_1', customerId: 'cus_1', startedDay: '2024-01-01', convertedDay: null, trialEndDay: '2024-01-15', endedDay: '2024-01-15' }]);
  });

  it.each<PresetName>(['default', 'stripe', 'chartmogul'])('trialing → past_due → canceled is no movement (%s)', (preset) => {
    const snaps = [
      snap('evt_1', at('2024-01-01T09:00:00Z'), { status: 'trialing', ...trialFields }),
      snap('evt_2', at('2024-01-15T10:00:00Z'), { status: 'past_due', ...trialFields, currentPeriodEnd: at('2024-02-15') }),
      snap('evt_3', at('2024-01-25T10:00:00Z'), {
        status: 'canceled',
        ...trialFields,
        canceledAt: at('2024-01-25T10:00:00Z'),
        endedAt: at('2024-01-25T10:00:00Z'),
        currentPeriodEnd: at('2024-02-15'),
      }),
    ];
    const result = ledger(snaps, preset);
    expect(result.entries).toEqual([]);
    expect(result.trials[0]?.convertedDay).toBeNull();
  });

  it('a trial that converts and is cancelled the same day produces nothing', () => {
    const snaps = [
      snap('evt_1', at('2024-01-01T09:00:00Z'), { status: 'trialing', ...trialFields }),
      snap('evt_2', at('2024-01-15T09:00:00Z'), { status: 'active', ...trialFields }),
      snap('evt_3', at('2024-01-15T18:00:00Z'), { status: 'canceled', ...trialFields, endedAt: at('2024-01-15T18:00:00Z') }),
    ];
    expect(ledger(snaps).entries).toEqual([]);
  });

  it('past_due after a paid period keeps counting (default), unpaid is churn', () => {
    const snaps = [
      snap('evt_1', '2024-01-01'),
      snap('evt_2', '2024-02-02', { status: 'past_due' }),
      snap('evt_3', '2024-02-20', { status: 'unpaid' }),
    ];
    expect(rows(snaps)).toEqual([
      ['2024-01-01', 'usd', 2900, 2900, 'new', 'evt_1'],
      ['2024-02-20', 'usd', -2900, 0, 'churn', 'evt_3'],
    ]);
    expect(rows(snaps, 'chartmogul')).toEqual([['2024-01-01', 'usd', 2900, 2900, 'new', 'evt_1']]);
  });
});

describe('currencies', () => {
  const eur = { subscriptionId: 'sub_eur', currency: 'eur', items: [item({ unitAmountDecimal: '4000' })] };

  it('JPY and KWD amounts stay in their own minor units', () => {
    const snaps = [
      snap('evt_1', '2024-01-01', { currency: 'jpy', items: [item({ unitAmountDecimal: '10000', interval: 'year' })] }),
      snap('evt_2', '2024-01-01', { subscriptionId: 'sub_kwd', currency: 'kwd', items: [item({ unitAmountDecimal: '12345', interval: 'year' })] }),
    ];
    expect(rows(snaps)).toEqual([
      ['2024-01-01', 'jpy', 833, 833, 'new', 'evt_1'],
      ['2024-01-01', 'kwd', 1029, 1029, 'new', 'evt_2'],
    ]);
  });

  it('mixed signs across currencies on one day: each row takes its own sign', () => {
    const snaps = [
      snap('evt_1', '2024-01-01'),
      snap('evt_2', '2024-01-01', eur),
      snap('evt_3', '2024-02-01', { items: [item({ quantity: 2 })] }),
      snap('evt_4', '2024-02-01', { ...eur, items: [item({ unitAmountDecimal: '1000' })] }),
    ];
    expect(rows(snaps)).toEqual([
      ['2024-01-01', 'eur', 4000, 4000, 'new', 'evt_2'],
      ['2024-01-01', 'usd', 2900, 2900, 'new', 'evt_1'],
      ['2024-02-01', 'eur', -3000, 1000, 'contraction', 'evt_4'],
      ['2024-02-01', 'usd', 2900, 5800, 'expansion', 'evt_3'],
    ]);
  });

  it('ending the only subscription of one currency while another pays is contraction', () => {
    const snaps = [
      snap('evt_1', '2024-01-01'),
      snap('evt_2', '2024-01-01', eur),
      snap('evt_3', '2024-03-01', { ...eur, status: 'canceled', endedAt: at('2024-03-01') }),
      snap('evt_4', '2024-04-01', { status: 'canceled', endedAt: at('2024-04-01') }),
    ];
    expect(rows(snaps).slice(2)).toEqual([
      ['2024-03-01', 'eur', -4000, 0, 'contraction', 'evt_3'],
      ['2024-04-01', 'usd', -2900, 0, 'churn', 'evt_4'],
    ]);
  });
});

describe('inputs', () => {
  const snaps = [
    snap('evt_1', '2024-01-01'),
    snap('evt_2', '2024-02-10', { items: [item({ quantity: 3 })] }),
    snap('evt_3', '2024-03-05', { status: 'canceled', endedAt: at('2024-03-05') }),
  ];

  it('is independent of input order and exact duplicates', () => {
    const expected = ledger(snaps);
    expect(ledger([snaps[2]!, snaps[0]!, snaps[1]!])).toEqual(expected);
    expect(ledger([...snaps, snaps[1]!, { ...snaps[0]! }])).toEqual(expected);
  });

  it('breaks ties on effectiveAt by eventId', () => {
    const t = at('2024-01-01');
    const tie = [snap('evt_b', t, { items: [item({ quantity: 2 })] }), snap('evt_a', t)];
    expect(rows(tie)).toEqual([['2024-01-01', 'usd', 5800, 5800, 'new', 'evt_b']]);
  });

  it('ignores snapshots after until and evaluates the last day at until', () => {
    const until = at('2024-02-10T12:00:00Z');
    expect(rows(snaps, 'default', until)).toEqual([
      ['2024-01-01', 'usd', 2900, 2900, 'new', 'evt_1'],
      ['2024-02-10', 'usd', 5800, 8700, 'expansion', 'evt_2'],
    ]);
    const expiring = discount({ percentOff: '50', start: at('2024-01-01'), end: at('2024-02-10T18:00:00Z'), duration: 'repeating' });
    const withCoupon = [snap('evt_1', '2024-01-01', { discounts: [expiring] })];
    // The coupon ends at 18:00, after `until`: not yet an expansion.
    expect(rows(withCoupon, 'default', until)).toEqual([['2024-01-01', 'usd', 1450, 1450, 'new', 'evt_1']]);
  });

  it('returns nothing for no snapshots and refuses several customers', () => {
    expect(ledger([])).toEqual({ entries: [], trials: [] });
    expect(() => ledger([snap('evt_1', '2024-01-01'), snap('evt_2', '2024-01-01', { subscriptionId: 'sub_x', customerId: 'cus_2' })])).toThrow(
      RangeError,
    );
  });
});
