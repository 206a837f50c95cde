// The mutable state of one simulated customer and their subscription, and the functions that
// render it as the Stripe Customer / Subscription / Discount objects an event carries.
import type { UnixSeconds } from '../core/types.js';
import { addMonths } from './calendar.js';
import type { CatalogPrice, DemoCatalog } from './catalog.js';
import { previousAttributes } from './event-log.js';
import type { EventLog } from './event-log.js';
import type { IdFactory } from './ids.js';
import type { CustomerProfile, DemoCurrency } from './people.js';
import type { Rng } from './random.js';
import type {
  StripeCancellationDetails, StripeCardDetails, StripeCoupon, StripeCustomer, StripeDiscount,
  StripeSubscription, StripeSubscriptionStatus,
} from './stripe-types.js';

export type Card = { paymentMethodId: string; details: StripeCardDetails };

export type CustomerState = {
  id: string;
  created: UnixSeconds;
  profile: CustomerProfile;
  currency: DemoCurrency;
  /** Null until the first subscription sets it, as on Stripe. */
  currencySet: boolean;
  invoicePrefix: string;
  nextInvoiceSequence: number;
  card: Card | null;
  metadata: Record<string, string>;
};

export type SubState = {
  id: string;
  created: UnixSeconds;
  itemId: string;
  itemCreated: UnixSeconds;
  entry: CatalogPrice;
  quantity: number;
  status: StripeSubscriptionStatus;
  /** Billing cycle anchor; periods are anchor + cycle × interval. */
  anchor: UnixSeconds;
  cycle: number;
  periodStart: UnixSeconds;
  periodEnd: UnixSeconds;
  trialStart: UnixSeconds | null;
  trialEnd: UnixSeconds | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: UnixSeconds | null;
  canceledAt: UnixSeconds | null;
  endedAt: UnixSeconds | null;
  cancellation: StripeCancellationDetails;
  discount: StripeDiscount | null;
  latestInvoice: string | null;
  /** The subscription line of the last invoice, for proration credits to point at. */
  lastLine: { invoice: string; line: string } | null;
  missingPaymentMethod: 'cancel' | 'create_invoice';
};

/** A cancellation decided ahead of time by a charge's fate (refund with cancel, dispute). */
export type PendingCancel = { at: UnixSeconds; reason: 'cancellation_requested' | 'payment_disputed' };

/** Everything the simulation of one customer needs. */
export type Sim = {
  rng: Rng;
  ids: IdFactory;
  log: EventLog;
  catalog: DemoCatalog;
  endAt: UnixSeconds;
  customer: CustomerState;
  sub: SubState | null;
  pending: PendingCancel[];
};

export function intervalMonths(entry: CatalogPrice): number {
  return entry.interval === 'year' ? 12 : 1;
}

/** Moves the subscription to the period `cycle` after its anchor. */
export function setCycle(sub: SubState, cycle: number): void {
  const months = intervalMonths(sub.entry);
  sub.cycle = cycle;
  sub.periodStart = addMonths(sub.anchor, cycle * months);
  sub.periodEnd = addMonths(sub.anchor, (cycle + 1) * months);
}

export function customerObject(customer: CustomerState): StripeCustomer {
  const { profile } = customer;
  return {
    id: customer.id, object: 'customer', address: { ...profile.address }, balance: 0,
    created: customer.created, currency: customer.currencySet ? customer.currency : null,
    default_source: null, delinquent: false, description: null, discount: null,
    email: profile.email, invoice_prefix: customer.invoicePrefix,
    invoice_settings: {
      custom_fields: null, default_payment_method: customer.card?.paymentMethodId ?? null,
      footer: null, rendering_options: null,
    },
    livemode: false, metadata: { ...customer.metadata }, name: profile.name,
    next_invoice_sequence: customer.nextInvoiceSequence, phone: profile.phone,
    preferred_locales: [profile.preferredLocale], shipping: null, tax_exempt: 'none', test_clock: null,
  };
}

