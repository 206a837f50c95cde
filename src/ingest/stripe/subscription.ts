// Subscriptions → SubscriptionRecord (a SubscriptionSnapshot plus what could not be resolved from
// the payload alone). Handles both API shapes; see schemas/subscription.ts.
import { normaliseCurrency } from '../../core/currency.js';
import type { DiscountState, SubscriptionItemState, UnixSeconds } from '../../core/types.js';
import type { SubscriptionRecord } from '../../core/records.js';
import { priceTiers, tiersModeOf, transformQuantityOf, unitAmountOf } from './catalog.js';
import { discountStateOf } from './discount.js';
import { MalformedField, OutOfRangeField } from './malformed.js';
import { amountWithinBounds, MAX_AMOUNT_MINOR } from '../../core/bounds.js';
import { itemPeriodAmount, monthlyFactor } from '../../core/price-amount.js';
import { mul } from '../../core/decimal.js';
import type { StripeDiscount } from './schemas/catalog.js';
import { refId } from './schemas/common.js';
import type { StripeSubscription, StripeSubscriptionItem } from './schemas/subscription.js';

export type SubscriptionEventContext = { eventId: string; eventType: string; created: UnixSeconds };

function planNameOf(item: StripeSubscriptionItem): string | null {
  const { price } = item;
  if (price.nickname !== null) return price.nickname;
  if (item.plan?.nickname) return item.plan.nickname;
  return typeof price.product === 'string' ? null : (price.product.name ?? null);
}

type Recurring = NonNullable<StripeSubscriptionItem['price']['recurring']>;

/** The price's `recurring`, else the legacy plan's interval when it states all of it. */
function recurringOf(item: StripeSubscriptionItem, index: number): Recurring {
  if (item.price.recurring !== null) return item.price.recurring;
  const plan = item.plan;
  if (plan?.interval !== undefined && plan.interval_count !== undefined && plan.usage_type !== undefined) {
    return { interval: plan.interval, interval_count: plan.interval_count, usage_type: plan.usage_type };
  }
  throw new MalformedField(`items.data.${index}.price.recurring`, 'a subscription item needs a recurring price');
}

function itemState(
  item: StripeSubscriptionItem,
  index: number,
  unresolvedTierPriceIds: string[],
): SubscriptionItemState {
  const { price, plan } = item;
  const recurring = recurringOf(item, index);
  const tiers = priceTiers(price.tiers ?? plan?.tiers);
  if (price.billing_scheme === 'tiered' && tiers === null && !unresolvedTierPriceIds.includes(price.id)) {
    unresolvedTierPriceIds.push(price.id);
  }
  return {
    itemId: item.id,
    priceId: price.id,
    productId: refId(price.product),
    planName: planNameOf(item),
    usageType: recurring.usage_type,
    billingScheme: price.billing_scheme,
    unitAmountDecimal: unitAmountOf(price),
    tiers: price.billing_scheme === 'tiered' ? tiers : null,
    tiersMode: tiersModeOf(price),
    transformQuantity: transformQuantityOf(price),
    // Stripe omits quantity on metered items (usage decides) and defaults licensed ones to 1.
    quantity: item.quantity ?? (recurring.usage_type === 'metered' ? 0 : 1),
    interval: recurring.interval,
    intervalCount: recurring.interval_count,
  };
}

/**
 * The subscription's billing period. Older API versions state it on the subscription; from
 * 2025-03-31.basil each item has its own, and we take the item that renews first (start and end
 * from the same item, so the pair stays a real period).
 */
function currentPeriod(sub: StripeSubscription): { start: UnixSeconds | null; end: UnixSeconds | null } {
  if (sub.current_period_start !== undefined && sub.current_period_end !== undefined) {
    return { start: sub.current_period_start, end: sub.current_period_end };
  }
  let best: { start: UnixSeconds; end: UnixSeconds } | null = null;
  for (const item of sub.items.data) {
    const { current_period_start: start, current_period_end: end } = item;
    if (start === undefined || end === undefined) continue;
    if (best === null || end < best.end) best = { start, end };
  }
  return best ?? { start: null, end: null };
}

/** Legacy `discount` and the `discounts` array may name the same discount: keep each once. */
function subscriptionDiscounts(sub: StripeSubscription, currency: string) {
  const entries: Array<string | StripeDiscount> = [
    ...(sub.discount ? [sub.discount] : []),
    ...(sub.discounts ?? []),
  ];
  const expanded = new Map<string, StripeDiscount>();
  for (const entry of entries) {
    if (typeof entry !== 'string' && !expanded.has(entry.id)) expanded.set(entry.id, entry);
  }
  const discounts: DiscountState[] = [];
  const unresolvedDiscountIds: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const id = typeof entry === 'string' ? entry : entry.id;
    if (seen.has(id)) continue;
    seen.add(id);
    const found = expanded.get(id);
    const state = found ? discountStateOf(found, currency) : null;
    if (state) discounts.push(state);
    else unresolvedDiscountIds.push(id);
  }
  return { discounts, unresolvedDiscountIds };
}

function currencyOf(sub: StripeSubscription): string {
  const code = sub.currency ?? sub.items.data[0]?.price.currency;
  if (code === undefined) throw new MalformedField('currency', 'no currency on the subscription or its items');
  return code;
}

export function transformSubscription(
  sub: StripeSubscription,
  context: SubscriptionEventContext,
): SubscriptionRecord {
  const currency = normaliseCurrency(currencyOf(sub));
  const unresolvedTierPriceIds: string[] = [];
  const items = sub.items.data.map((item, index) => itemState(item, index, unresolvedTierPriceIds));
  items.forEach((item, index) => {
    // Each field may be in range while their product is not (a huge quantity at a normal price).
    if (item.billingScheme === 'tiered' && !item.tiers) return; // checked once the tiers resolve
    let monthly;
    try {
      monthly = mul(itemPeriodAmount(item), monthlyFactor(item.interval, item.intervalCount));
    } catch {
      return; // not an amount problem: the ledger reports what it cannot compute
    }
    if (!amountWithinBounds(monthly)) {
      throw new OutOfRangeField(`items.data.${index}`, `the item's monthly amount (quantity ${item.quantity} × its price) is beyond ${MAX_AMOUNT_MINOR.toExponential()} minor units, out of range`);
    }
  });
  const { discounts, unresolvedDiscountIds } = subscriptionDiscounts(sub, currency);
  const period = currentPeriod(sub);
  const deleted = context.eventType === 'customer.subscription.deleted';
  return {
    snapshot: {
      state: {
        subscriptionId: sub.id,
        customerId: refId(sub.customer),
        currency,
        status: deleted ? 'canceled' : sub.status,
        items,
        discounts,
        startDate: sub.start_date,
        trialStart: sub.trial_start,
        trialEnd: sub.trial_end,
        cancelAtPeriodEnd: sub.cancel_at_period_end,
        cancelAt: sub.cancel_at,
        canceledAt: sub.canceled_at,
        endedAt: deleted ? (sub.ended_at ?? sub.canceled_at ?? context.created) : sub.ended_at,
        currentPeriodStart: period.start,
        currentPeriodEnd: period.end,
      },
      effectiveAt: context.created,
      eventId: context.eventId,
    },
    unresolvedDiscountIds,
    unresolvedTierPriceIds,
  };
}
