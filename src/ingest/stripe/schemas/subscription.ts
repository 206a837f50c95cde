// Schemas for Subscription and Subscription Item, in both API shapes: up to 2025-02-24 the billing
// period sits on the subscription (with legacy `plan`/`quantity` and a single `discount`); from
// 2025-03-31.basil it sits on each item and discounts come only as the `discounts` array.
// Each lists only what the transforms read (see common.ts for the conventions).
import { z } from 'zod';
import { discount, itemPrice, plan } from './catalog.js';
import { currency, kind, list, orNull, quantity, ref, timestamp } from './common.js';

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
  object: kind('subscription_item'),
  price: itemPrice,
  plan: plan.nullish(),
  /** Absent for metered items; a licensed item without one has 1 (Stripe's default). */
  quantity: quantity.optional(),
  current_period_start: timestamp.optional(),
  current_period_end: timestamp.optional(),
});
export type StripeSubscriptionItem = z.infer<typeof subscriptionItem>;

export const subscription = z.object({
  id: z.string(),
  object: kind('subscription'),
  customer: ref,
  /** Absent from events rendered before Stripe added it; the item prices then tell. */
  currency: currency.optional(),
  status: subscriptionStatus,
  items: list(subscriptionItem),
  start_date: timestamp,
  // Missing means what null means: no trial, no cancellation, not ended.
  trial_start: orNull(timestamp),
  trial_end: orNull(timestamp),
  cancel_at_period_end: z.boolean().default(false),
  cancel_at: orNull(timestamp),
  canceled_at: orNull(timestamp),
  ended_at: orNull(timestamp),
  current_period_start: timestamp.optional(),
  current_period_end: timestamp.optional(),
  discount: discount.nullish(),
  discounts: z.array(z.union([z.string(), discount])).nullish(),
});
export type StripeSubscription = z.infer<typeof subscription>;
