import { describe, expect, it } from 'vitest';
import type { NormalizedRecords } from '../../../../src/core/records.js';
import { transformStripeEvent } from '../../../../src/ingest/stripe/transform.js';
import { editedFixture, loadFixture, type JsonObject } from './fixtures.js';

function recordsOf(event: JsonObject): NormalizedRecords {
  const result = transformStripeEvent(event);
  if (!result.ok) throw new Error(`dropped: ${result.drop} ${result.detail}`);
  return result.records;
}

// Each expected value was read off the fixture by hand.
const cases: Array<{ fixture: string; expected: NormalizedRecords }> = [
  {
    fixture: 'customer.updated.json',
    expected: {
      customers: [
        {
          id: 'cus_QOlq9TgjWZ3pXo',
          email: 'billing@kraftwerk-labs.de',
          name: 'Kraftwerk Labs GmbH',
          country: 'DE',
          currency: 'usd',
          created: 1719824100,
          deleted: false,
          metadata: { workspace_id: 'ws_8812' },
        },
      ],
    },
  },
  {
    fixture: 'customer.deleted.json',
    expected: {
      customers: [
        {
          id: 'cus_PZk3Yw0bQe7TnM',
          email: 'ops@northwind.example',
          name: null,
          country: null,
          currency: 'usd',
          created: 1708255000,
          deleted: true,
          metadata: {},
        },
      ],
    },
  },
  {
    fixture: 'customer.discount.created.legacy.json',
    expected: {
      discounts: [
        {
          id: 'di_1MlqGyJ8hT2sQw4rK2yP0wTe',
          couponId: 'SPRING20',
          customerId: 'cus_LKd8aQ0WbNf2Ue',
          subscriptionId: 'sub_1KdYxAJ8hT2sQw4rAnnu4lEu',
          subscriptionItemId: null,
          invoiceId: null,
          start: 1678890600,
          end: 1686839400,
          deleted: false,
          state: {
            id: 'di_1MlqGyJ8hT2sQw4rK2yP0wTe',
            couponId: 'SPRING20',
            percentOff: null,
            amountOff: 2000,
            amountOffCurrency: 'eur',
            duration: 'repeating',
            durationInMonths: 3,
            start: 1678890600,
            end: 1686839400,
          },
        },
      ],
    },
  },
  {
    // 2025-09-30.clover: the coupon is a bare id, so the state must be resolved later.
    fixture: 'customer.discount.deleted.clover.json',
    expected: {
      discounts: [
        {
          id: 'di_1SKt7cHq3vXnB6cLwLc20pCt',
          couponId: 'WELCOME20',
          customerId: 'cus_TFx2mQ8aVn4KpR',
          subscriptionId: 'sub_1SKt7cHq3vXnB6cLtR14lSt1',
          subscriptionItemId: null,
          invoiceId: null,
          start: 1760978700,
          end: null,
          deleted: true,
          state: null,
        },
      ],
    },
  },
  {
    fixture: 'coupon.created.json',
    expected: {
      coupons: [
        {
          id: 'BF25',
          name: 'Black Friday: 15 off for 2 months',
          percentOff: null,
          amountOff: 1500,
          amountOffCurrency: 'usd',
          duration: 'repeating',
          durationInMonths: 2,
          amountOffByCurrency: { eur: 1400, usd: 1500 },
          valid: true,
          created: 1760500000,
          deleted: false,
        },
      ],
    },
  },
  {
    fixture: 'product.updated.json',
    expected: {
      products: [
        {
          id: 'prod_QOlpProSeat01',
          name: 'Pro',
          active: true,
          created: 1719819900,
          deleted: false,
          metadata: { tier: 'pro' },
        },
      ],
    },
  },
  {
    // Stripe leaves tiers out of price events unless expanded.
    fixture: 'price.created.tiered-volume.json',
    expected: {
      prices: [
        {
          id: 'price_1PYa1qLkdIwHu7ixStorVol1',
          productId: 'prod_QPO0Storage0001',
          nickname: 'Storage (volume, quarterly)',
          lookupKey: null,
          active: true,
          currency: 'usd',
          type: 'recurring',
          billingScheme: 'tiered',
          unitAmountDecimal: null,
          tiers: null,
          tiersMode: 'volume',
          transformQuantity: null,
          interval: 'month',
          intervalCount: 3,
          usageType: 'licensed',
          created: 1720000000,
          deleted: false,
          metadata: {},
        },
      ],
    },
  },
  {
    fixture: 'price.updated.graduated-with-tiers.json',
    expected: {
      prices: [
        {
          id: 'price_1QrTdALk2pRwA9vEseatTier',
          productId: 'prod_RlTdSeats00001',
          nickname: 'Seats (graduated)',
          lookupKey: 'seats_graduated',
          active: true,
          currency: 'eur',
          type: 'recurring',
          billingScheme: 'tiered',
          unitAmountDecimal: null,
          tiers: [
            { upTo: 5, unitAmountDecimal: '1000', flatAmountDecimal: '500' },
            { upTo: null, unitAmountDecimal: '850.5', flatAmountDecimal: null },
          ],
          tiersMode: 'graduated',
          transformQuantity: null,
          interval: 'month',
          intervalCount: 1,
          usageType: 'licensed',
          created: 1739180000,
          deleted: false,
          metadata: {},
        },
      ],
    },
  },
];

describe('Stripe customer, discount, coupon and catalogue events → records', () => {
  it.each(cases)('$fixture', ({ fixture, expected }) => {
    expect(recordsOf(loadFixture(fixture))).toStrictEqual(expected);
  });
});

describe('catalogue details', () => {
  it('marks product, price, coupon and discount deletions', () => {
    const cases = [
      ['product.updated.json', 'product.deleted', 'products'],
      ['price.created.tiered-volume.json', 'price.deleted', 'prices'],
      ['coupon.created.json', 'coupon.deleted', 'coupons'],
      ['customer.discount.created.legacy.json', 'customer.discount.deleted', 'discounts'],
    ] as const;
    for (const [fixture, type, key] of cases) {
      const event = loadFixture(fixture);
      (event as { type: string }).type = type;
      expect(recordsOf(event)[key]?.[0]?.deleted, type).toBe(true);
    }
  });

  it('a discount object flagged deleted: true is deleted whatever the event type', () => {
    const event = editedFixture('customer.discount.created.legacy.json', (discount) => {
      discount.deleted = true;
      delete discount.end;
    });
    const [record] = recordsOf(event).discounts!;
    expect(record).toMatchObject({ deleted: true, end: null });
    // The repeating coupon's end is computed: 2023-03-15T14:30Z + 3 months.
    expect(record!.state!.end).toBe(Date.parse('2023-06-15T14:30:00Z') / 1000);
  });

  it('a one-time price has no interval', () => {
    const event = editedFixture('price.created.tiered-volume.json', (price) => {
      Object.assign(price, {
        billing_scheme: 'per_unit',
        tiers_mode: null,
        recurring: null,
        type: 'one_time',
        unit_amount: 19900,
        unit_amount_decimal: '19900',
      });
    });
    expect(recordsOf(event).prices![0]).toMatchObject({
      type: 'one_time',
      unitAmountDecimal: '19900',
      interval: null,
      intervalCount: null,
      usageType: null,
    });
  });

  it('a customer without a name or address field still maps', () => {
    const event = editedFixture('customer.updated.json', (customer) => {
      delete customer.name;
      delete customer.address;
      delete customer.currency;
    });
    expect(recordsOf(event).customers![0]).toMatchObject({ name: null, country: null, currency: null });
  });
});
