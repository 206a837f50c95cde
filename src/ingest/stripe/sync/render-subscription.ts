// Renders a reconstructed state of a subscription as a Stripe Subscription object, starting from
// the object as it is today so every field we do not reconstruct keeps its real value and the
// object stays in the API shape the account uses (billing period on the subscription up to
// 2025-02-24, on each item from 2025-03-31.basil; legacy `plan`/`quantity`/`discount` kept when
// present).
import type { StripeObject } from './synthetic.js';

export type ItemState = { itemId: string; price: StripeObject; quantity: number | null };

export type SubscriptionState = {
  status: string;
  items: ItemState[];
  periodStart: number | null;
  periodEnd: number | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: number | null;
  canceledAt: number | null;
};

type Json = Record<string, unknown>;

function recurringOf(price: StripeObject): Json {
  return (price.recurring as Json | null | undefined) ?? {};
}

export function isMetered(price: StripeObject): boolean {
  return recurringOf(price).usage_type === 'metered';
}

/** The legacy Plan object older API versions put beside a price. */
export function planOf(price: StripeObject): Json {
  const recurring = recurringOf(price);
  return {
    id: price.id,
    object: 'plan',
    active: price.active ?? true,
    aggregate_usage: recurring.aggregate_usage ?? null,
    amount: price.unit_amount ?? null,
    amount_decimal: price.unit_amount_decimal ?? null,
    billing_scheme: price.billing_scheme ?? 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: price.livemode ?? false,
    metadata: price.metadata ?? {},
    meter: recurring.meter ?? null,
    nickname: price.nickname ?? null,
    product: price.product,
    ...(price.tiers ? { tiers: price.tiers } : {}),
    tiers_mode: price.tiers_mode ?? null,
    transform_usage: null,
    trial_period_days: recurring.trial_period_days ?? null,
    usage_type: recurring.usage_type ?? 'licensed',
  };
}

function setPeriod(target: Json, start: number | null, end: number | null): void {
  if (start === null || end === null) {
    delete target.current_period_start;
    delete target.current_period_end;
    return;
  }
  target.current_period_start = start;
  target.current_period_end = end;
}

export function renderSubscription(current: StripeObject, state: SubscriptionState, discounts: readonly StripeObject[]): StripeObject {
  const out = structuredClone(current) as Json;
  const itemList = (current.items as { data?: Json[] } | undefined) ?? {};
  const currentItems = itemList.data ?? [];
  const template = currentItems[0] ?? { object: 'subscription_item' };
  const periodOnSubscription = 'current_period_start' in current;

  const items = state.items.map((item) => {
    const existing = currentItems.find((i) => i.id === item.itemId);
    const base = structuredClone(existing ?? template) as Json;
    base.id = item.itemId;
    const samePrice = existing !== undefined && (existing.price as Json | undefined)?.id === item.price.id;
    base.price = samePrice ? existing.price : item.price;
    if ('plan' in base && !samePrice) base.plan = planOf(item.price);
    if (isMetered(item.price)) delete base.quantity;
    else base.quantity = item.quantity ?? 1;
    if (!periodOnSubscription) setPeriod(base, state.periodStart, state.periodEnd);
    return base;
  });
  out.items = { ...(itemList as Json), data: items, has_more: false, total_count: items.length };
  if (periodOnSubscription) setPeriod(out, state.periodStart, state.periodEnd);
  if ('plan' in current) out.plan = items.length === 1 ? items[0]!.plan ?? planOf(state.items[0]!.price) : null;
  if ('quantity' in current) out.quantity = items.length === 1 ? (items[0]!.quantity ?? null) : null;

  out.status = state.status;
  out.ended_at = null;
  out.cancel_at_period_end = state.cancelAtPeriodEnd;
  out.cancel_at = state.cancelAt;
  out.canceled_at = state.canceledAt;
  if ('cancellation_details' in current && state.canceledAt === null) {
    out.cancellation_details = { comment: null, feedback: null, reason: null };
  }
  // Expanded discount objects: the transform resolves them without needing a discount record.
  out.discounts = discounts.map((d) => structuredClone(d));
  if ('discount' in current) out.discount = discounts[0] ? structuredClone(discounts[0]) : null;
  return out as StripeObject;
}
