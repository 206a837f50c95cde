import { describe, expect, it } from 'vitest';
import type { SubscriptionRecord } from '../../../../src/core/records.js';
import { transformStripeEvent } from '../../../../src/ingest/stripe/transform.js';
import { at, editedFixture, loadFixture, type JsonObject } from './fixtures.js';

function subscriptionOf(event: JsonObject): SubscriptionRecord {
  const result = transformStripeEvent(event);
  if (!result.ok) throw new Error(`dropped: ${result.drop} ${result.detail}`);
  expect(result.records.subscriptions).toHaveLength(1);
  return result.records.subscriptions![0]!;
}

// Every expected record below was written by reading the fixture, field by field.
const cases: Array<{ fixture: string; expected: SubscriptionRecord }> = [
  {
    fixture: 'customer.subscription.created.legacy-percent-forever.json',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1PXm0aLkdIwHu7ixQ3a9Vb2K',
          customerId: 'cus_QOlq9TgjWZ3pXo',
          currency: 'usd',
          status: 'active',
          items: [
            {
              itemId: 'si_QOlqHn2aQvGm7S',
              priceId: 'price_1PXlzQLkdIwHu7ixProSeatM',
              productId: 'prod_QOlpProSeat01',
              planName: 'Pro seat',
              usageType: 'licensed',
              billingScheme: 'per_unit',
              unitAmountDecimal: '1500',
              tiers: null,
              tiersMode: null,
              transformQuantity: null,
              quantity: 3,
              interval: 'month',
              intervalCount: 1,
            },
          ],
          // The legacy `discount` and the `discounts` id name the same discount: it appears once.
          discounts: [
            {
              id: 'di_1PXm0aLkdIwHu7ixFv2p9Kqa',
              couponId: 'LAUNCH12',
              percentOff: '12.5',
              amountOff: null,
              amountOffCurrency: null,
              duration: 'forever',
              durationInMonths: null,
              start: 1719824400,
              end: null,
            },
          ],
          startDate: 1719824400,
          trialStart: null,
          trialEnd: null,
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          currentPeriodStart: 1719824400,
          currentPeriodEnd: 1722502800,
        },
        effectiveAt: 1719824405,
        eventId: 'evt_1PXm0dLkdIwHu7ixS0bCr3aT',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
  },
  {
    fixture: 'customer.subscription.updated.legacy-annual-amount-off.json',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1KdYxAJ8hT2sQw4rAnnu4lEu',
          customerId: 'cus_LKd8aQ0WbNf2Ue',
          currency: 'eur',
          status: 'active',
          items: [
            {
              itemId: 'si_LKd9Qe2mBYh7Hs',
              priceId: 'price_1KdYvmJ8hT2sQw4rBizYearly',
              productId: 'prod_LKd7BusinessYr',
              planName: 'Business yearly',
              usageType: 'licensed',
              billingScheme: 'per_unit',
              unitAmountDecimal: '120000',
              tiers: null,
              tiersMode: null,
              transformQuantity: null,
              quantity: 1,
              interval: 'year',
              intervalCount: 1,
            },
          ],
          discounts: [
            {
              id: 'di_1MlqGyJ8hT2sQw4rK2yP0wTe',
              couponId: 'SPRING20',
              percentOff: null,
              amountOff: 2000,
              amountOffCurrency: 'eur',
              duration: 'repeating',
              durationInMonths: 3,
              start: 1678890600, // 2023-03-15T14:30Z
              end: 1686839400, // the discount's own `end`: 2023-06-15T14:30Z
            },
          ],
          startDate: 1647354600,
          trialStart: null,
          trialEnd: null,
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          currentPeriodStart: 1678890600,
          currentPeriodEnd: 1710513000,
        },
        effectiveAt: 1678890605,
        eventId: 'evt_1MlqGzJ8hT2sQw4rUpd8Yr1a',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
  },
  {
    fixture: 'customer.subscription.created.basil-metered.json',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1RNcQ4Lk2pRwA9vEm3t3rEd1',
          customerId: 'cus_SHnZ4cM1rT0qLa',
          currency: 'usd',
          status: 'active',
          items: [
            {
              itemId: 'si_SHnZLicBase01',
              priceId: 'price_1RNbYqLk2pRwA9vEbaseUsdM',
              productId: 'prod_SHnYBasePlatfm',
              planName: 'Base platform',
              usageType: 'licensed',
              billingScheme: 'per_unit',
              unitAmountDecimal: '2000',
              tiers: null,
              tiersMode: null,
              transformQuantity: null,
              quantity: 1,
              interval: 'month',
              intervalCount: 1,
            },
            {
              itemId: 'si_SHnZMtrApi02',
              priceId: 'price_1RNbZ2Lk2pRwA9vEapiCalls',
              productId: 'prod_SHnYApiCalls01',
              planName: null, // no nickname anywhere, product not expanded
              usageType: 'metered',
              billingScheme: 'per_unit',
              unitAmountDecimal: '0.5', // half a cent per call, kept exact
              tiers: null,
              tiersMode: null,
              transformQuantity: null,
              quantity: 0, // Stripe sends no quantity on metered items
              interval: 'month',
              intervalCount: 1,
            },
          ],
          discounts: [],
          startDate: 1746878400,
          trialStart: null,
          trialEnd: null,
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          // No period on the subscription in this API version: taken from the items.
          currentPeriodStart: 1746878400,
          currentPeriodEnd: 1749556800,
        },
        effectiveAt: 1746878403,
        eventId: 'evt_1RNcQ7Lk2pRwA9vEb4s1Cr8m',
      },
      unresolvedDiscountIds: ['di_1RNcQ4Lk2pRwA9vEw8bYq6Gd'],
      unresolvedTierPriceIds: [],
    },
  },
  {
    fixture: 'customer.subscription.created.clover-trialing-expanded.json',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1SKt7cHq3vXnB6cLtR14lSt1',
          customerId: 'cus_TFx2mQ8aVn4KpR',
          currency: 'gbp',
          status: 'trialing',
          items: [
            {
              itemId: 'si_TFx2StarterA1',
              priceId: 'price_1SKs2bHq3vXnB6cLstarterGb',
              productId: 'prod_TFw9Starter0001',
              planName: 'Starter', // from the expanded product
              usageType: 'licensed',
              billingScheme: 'per_unit',
              unitAmountDecimal: '4900',
              tiers: null,
              tiersMode: null,
              transformQuantity: null,
              quantity: 1,
              interval: 'month',
              intervalCount: 1,
            },
          ],
          // Coupon under discount.source.coupon (2025-09-30.clover), expanded.
          discounts: [
            {
              id: 'di_1SKt7cHq3vXnB6cLwLc20pCt',
              couponId: 'WELCOME20',
              percentOff: '20',
              amountOff: null,
              amountOffCurrency: null,
              duration: 'forever',
              durationInMonths: null,
              start: 1760978700,
              end: null,
            },
          ],
          startDate: 1760978700,
          trialStart: 1760978700,
          trialEnd: 1762188300,
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          currentPeriodStart: 1760978700,
          currentPeriodEnd: 1762188300,
        },
        effectiveAt: 1760978702,
        eventId: 'evt_1SKt7fHq3vXnB6cLtr1aLx0e',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
  },
  {
    fixture: 'customer.subscription.updated.basil-tiered-without-tiers.json',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1QrTeaLk2pRwA9vEtiered01',
          customerId: 'cus_RlTe8wQzN2hVbA',
          currency: 'eur',
          status: 'active',
          items: [
            {
              itemId: 'si_RlTeSeats0001',
              priceId: 'price_1QrTdALk2pRwA9vEseatTier',
              productId: 'prod_RlTdSeats00001',
              planName: 'Seats (graduated)',
              usageType: 'licensed',
              billingScheme: 'tiered',
              unitAmountDecimal: null,
              tiers: null,
              tiersMode: 'graduated',
              transformQuantity: null,
              quantity: 12,
              interval: 'month',
              intervalCount: 1,
            },
          ],
          discounts: [],
          startDate: 1739188800,
          trialStart: null,
          trialEnd: null,
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          currentPeriodStart: 1749556800,
          currentPeriodEnd: 1752148800,
        },
        effectiveAt: 1750494600,
        eventId: 'evt_1RcGk2Lk2pRwA9vEtier5Upd',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: ['price_1QrTdALk2pRwA9vEseatTier'],
    },
  },
  {
    fixture: 'customer.subscription.deleted.json',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1OlAb2LkdIwHu7ixCh0rN3d9',
          customerId: 'cus_PZk3Yw0bQe7TnM',
          currency: 'usd',
          status: 'canceled',
          items: [
            {
              itemId: 'si_PZk4Growth001',
              priceId: 'price_1OlAZcLkdIwHu7ixGrowthM0',
              productId: 'prod_PZk2Growth0001',
              planName: 'Growth',
              usageType: 'licensed',
              billingScheme: 'per_unit',
              unitAmountDecimal: '2900',
              tiers: null,
              tiersMode: null,
              transformQuantity: null,
              quantity: 1,
              interval: 'month',
              intervalCount: 1,
            },
          ],
          discounts: [],
          startDate: 1708255200,
          trialStart: null,
          trialEnd: null,
          cancelAtPeriodEnd: true,
          cancelAt: 1726658400,
          canceledAt: 1726614000,
          endedAt: 1726658400,
          currentPeriodStart: 1723980000,
          currentPeriodEnd: 1726658400,
        },
        effectiveAt: 1726658403,
        eventId: 'evt_1Q0K2bLkdIwHu7ixDe1eTeD0',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
  },
];

