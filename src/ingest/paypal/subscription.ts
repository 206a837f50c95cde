// Subscriptions → SubscriptionRecord (a snapshot effective at the event's create_time) and the
// failed PaymentRecord of a PAYMENT.FAILED event. One PayPal subscription has one plan and a
// quantity, so it becomes one item whose price is the plan: priced from the embedded `plan` when
// the resource carries one, else left for the engine to fill from the stored plan (PriceRecord).
import type { PaymentRecord, SubscriptionRecord } from '../../core/records.js';
import type { SubscriptionItemState, SubscriptionStatus, UnixSeconds } from '../../core/types.js';
import { mul } from '../../core/decimal.js';
import { amountWithinBounds, MAX_AMOUNT_MINOR } from '../../core/bounds.js';
import { itemPeriodAmount, monthlyFactor } from '../../core/price-amount.js';
import { MalformedField, OutOfRangeField } from '../stripe/malformed.js';
import { currencyAt, minorUnits } from './amounts.js';
import { paypalCustomerId } from './customer.js';
import { regularPricing, type RegularPricing } from './plan.js';
import type { PaypalSubscription } from './schemas/subscription.js';

export type SubscriptionEventContext = { eventId: string; eventType: string; created: UnixSeconds };

/** In its TRIAL tenure: a trial cycle still to run and no regular cycle completed yet. */
export function inTrial(sub: PaypalSubscription): boolean {
  const executions = sub.billing_info?.cycle_executions ?? [];
  const trialLeft = executions.some((e) => e.tenure_type === 'TRIAL' && e.total_cycles !== undefined && e.cycles_completed < e.total_cycles);
  const regularStarted = executions.some((e) => e.tenure_type === 'REGULAR' && e.cycles_completed > 0);
  return trialLeft && !regularStarted;
}

function hadTrial(sub: PaypalSubscription): boolean {
  return (sub.billing_info?.cycle_executions ?? []).some((e) => e.tenure_type === 'TRIAL');
}

/**
 * PayPal's status in our vocabulary. SUSPENDED → `unpaid`: PayPal retries a failed payment while
 * the subscription stays ACTIVE and suspends it when the retries are exhausted (or the merchant
 * suspends it); billing then stops until it is re-activated — what Stripe calls `unpaid`. So each
 * preset's rule for `unpaid` decides: churn under `default` and `stripe`, still counted under
 * `chartmogul` (delinquent until cancelled); a re-activation is a reactivation (docs/paypal.md).
 */
function statusOf(sub: PaypalSubscription): SubscriptionStatus {
  switch (sub.status) {
    case 'ACTIVE':
      return inTrial(sub) ? 'trialing' : 'active';
    case 'SUSPENDED':
      return 'unpaid';
    case 'CANCELLED':
    case 'EXPIRED':
      return 'canceled';
    case 'APPROVAL_PENDING':
    case 'APPROVED':
      return 'incomplete';
  }
}

/** The currency when no plan is embedded: every amount PayPal puts on a subscription is in it. */
function currencyWithoutPlan(sub: PaypalSubscription): string {
  const info = sub.billing_info;
  const found: Array<[string | undefined, string]> = [
    [info?.outstanding_balance?.currency_code, 'billing_info.outstanding_balance.currency_code'],
    [info?.last_payment?.amount.currency_code, 'billing_info.last_payment.amount.currency_code'],
    [info?.last_failed_payment?.amount.currency_code, 'billing_info.last_failed_payment.amount.currency_code'],
    [sub.shipping_amount?.currency_code, 'shipping_amount.currency_code'],
  ];
  const hit = found.find(([code]) => code !== undefined);
  if (!hit) throw new MalformedField('plan', 'no currency: the subscription embeds no plan and states no amount');
  return currencyAt(hit[0]!, hit[1]);
}