export function subscriptionObject(customer: CustomerState, sub: SubState): StripeSubscription {
  const { price, legacyPlan } = sub.entry;
  return {
    id: sub.id, object: 'subscription', application: null, application_fee_percent: null,
    automatic_tax: { enabled: false, liability: null }, billing_cycle_anchor: sub.anchor,
    billing_cycle_anchor_config: null, billing_thresholds: null, cancel_at: sub.cancelAt,
    cancel_at_period_end: sub.cancelAtPeriodEnd, canceled_at: sub.canceledAt,
    cancellation_details: { ...sub.cancellation }, collection_method: 'charge_automatically',
    created: sub.created, currency: sub.entry.currency, current_period_end: sub.periodEnd,
    current_period_start: sub.periodStart, customer: customer.id, days_until_due: null,
    default_payment_method: null, default_source: null, default_tax_rates: [], description: null,
    discount: sub.discount, discounts: sub.discount ? [sub.discount.id] : [], ended_at: sub.endedAt,
    invoice_settings: { account_tax_ids: null, issuer: { type: 'self' } },
    items: {
      object: 'list',
      data: [{
        id: sub.itemId, object: 'subscription_item', billing_thresholds: null, created: sub.itemCreated,
        discounts: [], metadata: {}, plan: legacyPlan, price, quantity: sub.quantity,
        subscription: sub.id, tax_rates: [],
      }],
      has_more: false, total_count: 1, url: `/v1/subscription_items?subscription=${sub.id}`,
    },
    latest_invoice: sub.latestInvoice, livemode: false, metadata: {},
    next_pending_invoice_item_invoice: null, on_behalf_of: null, pause_collection: null,
    payment_settings: {
      payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off',
    },
    pending_invoice_item_interval: null, pending_setup_intent: null, pending_update: null,
    plan: legacyPlan, quantity: sub.quantity, schedule: null, start_date: sub.created,
    status: sub.status, test_clock: null, transfer_data: null, trial_end: sub.trialEnd,
    trial_settings: { end_behavior: { missing_payment_method: sub.missingPaymentMethod } },
    trial_start: sub.trialStart,
  };
}

export function makeDiscount(
  sim: Sim, coupon: StripeCoupon, subscriptionId: string, at: UnixSeconds,
): StripeDiscount {
  const end = coupon.duration === 'repeating' && coupon.duration_in_months !== null
    ? addMonths(at, coupon.duration_in_months)
    : null;
  return Object.freeze({
    id: sim.ids.next('di'), object: 'discount', checkout_session: null, coupon,
    customer: sim.customer.id, end, invoice: null, invoice_item: null, promotion_code: null,
    start: at, subscription: subscriptionId,
  });
}

/**
 * Applies `change` to the subscription and emits `customer.subscription.updated` with the
 * previous values of what changed; emits nothing if nothing changed.
 */
export function updateSubscription(
  sim: Sim, at: UnixSeconds, change: (sub: SubState) => void, byRequest = false,
): void {
  const sub = requireSub(sim);
  const before = subscriptionObject(sim.customer, sub);
  change(sub);
  const after = subscriptionObject(sim.customer, sub);
  const previous = previousOf(before, after);
  if (Object.keys(previous).length === 0) return;
  sim.log.emit('customer.subscription.updated', after, at, { previous, byRequest });
}

export function updateCustomer(sim: Sim, at: UnixSeconds, change: (c: CustomerState) => void): void {
  const before = customerObject(sim.customer);
  change(sim.customer);
  const after = customerObject(sim.customer);
  const previous = previousOf(before, after);
  if (Object.keys(previous).length === 0) return;
  sim.log.emit('customer.updated', after, at, { previous, byRequest: true });
}

function previousOf(before: object, after: object): Record<string, unknown> {
  return previousAttributes(before as Record<string, unknown>, after as Record<string, unknown>);
}

export function requireSub(sim: Sim): SubState {
  if (!sim.sub) throw new Error('no subscription in this simulation state');
  return sim.sub;
}
