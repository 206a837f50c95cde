// Realistic subscription states with sensible defaults, for the MRR and ledger tests.
import { buildCustomerLedger } from '../../../src/core/ledger.js';
import type {
  PresetName,
  DiscountState,
  SubscriptionItemState,
  SubscriptionSnapshot,
  SubscriptionState,
  UnixSeconds,
} from '../../../src/core/types.js';

/** Unix seconds of an ISO date-time ('2024-03-01' or '2024-03-01T10:00:00Z'). */
export function at(iso: string): UnixSeconds {
  const ms = Date.parse(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(ms)) throw new Error(`bad date ${iso}`);
  return ms / 1000;
}

export function item(overrides: Partial<SubscriptionItemState> = {}): SubscriptionItemState {
  return {
    itemId: 'si_1',
    priceId: 'price_pro_monthly',
    productId: 'prod_pro',
    planName: 'Pro',
    usageType: 'licensed',
    billingScheme: 'per_unit',
    unitAmountDecimal: '2900',
    tiers: null,
    tiersMode: null,
    transformQuantity: null,
    quantity: 1,
    interval: 'month',
    intervalCount: 1,
    ...overrides,
  };
}

export function discount(overrides: Partial<DiscountState> = {}): DiscountState {
  return {
    id: 'di_1',
    couponId: 'co_1',
    percentOff: null,
    amountOff: null,
    amountOffCurrency: null,
    duration: 'forever',
    durationInMonths: null,
    start: at('2024-01-01T00:00:00Z'),
    end: null,
    ...overrides,
  };
}

export function state(overrides: Partial<SubscriptionState> = {}): SubscriptionState {
  return {
    subscriptionId: 'sub_1',
    customerId: 'cus_1',
    currency: 'usd',
    status: 'active',
    items: [item()],
    discounts: [],
    startDate: at('2024-01-01T00:00:00Z'),
    trialStart: null,
    trialEnd: null,
    cancelAtPeriodEnd: false,
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    currentPeriodStart: null,
    currentPeriodEnd: null,
    ...overrides,
  };
}

export function snap(
  eventId: string,
  effectiveAt: UnixSeconds | string,
  overrides: Partial<SubscriptionState> = {},
): SubscriptionSnapshot {
  return {
    eventId,
    effectiveAt: typeof effectiveAt === 'string' ? at(effectiveAt) : effectiveAt,
    state: state(overrides),
  };
}

export const UNTIL = at('2024-12-31T23:59:59Z');

export function ledger(snapshots: SubscriptionSnapshot[], preset: PresetName = 'default', until = UNTIL) {
  return buildCustomerLedger(snapshots, { preset, until });
}

/** [day, currency, delta, mrr, movement, causeEventId] — compact rows to compare against. */
export function rows(snapshots: SubscriptionSnapshot[], preset: PresetName = 'default', until = UNTIL) {
  return ledger(snapshots, preset, until).entries.map((e) => [e.day, e.currency, e.delta, e.mrr, e.movement, e.causeEventId]);
}
