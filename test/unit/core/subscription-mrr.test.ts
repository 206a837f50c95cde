import { describe, expect, it } from 'vitest';
import { presetRules } from '../../../src/core/presets.js';
import { subscriptionMrr } from '../../../src/core/subscription-mrr.js';
import type { DiscountState, PresetName, SubscriptionState, SubscriptionStatus } from '../../../src/core/types.js';
import { at, discount, item, state } from './subscription-fixtures.js';

const NOW = at('2024-03-15');
const DEFAULT = presetRules('default');
const PAID = { everActive: true };

const tiers = [
  { upTo: 5, unitAmountDecimal: '1000', flatAmountDecimal: '500' },
  { upTo: 10, unitAmountDecimal: '800', flatAmountDecimal: null },
  { upTo: null, unitAmountDecimal: '500', flatAmountDecimal: '1000' },
];

// Expected values are worked out by hand in the comments; none are copied from the code.
describe('normalisation to a month', () => {
  it.each<[string, Partial<SubscriptionState>, number]>([
    ['monthly 29.00 USD', { items: [item()] }, 2900],
    ['quantity 3', { items: [item({ quantity: 3 })] }, 8700],
    ['yearly 299.00 → 29900/12 = 2491.67', { items: [item({ unitAmountDecimal: '29900', interval: 'year' })] }, 2492],
    ['weekly 10.00 → 1000×52/12 = 4333.33', { items: [item({ unitAmountDecimal: '1000', interval: 'week' })] }, 4333],
    ['daily 1.00 → 100×365/12 = 3041.67', { items: [item({ unitAmountDecimal: '100', interval: 'day' })] }, 3042],
    ['every 3 months 90.00 → 3000', { items: [item({ unitAmountDecimal: '9000', intervalCount: 3 })] }, 3000],
    ['every 6 months 100.00 → 1666.67', { items: [item({ unitAmountDecimal: '10000', intervalCount: 6 })] }, 1667],
    ['every 2 weeks 10.00 → 1000×52/24 = 2166.67', { items: [item({ unitAmountDecimal: '1000', interval: 'week', intervalCount: 2 })] }, 2167],
    ['JPY ¥980 × 3 (zero-decimal)', { currency: 'jpy', items: [item({ unitAmountDecimal: '980', quantity: 3 })] }, 2940],
    ['JPY ¥10000 yearly → 833.33', { currency: 'jpy', items: [item({ unitAmountDecimal: '10000', interval: 'year' })] }, 833],
    ['KWD 12.345 yearly = 12345 fils → 1028.75', { currency: 'kwd', items: [item({ unitAmountDecimal: '12345', interval: 'year' })] }, 1029],
    ['KWD 2.500 × 2', { currency: 'kwd', items: [item({ unitAmountDecimal: '2500', quantity: 2 })] }, 5000],
    ['half rounds away from zero: 30/12 = 2.5', { items: [item({ unitAmountDecimal: '30', interval: 'year' })] }, 3],
    ['fractional unit price 0.5 × 3 = 1.5', { items: [item({ unitAmountDecimal: '0.5', quantity: 3 })] }, 2],
    [
      'rounded once per subscription: 6/12 + 6/12 = 1 (per item would be 1 + 1)',
      { items: [item({ unitAmountDecimal: '6', interval: 'year' }), item({ itemId: 'si_2', unitAmountDecimal: '6', interval: 'year' })] },
      1,
    ],
    [
      'items are summed: 10.00 monthly + 120.00 yearly',
      { items: [item({ unitAmountDecimal: '1000' }), item({ itemId: 'si_2', unitAmountDecimal: '12000', interval: 'year' })] },
      2000,
    ],
    [
      'metered items are not MRR',
      { items: [item({ unitAmountDecimal: '1000' }), item({ itemId: 'si_2', usageType: 'metered', unitAmountDecimal: '5000' })] },
      1000,
    ],
    ['quantity 0 bills nothing', { items: [item({ quantity: 0 })] }, 0],
    ['no unit amount', { items: [item({ unitAmountDecimal: null })] }, 0],
  ])('%s', (_label, overrides, expected) => {
    expect(subscriptionMrr(state(overrides), NOW, DEFAULT, PAID)).toBe(expected);
  });
});

