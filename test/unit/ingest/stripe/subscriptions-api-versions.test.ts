// One subscription event for each Stripe API version since 2020-08-27 that changed the shape of
// subscriptions (and the newest), hand-written from Stripe's API reference, each with what real
// accounts send: Checkout-created subscriptions (inline prices, promotion codes, trials), a
// Connect destination subscription, a pending update (and its application), a subscription
// created by a schedule, billing_cycle_anchor_config, package pricing, a pause after a trial.
// Every expected record was written by reading its fixture, field by field; the MRR is the core's
// under the default preset at the event.
import { describe, expect, it } from 'vitest';
import { presetRules } from '../../../../src/core/presets.js';
import { subscriptionMrr } from '../../../../src/core/subscription-mrr.js';
import type { SubscriptionRecord } from '../../../../src/core/records.js';
import { transformStripeEvent } from '../../../../src/ingest/stripe/transform.js';
import { loadFixture } from './fixtures.js';

type Case = { fixture: string; apiVersion: string; expected: SubscriptionRecord; mrr: number };

const cases: Case[] = [
  {
    // Checkout (mode: subscription) with line_items[].price_data: the inline price is inactive and
    // has no nickname; the promotion code's discount names its Checkout Session.
    fixture: 'customer.subscription.created.2022-08-01-checkout.json',
    apiVersion: '2022-08-01',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1LhxPyFz4nTq8WbcChk0uT22',
          customerId: 'cus_MQpB7xRk2YvN0d',
          currency: 'usd',
          status: 'active',
          items: [
            {
              itemId: 'si_MQpBa8Lq3Tn0Wz',
              priceId: 'price_1LhxPiFz4nTq8WbcInl1neP0',
              productId: 'prod_MQp8Editor0001',
              planName: null, // no nickname on the inline price or its plan, product not expanded
              usageType: 'licensed',
              billingScheme: 'per_unit',
              unitAmountDecimal: '1900',
              tiers: null,
              tiersMode: null,
              transformQuantity: null,
              quantity: 2,
              interval: 'month',
              intervalCount: 1,
            },
          ],
          discounts: [
            {
              id: 'di_1LhxPyFz4nTq8WbcW3aRt7Gk',
              couponId: 'LAUNCH25',
              percentOff: '25',
              amountOff: null,
              amountOffCurrency: null,
              duration: 'repeating',
              durationInMonths: 3,
              start: 1663171531, // 2022-09-14T16:05:31Z
              end: 1671033931, // the discount's own end, 3 months later
            },
          ],
          startDate: 1663171531,
          trialStart: null,
          trialEnd: null,
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          currentPeriodStart: 1663171531,
          currentPeriodEnd: 1665763531,
        },
        effectiveAt: 1663171534,
        eventId: 'evt_1LhxQ2Fz4nTq8WbcCk0utS01',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
    mrr: 2850, // 2 × 1900 − 25 %
  },
  {
    // A platform's subscription paid out to a connected account (transfer_data, on_behalf_of,
    // application_fee_percent), billed every 3 months; seats went from 3 to 5.
    fixture: 'customer.subscription.updated.2022-11-15-connect-quarterly.json',
    apiVersion: '2022-11-15',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1MOCn6Dv8pXs2KjmQuart3r5',
          customerId: 'cus_N8TkV2mPq7Ld4s',
          currency: 'eur',
          status: 'active',
          items: [
            {
              itemId: 'si_N8TlQx3Wc0Rb7y',
              priceId: 'price_1MA3sKDv8pXs2KjmTeamQrtr',
              productId: 'prod_MtqRTeamSeat001',
              planName: 'Team quarterly',
              usageType: 'licensed',
              billingScheme: 'per_unit',
              unitAmountDecimal: '4500',
              tiers: null,
              tiersMode: null,
              transformQuantity: null,
              quantity: 5,
              interval: 'month',
              intervalCount: 3,
            },
          ],
          discounts: [],
          startDate: 1673258400,
          trialStart: null,
          trialEnd: null,
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          currentPeriodStart: 1681034400,
          currentPeriodEnd: 1688896800,
        },
        effectiveAt: 1681978364,
        eventId: 'evt_1MyqT4Dv8pXs2KjmQtrUpd05',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
    mrr: 7500, // 5 × 4500 every 3 months
  },
  {
    // An upgrade made with payment_behavior=pending_if_incomplete whose invoice is not paid yet:
    // the subscription keeps its items until the update is applied, so pending_update is ignored.
    fixture: 'customer.subscription.updated.2023-08-16-pending-update.json',
    apiVersion: '2023-08-16',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1NmfXeBk7rNw3ZqaUpgr4d01',
          customerId: 'cus_OZoq4Ht8Wm1Vxa',
          currency: 'cad',
          status: 'active',
          items: [
            {
              itemId: 'si_OZoqWs2Hk9Pd1e',
              priceId: 'price_1NEJ3YBk7rNw3ZqaStarterC', // Starter, not the pending Pro
              productId: 'prod_O0Kd2Starter001',
              planName: 'Starter (CAD)',
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
          startDate: 1693833600,
          trialStart: null,
          trialEnd: null,
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          currentPeriodStart: 1699104000,
          currentPeriodEnd: 1701696000,
        },
        effectiveAt: 1700559677,
        eventId: 'evt_1OEoPtBk7rNw3ZqaPendUp01',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
    mrr: 2900,
  },
  {
    // billing_cycle_anchor_config (day 1, 00:00:00 UTC): a short first period up to the anchor.
    // JPY has no minor unit.
    fixture: 'customer.subscription.created.2023-10-16-anchor-config.json',
    apiVersion: '2023-10-16',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1OllS0Gw5tPy9DheFirst0fM',
          customerId: 'cus_PavR2Kc8Ny4Qtm',
          currency: 'jpy',
          status: 'active',
          items: [
            {
              itemId: 'si_PavRm3Vd0Ls7Kq',
              priceId: 'price_1OWs9aGw5tPy9DheBizJpy98',
              productId: 'prod_PLZpBusiness01',
              planName: 'Business (JPY)',
              usageType: 'licensed',
              billingScheme: 'per_unit',
              unitAmountDecimal: '9800',
              tiers: null,
              tiersMode: null,
              transformQuantity: null,
              quantity: 1,
              interval: 'month',
              intervalCount: 1,
            },
          ],
          discounts: [],
          startDate: 1708408032,
          trialStart: null,
          trialEnd: null,
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          currentPeriodStart: 1708408032, // 2024-02-20T05:47:12Z
          currentPeriodEnd: 1709251200, // the anchor, 2024-03-01T00:00:00Z
        },
        effectiveAt: 1708408035,
        eventId: 'evt_1OllS3Gw5tPy9DheAnchor01',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
    mrr: 9800, // the monthly price, whatever the length of the first period
  },
  {
    // Created by a subscription schedule (`schedule`), invoiced (send_invoice), 25 annual seats.
    fixture: 'customer.subscription.created.2024-04-10-schedule.json',
    apiVersion: '2024-04-10',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1PBa0dJr6mVx4NqsEntAnnl1',
          customerId: 'cus_Q1cW8Rn3Tz5Hkb',
          currency: 'usd',
          status: 'active',
          items: [
            {
              itemId: 'si_Q1cWTk5Nb2Xp8d',
              priceId: 'price_1P15bRJr6mVx4NqsEntYear1',
              productId: 'prod_PrG3Enterprise1',
              planName: null,
              usageType: 'licensed',
              billingScheme: 'per_unit',
              unitAmountDecimal: '120000',
              tiers: null,
              tiersMode: null,
              transformQuantity: null,
              quantity: 25,
              interval: 'year',
              intervalCount: 1,
            },
          ],
          discounts: [],
          startDate: 1714521600, // the schedule's phase start, 2024-05-01T00:00:00Z
          trialStart: null,
          trialEnd: null,
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          currentPeriodStart: 1714521600,
          currentPeriodEnd: 1746057600,
        },
        effectiveAt: 1714521611,
        eventId: 'evt_1PBa0fJr6mVx4NqsSchdCr01',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
    mrr: 250000, // 25 × 120000 / 12
  },
  {
    // Cancelled from the customer portal at the end of the period, with cancellation_details;
    // two items, the add-on without a nickname.
    fixture: 'customer.subscription.updated.2024-09-30-acacia-cancel-at-period-end.json',
    apiVersion: '2024-09-30.acacia',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1OtAqGEp2wLz7RtyAuSeats1',
          customerId: 'cus_PiRz6Yb1Kq9Wtd',
          currency: 'aud',
          status: 'active',
          items: [
            {
              itemId: 'si_PiRzSeatsAud01',
              priceId: 'price_1OexT2Ep2wLz7RtySeatAudM',
              productId: 'prod_PTvSeats000001',
              planName: 'Seat (AUD)',
              usageType: 'licensed',
              billingScheme: 'per_unit',
              unitAmountDecimal: '2500',
              tiers: null,
              tiersMode: null,
              transformQuantity: null,
              quantity: 3,
              interval: 'month',
              intervalCount: 1,
            },
            {
              itemId: 'si_PiRzSupportAu2',
              priceId: 'price_1OexXqEp2wLz7RtyPrioSupp',
              productId: 'prod_PTvPrioSupport1',
              planName: null,
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
          discounts: [],
          startDate: 1710178200,
          trialStart: null,
          trialEnd: null,
          cancelAtPeriodEnd: true,
          cancelAt: 1731346200, // the period's end
          canceledAt: 1729598633,
          endedAt: null,
          currentPeriodStart: 1728667800,
          currentPeriodEnd: 1731346200,
        },
        effectiveAt: 1729598635,
        eventId: 'evt_1QCdq3Ep2wLz7RtyCancel01',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
    mrr: 12400, // still paying until the period ends: 3 × 2500 + 4900
  },
  {
    // Package pricing: transform_quantity divides 2,500 contacts by 1,000, rounding up.
    fixture: 'customer.subscription.updated.2025-02-24-acacia-package.json',
    apiVersion: '2025-02-24.acacia',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1QhT7pAa9sKd3PfgContacts',
          customerId: 'cus_RaTd1Nq7Vx4Lmc',
          currency: 'usd',
          status: 'active',
          items: [
            {
              itemId: 'si_RaTdPerK0ntct1',
              priceId: 'price_1QY2xGAa9sKd3PfgPer1kCtc',
              productId: 'prod_RQuContacts0001',
              planName: 'Contacts, per 1,000',
              usageType: 'licensed',
              billingScheme: 'per_unit',
              unitAmountDecimal: '1500',
              tiers: null,
              tiersMode: null,
              transformQuantity: { divideBy: 1000, round: 'up' },
              quantity: 2500,
              interval: 'month',
              intervalCount: 1,
            },
          ],
          // The legacy `discount` and the `discounts` id are the same discount.
          discounts: [
            {
              id: 'di_1QhT7pAa9sKd3PfgNonProf15',
              couponId: 'NONPROFIT15',
              percentOff: '15',
              amountOff: null,
              amountOffCurrency: null,
              duration: 'forever',
              durationInMonths: null,
              start: 1736931600,
              end: null,
            },
          ],
          startDate: 1736931600,
          trialStart: null,
          trialEnd: null,
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          currentPeriodStart: 1739610000,
          currentPeriodEnd: 1742029200,
        },
        effectiveAt: 1741011730,
        eventId: 'evt_1QyWc8Aa9sKd3PfgPkgQty01',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
    mrr: 3825, // 3 packages × 1500 − 15 %
  },
  {
    // The pending update was paid and applied: the item now carries the new price.
    fixture: 'customer.subscription.pending_update_applied.2025-06-30-basil.json',
    apiVersion: '2025-06-30.basil',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1RKGh2Cm3yHt6WqxScaleUp1',
          customerId: 'cus_SEkC5Hw2Lm8Rqz',
          currency: 'eur',
          status: 'active',
          items: [
            {
              itemId: 'si_SEkCPlatform01',
              priceId: 'price_1R95tCCm3yHt6WqxScaleEur',
              productId: 'prod_S3CScalePlan001',
              planName: 'Scale',
              usageType: 'licensed',
              billingScheme: 'per_unit',
              unitAmountDecimal: '19900',
              tiers: null,
              tiersMode: null,
              transformQuantity: null,
              quantity: 1,
              interval: 'month',
              intervalCount: 1,
            },
          ],
          discounts: [],
          startDate: 1746183600,
          trialStart: null,
          trialEnd: null,
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          currentPeriodStart: 1751454000, // from the item (2025-03-31.basil and later)
          currentPeriodEnd: 1754132400,
        },
        effectiveAt: 1751988662,
        eventId: 'evt_1RidZ4Cm3yHt6WqxApplied1',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
    mrr: 19900,
  },
  {
    // Checkout with subscription_data.trial_period_days: trialing, flexible billing mode.
    fixture: 'customer.subscription.created.2025-11-17-clover-checkout-trial.json',
    apiVersion: '2025-11-17.clover',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1SX2bEKq8vRm5TnyTrial14d',
          customerId: 'cus_TU0b3Wq9Ln2Kxe',
          currency: 'usd',
          status: 'trialing',
          items: [
            {
              itemId: 'si_TU0bGrowthMo01',
              priceId: 'price_1SF9tAKq8vRm5TnyGrowthMo',
              productId: 'prod_TBe4Growth00001',
              planName: 'Growth monthly',
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
          discounts: [],
          startDate: 1764011560,
          trialStart: 1764011560,
          trialEnd: 1765221160, // 14 days
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          currentPeriodStart: 1764011560,
          currentPeriodEnd: 1765221160,
        },
        effectiveAt: 1764011563,
        eventId: 'evt_1SX2bHKq8vRm5TnyChkTrl01',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
    mrr: 0, // a trial is not revenue
  },
  {
    // billing_cycle_anchor_config with a month: a yearly licence aligned on 1 January; the price
    // has only a fractional unit_amount_decimal.
    fixture: 'customer.subscription.created.2026-03-25-dahlia-anchor-yearly.json',
    apiVersion: '2026-03-25.dahlia',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1TLm2aLw4xBn7QpaCalYear1',
          customerId: 'cus_UKb7Rt2Zq5Wn1m',
          currency: 'usd',
          status: 'active',
          items: [
            {
              itemId: 'si_UKb7AnnualSt01',
              priceId: 'price_1TGhK0Lw4xBn7QpaSeatYr05',
              productId: 'prod_UFgLicence0001',
              planName: null,
              usageType: 'licensed',
              billingScheme: 'per_unit',
              unitAmountDecimal: '35999.5', // unit_amount is null
              tiers: null,
              tiersMode: null,
              transformQuantity: null,
              quantity: 4,
              interval: 'year',
              intervalCount: 1,
            },
          ],
          discounts: [],
          startDate: 1776155400,
          trialStart: null,
          trialEnd: null,
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          currentPeriodStart: 1776155400, // 2026-04-14T08:30:00Z
          currentPeriodEnd: 1798761600, // the anchor, 2027-01-01T00:00:00Z
        },
        effectiveAt: 1776155403,
        eventId: 'evt_1TLm2cLw4xBn7QpaYrAnchr1',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
    mrr: 12000, // 4 × 35999.5 / 12 = 11999.83…, rounded once
  },
  {
    // The newest version: paused when the trial ended without a payment method (status_details,
    // trial_settings.end_behavior.missing_payment_method = pause, items with current_trial).
    fixture: 'customer.subscription.paused.2026-10-28-endive.json',
    apiVersion: '2026-10-28.endive',
    expected: {
      snapshot: {
        state: {
          subscriptionId: 'sub_1UQz3kMr6zCq2VtdNoCard01',
          customerId: 'cus_VRk2Mx8Pq4Tn6c',
          currency: 'gbp',
          status: 'paused',
          items: [
            {
              itemId: 'si_VRk2StudioGb01',
              priceId: 'price_1U7cHdMr6zCq2VtdStudioGb',
              productId: 'prod_VMqStudio00001',
              planName: 'Studio',
              usageType: 'licensed',
              billingScheme: 'per_unit',
              unitAmountDecimal: '1200',
              tiers: null,
              tiersMode: null,
              transformQuantity: null,
              quantity: 1,
              interval: 'month',
              intervalCount: 1,
            },
          ],
          discounts: [],
          startDate: 1791184500,
          trialStart: 1791184500,
          trialEnd: 1793776500,
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          currentPeriodStart: 1793776500,
          currentPeriodEnd: 1796368500,
        },
        effectiveAt: 1793776503,
        eventId: 'evt_1UAp7yMr6zCq2VtdPaused01',
      },
      unresolvedDiscountIds: [],
      unresolvedTierPriceIds: [],
    },
    mrr: 0, // paused
  },
];

