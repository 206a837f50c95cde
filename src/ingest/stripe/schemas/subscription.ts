// Schemas for Subscription and Subscription Item, in both API shapes: up to 2025-02-24 the billing
// period sits on the subscription (with legacy `plan`/`quantity` and a single `discount`); from
// 2025-03-31.basil it sits on each item and discounts come only as the `discounts` array.
import { z } from 'zod';
import { discount, plan, price } from './catalog.js';
import { currency, list, metadata, quantity, ref, timestamp } from './common.js';

export const subscriptionStatus = z.enum([
  'active',
  'past_due',
  'trialing',
  'incomplete',
  'incomplete_expired',
  'unpaid',
  'paused',
  'canceled',
]);

export const subscriptionItem = z.object({
  id: z.string(),
  object: z.literal('subscription_item'),
  price,
  plan: plan.nullish(),
  /** Absent for metered items. */
  quantity: quantity.optional(),
  current_period_start: timestamp.optional(),
  current_period_end: timestamp.optional(),
});
export type StripeSubscriptionItem = z.infer<typeof subscriptionItem>;

export const subscription = z.object({
  id: z.string(),
  object: z.literal('subscription'),
  customer: ref,
  /** Absent from events rendered before Stripe added it; the item prices then tell. */
  currency: currency.optional(),
  status: subscriptionStatus,
  items: list(subscriptionItem),
  created: timestamp,
  start_date: timestamp,
  trial_start: timestamp.nullable(),
  trial_end: timestamp.nullable(),
  cancel_at_period_end: z.boolean(),
  cancel_at: timestamp.nullable(),
  canceled_at: timestamp.nullable(),
  ended_at: timestamp.nullable(),
  current_period_start: timestamp.optional(),
  current_period_end: timestamp.optional(),
  discount: discount.nullish(),
  discounts: z.array(z.union([z.string(), discount])).nullish(),
  metadata,
});
export type StripeSubscription = z.infer<typeof subscription>;