describe('tiered and package prices charge what they would bill for the quantity', () => {
  const tiered = (mode: 'graduated' | 'volume', quantity: number) =>
    state({ items: [item({ billingScheme: 'tiered', tiersMode: mode, tiers, unitAmountDecimal: null, quantity })] });

  it.each([
    // 5×1000 + 500 flat
    ['graduated', 5, 5500],
    // 5500 + 1×800
    ['graduated', 6, 6300],
    // 5500 + 5×800 + (2×500 + 1000 flat)
    ['graduated', 12, 11_500],
    // whole quantity in tier 1: 5×1000 + 500
    ['volume', 5, 5500],
    // whole quantity in tier 2: 6×800
    ['volume', 6, 4800],
    // whole quantity in tier 3: 12×500 + 1000
    ['volume', 12, 7000],
  ] as const)('%s, quantity %i', (mode, quantity, expected) => {
    expect(subscriptionMrr(tiered(mode, quantity), NOW, DEFAULT, PAID)).toBe(expected);
  });

  it('reads tiers in order of their bounds, not of the array', () => {
    const reversed = state({
      items: [item({ billingScheme: 'tiered', tiersMode: 'graduated', tiers: [...tiers].reverse(), unitAmountDecimal: null, quantity: 12 })],
    });
    expect(subscriptionMrr(reversed, NOW, DEFAULT, PAID)).toBe(11_500);
  });

  it.each([
    // 23 seats in packs of 10 at 25.00 a pack
    ['up', 23, 7500],
    ['down', 23, 5000],
    ['up', 20, 5000],
  ] as const)('package pricing rounding %s, quantity %i', (round, quantity, expected) => {
    const packaged = state({ items: [item({ unitAmountDecimal: '2500', quantity, transformQuantity: { divideBy: 10, round } })] });
    expect(subscriptionMrr(packaged, NOW, DEFAULT, PAID)).toBe(expected);
  });
});

describe('discounts', () => {
  const started = at('2024-01-01');
  const withDiscounts = (amount: string, discounts: DiscountState[], overrides: Partial<SubscriptionState> = {}) =>
    state({ items: [item({ unitAmountDecimal: amount })], discounts, ...overrides });

  it.each<[string, SubscriptionState, number]>([
    ['12.5% forever: 9900 × 0.875 = 8662.5', withDiscounts('9900', [discount({ percentOff: '12.5' })]), 8663],
    ['amount-off larger than the price never goes below 0', withDiscounts('2900', [discount({ amountOff: 5000, amountOffCurrency: 'usd' })]), 0],
    [
      'percent before amount: 10000 × 0.8 − 1000',
      withDiscounts('10000', [discount({ id: 'di_a', amountOff: 1000, amountOffCurrency: 'usd' }), discount({ id: 'di_p', percentOff: '20' })]),
      7000,
    ],
    [
      'two percents compound: 10000 × 0.9 × 0.5',
      withDiscounts('10000', [discount({ id: 'di_1', percentOff: '10' }), discount({ id: 'di_2', percentOff: '50' })]),
      4500,
    ],
    [
      'amount-off per period on a yearly price: (12000 − 1200)/12',
      state({ items: [item({ unitAmountDecimal: '12000', interval: 'year' })], discounts: [discount({ amountOff: 1200, amountOffCurrency: 'usd' })] }),
      900,
    ],
    [
      'amount-off per period on a quarterly price: (9000 − 900)/3',
      state({ items: [item({ unitAmountDecimal: '9000', intervalCount: 3 })], discounts: [discount({ amountOff: 900, amountOffCurrency: 'usd' })] }),
      2700,
    ],
    ['amount-off in another currency is ignored', withDiscounts('2900', [discount({ amountOff: 500, amountOffCurrency: 'eur' })]), 2900],
    ['JPY amount-off ¥500 on ¥980', withDiscounts('980', [discount({ amountOff: 500, amountOffCurrency: 'jpy' })], { currency: 'jpy' }), 480],
    ['KWD 12.5% of 1.000', withDiscounts('1000', [discount({ percentOff: '12.5' })], { currency: 'kwd' }), 875],
    ['once is not deducted', withDiscounts('5000', [discount({ duration: 'once', percentOff: '50' })]), 5000],
    [
      'repeating while active is deducted',
      withDiscounts('5000', [discount({ duration: 'repeating', durationInMonths: 3, percentOff: '50', start: started, end: at('2024-04-01') })]),
      2500,
    ],
    [
      'repeating after its end is not',
      withDiscounts('5000', [discount({ duration: 'repeating', durationInMonths: 2, percentOff: '50', start: started, end: at('2024-03-01') })]),
      5000,
    ],
    [
      'repeating without an end lasts durationInMonths',
      withDiscounts('5000', [discount({ duration: 'repeating', durationInMonths: 3, percentOff: '50', start: started })]),
      2500,
    ],
    ['a discount that has not started yet', withDiscounts('5000', [discount({ percentOff: '50', start: at('2024-04-01') })]), 5000],
    ['100% off', withDiscounts('5000', [discount({ percentOff: '100' })]), 0],
  ])('%s', (_label, subscription, expected) => {
    expect(subscriptionMrr(subscription, NOW, DEFAULT, PAID)).toBe(expected);
  });

  it('the repeating window is [start, end)', () => {
    const end = at('2024-04-01T00:00:00Z');
    const s = withDiscounts('5000', [discount({ duration: 'repeating', durationInMonths: 3, percentOff: '50', start: started, end })]);
    expect(subscriptionMrr(s, end - 1, DEFAULT, PAID)).toBe(2500);
    expect(subscriptionMrr(s, end, DEFAULT, PAID)).toBe(5000);
    expect(subscriptionMrr(s, started - 1, DEFAULT, PAID)).toBe(5000);
    expect(subscriptionMrr(s, started, DEFAULT, PAID)).toBe(2500);
  });
});