/** The subscription fixtures of subscriptions.test.ts. */
const EARLIER = [
  'customer.subscription.updated.legacy-annual-amount-off.json',
  'customer.subscription.created.legacy-percent-forever.json',
  'customer.subscription.deleted.json',
  'customer.subscription.created.basil-metered.json',
  'customer.subscription.updated.basil-tiered-without-tiers.json',
  'customer.subscription.created.clover-trialing-expanded.json',
];

describe('subscription events of every API version', () => {
  it.each(cases)('$apiVersion: $fixture', ({ fixture, apiVersion, expected, mrr }) => {
    const event = loadFixture(fixture);
    expect(event.api_version).toBe(apiVersion);
    const result = transformStripeEvent(event);
    if (!result.ok) throw new Error(`dropped: ${result.drop} ${result.detail}`);
    expect(result.records).toStrictEqual({ subscriptions: [expected] });
    expect(subscriptionMrr(expected.snapshot.state, expected.snapshot.effectiveAt, presetRules('default'))).toBe(mrr);
  });

  it('has a subscription fixture for every API version that changed subscriptions, up to the newest', () => {
    const versions = new Set(
      [...cases.map((c) => c.fixture), ...EARLIER].map((name) => loadFixture(name).api_version as string),
    );
    expect([...versions].sort()).toEqual([
      '2020-08-27', '2022-08-01', '2022-11-15', '2023-08-16', '2023-10-16', '2024-04-10', '2024-06-20',
      '2024-09-30.acacia', '2025-02-24.acacia', '2025-03-31.basil', '2025-06-30.basil',
      '2025-09-30.clover', '2025-11-17.clover', '2026-03-25.dahlia', '2026-10-28.endive',
    ]);
  });
});