function itemOf(sub: PaypalSubscription, pricing: RegularPricing | null): SubscriptionItemState {
  return {
    itemId: `${sub.id}:plan`,
    priceId: sub.plan_id,
    productId: sub.plan?.product_id ?? null,
    planName: sub.plan?.name ?? null,
    usageType: 'licensed',
    billingScheme: pricing?.billingScheme ?? 'per_unit',
    unitAmountDecimal: pricing?.unitAmountDecimal ?? null,
    tiers: pricing?.tiers ?? null,
    tiersMode: pricing?.tiersMode ?? null,
    transformQuantity: null,
    quantity: sub.quantity ?? 1,
    // Until the plan is known these are placeholders; the engine takes the stored plan's.
    interval: pricing?.interval ?? 'month',
    intervalCount: pricing?.intervalCount ?? 1,
  };
}

function checkBounds(item: SubscriptionItemState): void {
  const monthly = mul(itemPeriodAmount(item), monthlyFactor(item.interval, item.intervalCount));
  if (!amountWithinBounds(monthly)) {
    throw new OutOfRangeField('quantity', `the monthly amount (quantity ${item.quantity} × the plan's price) is beyond ${MAX_AMOUNT_MINOR.toExponential()} minor units, out of range`);
  }
}

/** `sub` must have a subscriber with a payer id (the caller drops it otherwise). */
export function transformSubscription(sub: PaypalSubscription, payerId: string, context: SubscriptionEventContext): SubscriptionRecord {
  const pricing = sub.plan ? regularPricing(sub.plan, 'plan') : null;
  const item = itemOf(sub, pricing);
  if (pricing) checkBounds(item);
  const status = statusOf(sub);
  const ended = status === 'canceled' ? (sub.status_update_time ?? context.created) : null;
  const trialing = status === 'trialing';
  const start = sub.start_time ?? sub.create_time ?? context.created;
  return {
    snapshot: {
      state: {
        subscriptionId: sub.id,
        customerId: paypalCustomerId(payerId),
        currency: pricing?.currency ?? currencyWithoutPlan(sub),
        status,
        items: [item],
        discounts: [],
        startDate: start,
        trialStart: hadTrial(sub) ? start : null,
        trialEnd: trialing ? (sub.billing_info?.next_billing_time ?? null) : null,
        cancelAtPeriodEnd: false,
        cancelAt: null,
        // PayPal ends a subscription at once when it is cancelled or expires.
        canceledAt: ended,
        endedAt: ended,
        currentPeriodStart: ended === null ? (sub.billing_info?.last_payment?.time ?? start) : null,
        currentPeriodEnd: ended === null ? (sub.billing_info?.next_billing_time ?? null) : null,
      },
      effectiveAt: context.created,
      eventId: context.eventId,
    },
    unresolvedDiscountIds: [],
    unresolvedTierPriceIds: pricing ? [] : [sub.plan_id],
  };
}

/** The failed payment a PAYMENT.FAILED event reports (billing_info.last_failed_payment). PayPal
 *  gives it no id: it is named by subscription and time, so a redelivery writes the same row. */
export function failedPaymentOf(sub: PaypalSubscription, payerId: string): PaymentRecord | null {
  const failed = sub.billing_info?.last_failed_payment;
  if (!failed) return null;
  const path = 'billing_info.last_failed_payment.amount';
  const currency = currencyAt(failed.amount.currency_code, `${path}.currency_code`);
  const amount = minorUnits(failed.amount.value, currency, `${path}.value`);
  return {
    id: `${sub.id}:failed:${failed.time}`,
    customerId: paypalCustomerId(payerId),
    invoiceId: null,
    paymentIntentId: null,
    status: 'failed',
    amount,
    amountCaptured: 0,
    amountRefunded: 0,
    currency,
    captured: false,
    refunded: false,
    disputed: false,
    failureCode: failed.reason_code ?? null,
    failureMessage: null,
    declineCode: null,
    outcomeType: null,
    outcomeReason: failed.reason_code ?? null,
    created: failed.time,
  };
}