describe('status', () => {
  it.each<[SubscriptionStatus, number]>([
    ['active', 2900],
    ['past_due', 2900],
    ['trialing', 0],
    ['incomplete', 0],
    ['incomplete_expired', 0],
    ['unpaid', 0],
    ['paused', 0],
    ['canceled', 0],
  ])('%s', (status, expected) => {
    expect(subscriptionMrr(state({ status }), NOW, DEFAULT, PAID)).toBe(expected);
  });

  it('past_due counts only for a subscription that has been active', () => {
    const trialEnded = state({ status: 'past_due', trialStart: at('2024-03-01'), trialEnd: at('2024-03-14') });
    expect(subscriptionMrr(trialEnded, NOW, DEFAULT, { everActive: false })).toBe(0);
    expect(subscriptionMrr(trialEnded, NOW, DEFAULT, { everActive: true })).toBe(2900);
    // Without history: a trial on record means it may never have paid; no trial means it has.
    expect(subscriptionMrr(trialEnded, NOW, DEFAULT)).toBe(0);
    expect(subscriptionMrr(state({ status: 'past_due' }), NOW, DEFAULT)).toBe(2900);
  });

  it('an ended subscription is 0 from endedAt on', () => {
    const ended = state({ endedAt: at('2024-03-10') });
    expect(subscriptionMrr(ended, at('2024-03-10') - 1, DEFAULT, PAID)).toBe(2900);
    expect(subscriptionMrr(ended, at('2024-03-10'), DEFAULT, PAID)).toBe(0);
  });
});

describe('presets', () => {
  const repeating = discount({ duration: 'repeating', durationInMonths: 3, percentOff: '50', start: at('2024-03-01'), end: at('2024-06-01') });
  const once = discount({ duration: 'once', amountOff: 1000, amountOffCurrency: 'usd', start: at('2024-03-01T00:00:00Z') });
  const scheduled = { cancelAtPeriodEnd: true, canceledAt: at('2024-03-05'), currentPeriodEnd: at('2024-04-01') };
  const cancelledMidPeriod = {
    status: 'canceled' as const,
    canceledAt: at('2024-03-05'),
    endedAt: at('2024-03-05'),
    currentPeriodStart: at('2024-03-01T00:00:00Z'),
    currentPeriodEnd: at('2024-04-01T00:00:00Z'),
  };

  it.each<[string, Partial<SubscriptionState>, Record<PresetName, number>]>([
    ['unpaid', { status: 'unpaid' }, { default: 0, stripe: 0, chartmogul: 5000 }],
    ['repeating 50% coupon', { discounts: [repeating] }, { default: 2500, stripe: 5000, chartmogul: 2500 }],
    // ChartMogul: the one-off 10.00 lowers the month it is invoiced for (Mar 1 – Apr 1).
    ['once 10.00 off, in its first period', { discounts: [once] }, { default: 5000, stripe: 5000, chartmogul: 4000 }],
    ['cancel at period end requested', scheduled, { default: 5000, stripe: 0, chartmogul: 5000 }],
    ['cancelled immediately mid-period', cancelledMidPeriod, { default: 0, stripe: 0, chartmogul: 5000 }],
  ])('%s', (_label, overrides, expected) => {
    const s = state({ items: [item({ unitAmountDecimal: '5000' })], ...overrides });
    for (const preset of ['default', 'stripe', 'chartmogul'] as const) {
      expect(subscriptionMrr(s, NOW, presetRules(preset), PAID), preset).toBe(expected[preset]);
    }
  });

  it('chartmogul: the once discount stops after one billing period', () => {
    const s = state({ items: [item({ unitAmountDecimal: '5000' })], discounts: [once] });
    expect(subscriptionMrr(s, at('2024-04-01T00:00:00Z') - 1, presetRules('chartmogul'), PAID)).toBe(4000);
    expect(subscriptionMrr(s, at('2024-04-01T00:00:00Z'), presetRules('chartmogul'), PAID)).toBe(5000);
  });

  it('chartmogul: an immediate cancellation counts until the paid period ends, if it was paying', () => {
    const s = state({ items: [item({ unitAmountDecimal: '5000' })], ...cancelledMidPeriod });
    const rules = presetRules('chartmogul');
    expect(subscriptionMrr(s, at('2024-04-01T00:00:00Z') - 1, rules, PAID)).toBe(5000);
    expect(subscriptionMrr(s, at('2024-04-01T00:00:00Z'), rules, PAID)).toBe(0);
    expect(subscriptionMrr(s, NOW, rules, { everActive: true, statusBeforeEnd: 'paused' })).toBe(0);
  });

  it('rejects an unknown preset', () => {
    expect(() => presetRules('baremetrics' as PresetName)).toThrow(RangeError);
  });
});