describe('Stripe subscription events → SubscriptionRecord', () => {
  it.each(cases)('$fixture', ({ fixture, expected }) => {
    expect(subscriptionOf(loadFixture(fixture))).toStrictEqual(expected);
  });
});

describe('subscription details', () => {
  const LEGACY = 'customer.subscription.created.legacy-percent-forever.json';
  const ANNUAL = 'customer.subscription.updated.legacy-annual-amount-off.json';
  const BASIL = 'customer.subscription.created.basil-metered.json';
  const DELETED = 'customer.subscription.deleted.json';

  it.each([
    { endedAt: null, canceledAt: 1726614000, expected: 1726614000 },
    { endedAt: null, canceledAt: null, expected: 1726658403 }, // the event's created
  ])('a deletion without ended_at ends at canceled_at, else at the event (%o)', ({ endedAt, canceledAt, expected }) => {
    const event = editedFixture(DELETED, (sub) => {
      sub.ended_at = endedAt;
      sub.canceled_at = canceledAt;
      sub.status = 'active';
    });
    const { state } = subscriptionOf(event).snapshot;
    expect(state.status).toBe('canceled');
    expect(state.endedAt).toBe(expected);
  });

  it('an update that carries ended_at: null keeps it null (only deletions fall back)', () => {
    const event = editedFixture(DELETED, (sub) => {
      sub.ended_at = null;
    });
    (event as { type: string }).type = 'customer.subscription.updated';
    const { state } = subscriptionOf(event).snapshot;
    expect(state.status).toBe('canceled');
    expect(state.endedAt).toBeNull();
  });

  it('plan name falls back from price nickname to plan nickname to expanded product name', () => {
    const planOnly = editedFixture(LEGACY, (sub) => {
      at(sub, 'items.data.0.price').nickname = null;
      at(sub, 'items.data.0.plan').nickname = 'Pro seat (legacy plan)';
    });
    expect(subscriptionOf(planOnly).snapshot.state.items[0]!.planName).toBe('Pro seat (legacy plan)');

    const productOnly = editedFixture(LEGACY, (sub) => {
      const price = at(sub, 'items.data.0.price');
      price.nickname = null;
      price.product = { id: 'prod_QOlpProSeat01', object: 'product', name: 'Pro' };
      at(sub, 'items.data.0.plan').nickname = null;
    });
    const item = subscriptionOf(productOnly).snapshot.state.items[0]!;
    expect(item.planName).toBe('Pro');
    expect(item.productId).toBe('prod_QOlpProSeat01');
  });

  it('prefers unit_amount_decimal over unit_amount', () => {
    const event = editedFixture(LEGACY, (sub) => {
      const price = at(sub, 'items.data.0.price');
      price.unit_amount = 1250;
      price.unit_amount_decimal = '1250.125';
    });
    expect(subscriptionOf(event).snapshot.state.items[0]!.unitAmountDecimal).toBe('1250.125');
  });

  it('falls back to unit_amount when unit_amount_decimal is null', () => {
    const event = editedFixture(LEGACY, (sub) => {
      at(sub, 'items.data.0.price').unit_amount_decimal = null;
    });
    expect(subscriptionOf(event).snapshot.state.items[0]!.unitAmountDecimal).toBe('1500');
  });

  it('maps package pricing (transform_quantity)', () => {
    const event = editedFixture(LEGACY, (sub) => {
      at(sub, 'items.data.0.price').transform_quantity = { divide_by: 10, round: 'up' };
    });
    expect(subscriptionOf(event).snapshot.state.items[0]!.transformQuantity).toEqual({ divideBy: 10, round: 'up' });
  });

  it('a licensed item without quantity counts as 1', () => {
    const event = editedFixture(LEGACY, (sub) => {
      delete at(sub, 'items.data.0').quantity;
    });
    expect(subscriptionOf(event).snapshot.state.items[0]!.quantity).toBe(1);
  });

  it('uses tiers when the tiered price arrives with them', () => {
    const event = editedFixture('customer.subscription.updated.basil-tiered-without-tiers.json', (sub) => {
      at(sub, 'items.data.0.price').tiers = [
        { up_to: 5, unit_amount: 1000, unit_amount_decimal: '1000', flat_amount: 500, flat_amount_decimal: '500' },
        { up_to: null, unit_amount: null, unit_amount_decimal: '850.5', flat_amount: null, flat_amount_decimal: null },
      ];
    });
    const record = subscriptionOf(event);
    expect(record.unresolvedTierPriceIds).toEqual([]);
    expect(record.snapshot.state.items[0]!.tiers).toEqual([
      { upTo: 5, unitAmountDecimal: '1000', flatAmountDecimal: '500' },
      { upTo: null, unitAmountDecimal: '850.5', flatAmountDecimal: null },
    ]);
  });

  it('computes a repeating discount end from duration_in_months when Stripe sends none', () => {
    const event = editedFixture(ANNUAL, (sub) => {
      delete at(sub, 'discount').end;
    });
    // 2023-03-15T14:30Z + 3 months = 2023-06-15T14:30Z
    expect(subscriptionOf(event).snapshot.state.discounts[0]!.end).toBe(Date.parse('2023-06-15T14:30:00Z') / 1000);
  });

  it('applies the currency_options amount of a coupon in another currency', () => {
    const event = editedFixture(ANNUAL, (sub) => {
      const coupon = at(sub, 'discount.coupon');
      coupon.amount_off = 2500;
      coupon.currency = 'usd';
      coupon.currency_options = { usd: { amount_off: 2500 }, eur: { amount_off: 2300 } };
    });
    const [discount] = subscriptionOf(event).snapshot.state.discounts;
    expect(discount).toMatchObject({ amountOff: 2300, amountOffCurrency: 'eur' });
  });

  it('keeps expanded discounts and reports bare ids it cannot resolve, each once', () => {
    const event = editedFixture(LEGACY, (sub) => {
      sub.discounts = ['di_1PXm0aLkdIwHu7ixFv2p9Kqa', 'di_1PXmZZLkdIwHu7ixOtherId', 'di_1PXmZZLkdIwHu7ixOtherId'];
    });
    const record = subscriptionOf(event);
    expect(record.snapshot.state.discounts.map((d) => d.id)).toEqual(['di_1PXm0aLkdIwHu7ixFv2p9Kqa']);
    expect(record.unresolvedDiscountIds).toEqual(['di_1PXmZZLkdIwHu7ixOtherId']);
  });

  it('an expanded discount whose coupon is a bare id is unresolved', () => {
    const event = editedFixture('customer.subscription.created.clover-trialing-expanded.json', (sub) => {
      at(sub, 'discounts.0.source').coupon = 'WELCOME20';
    });
    const record = subscriptionOf(event);
    expect(record.snapshot.state.discounts).toEqual([]);
    expect(record.unresolvedDiscountIds).toEqual(['di_1SKt7cHq3vXnB6cLwLc20pCt']);
  });

  it('reads a coupon embedded as discount.coupon in the discounts array (2025-03-31 … 2025-08-27)', () => {
    const event = editedFixture(BASIL, (sub) => {
      sub.discounts = [
        {
          id: 'di_1RNcQ4Lk2pRwA9vEw8bYq6Gd',
          object: 'discount',
          coupon: {
            id: 'FIVEOFF',
            object: 'coupon',
            amount_off: 500,
            currency: 'usd',
            duration: 'once',
            duration_in_months: null,
            percent_off: null,
            name: '$5 off',
            valid: true,
            created: 1746000000,
          },
          customer: 'cus_SHnZ4cM1rT0qLa',
          end: null,
          start: 1746878400,
          subscription: 'sub_1RNcQ4Lk2pRwA9vEm3t3rEd1',
        },
      ];
    });
    const record = subscriptionOf(event);
    expect(record.unresolvedDiscountIds).toEqual([]);
    expect(record.snapshot.state.discounts).toEqual([
      {
        id: 'di_1RNcQ4Lk2pRwA9vEw8bYq6Gd',
        couponId: 'FIVEOFF',
        percentOff: null,
        amountOff: 500,
        amountOffCurrency: 'usd',
        duration: 'once',
        durationInMonths: null,
        start: 1746878400,
        end: null,
      },
    ]);
  });

  it('takes the current period from the item that renews first when items differ', () => {
    const event = editedFixture(BASIL, (sub) => {
      const metered = at(sub, 'items.data.1');
      metered.current_period_start = 1748000000;
      metered.current_period_end = 1749000000;
    });
    const { state } = subscriptionOf(event).snapshot;
    expect([state.currentPeriodStart, state.currentPeriodEnd]).toEqual([1748000000, 1749000000]);
  });

  it('takes the currency from the item prices when the subscription has none', () => {
    const event = editedFixture(ANNUAL, (sub) => {
      delete sub.currency;
    });
    expect(subscriptionOf(event).snapshot.state.currency).toBe('eur');
  });

  it('lower-cases the currency', () => {
    const event = editedFixture(LEGACY, (sub) => {
      sub.currency = 'USD';
    });
    expect(subscriptionOf(event).snapshot.state.currency).toBe('usd');
  });

  it.each([
    'customer.subscription.paused',
    'customer.subscription.resumed',
    'customer.subscription.trial_will_end',
    'customer.subscription.pending_update_applied',
    'customer.subscription.pending_update_expired',
  ])('%s keeps the status Stripe reports', (type) => {
    const event = loadFixture(LEGACY);
    (event as { type: string }).type = type;
    expect(subscriptionOf(event).snapshot.state.status).toBe('active');
  });
});
