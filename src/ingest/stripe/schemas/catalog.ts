// Schemas for the catalogue and discount objects: Product, Price, Plan, Coupon, Discount.
// Each lists only what the transforms read (see common.ts for the conventions).
import { z } from 'zod';
import { amount, currency, decimalString, kind, metadata, orNull, ref, timestamp } from './common.js';

export const interval = z.enum(['day', 'week', 'month', 'year']);
export const usageType = z.enum(['licensed', 'metered']);
export const billingScheme = z.enum(['per_unit', 'tiered']);
export const tiersMode = z.enum(['graduated', 'volume']);

const transformQuantity = z.object({
  divide_by: z.int().positive(),
  round: z.enum(['up', 'down']),
});

export const tier = z.object({
  /** null is the last, unbounded tier, so a missing bound is not taken for one: required. */
  up_to: z.int().nonnegative().nullable(),
  unit_amount: orNull(amount),
  unit_amount_decimal: orNull(decimalString),
  flat_amount: orNull(amount),
  flat_amount_decimal: orNull(decimalString),
});
export type StripeTier = z.infer<typeof tier>;

export const product = z.object({
  id: z.string(),
  object: kind('product'),
  name: z.string(),
  active: z.boolean(),
  created: timestamp,
  metadata,
});
export type StripeProduct = z.infer<typeof product>;

/** The product of a price: an id, the product, or a deleted-product stub. */
export const productRef = z.union([
  z.string(),
  z.object({ id: z.string(), name: z.string().optional() }),
]);

const recurring = z.object({
  interval,
  interval_count: z.int().positive(),
  usage_type: usageType,
});

/**
 * What the MRR of a price depends on, shared by Price events and the prices embedded in
 * subscription items. `tiers` come only when expanded. `tiers_mode` may be missing on a per-unit
 * price (it means null there); a tiered price must say graduated or volume (checked below).
 */
const priceTerms = {
  id: z.string(),
  object: kind('price'),
  billing_scheme: billingScheme,
  nickname: orNull(z.string()),
  product: productRef,
  recurring: orNull(recurring),
  tiers: z.array(tier).optional(),
  tiers_mode: tiersMode.nullish(),
  transform_quantity: orNull(transformQuantity),
  unit_amount: orNull(amount),
  unit_amount_decimal: orNull(decimalString),
};

function tieredNeedsMode(price: { billing_scheme: string; tiers_mode?: unknown }, ctx: z.core.$RefinementCtx): void {
  if (price.billing_scheme === 'tiered' && price.tiers_mode === undefined) {
    ctx.addIssue({ code: 'custom', path: ['tiers_mode'], message: 'a tiered price needs tiers_mode (graduated or volume)' });
  }
}

/** A price as embedded in a subscription item: its currency is read only when the subscription
 *  has none. */
export const itemPrice = z.object({ ...priceTerms, currency: currency.optional() }).superRefine(tieredNeedsMode);
export type StripeItemPrice = z.infer<typeof itemPrice>;

/** A Price event's object: the price terms plus what the PriceRecord keeps. */
export const price = z
  .object({
    ...priceTerms,
    active: z.boolean(),
    created: timestamp,
    currency,
    lookup_key: orNull(z.string()),
    metadata,
    type: z.enum(['one_time', 'recurring']),
  })
  .superRefine(tieredNeedsMode);
export type StripePrice = z.infer<typeof price>;

/**
 * The legacy Plan object that API versions put beside each item's price. Only read as a fallback:
 * its nickname names the plan when the price has none, its interval stands in for a price without
 * `recurring`, its tiers for a price sent without them.
 */
export const plan = z.object({
  object: kind('plan'),
  nickname: orNull(z.string()),
  interval: interval.optional(),
  interval_count: z.int().positive().optional(),
  usage_type: usageType.optional(),
  tiers: z.array(tier).optional(),
});
export type StripePlan = z.infer<typeof plan>;

/** What a discount's state needs from its coupon (embedded coupons are read for no more). */
export const couponTerms = z.object({
  id: z.string(),
  object: kind('coupon'),
  amount_off: orNull(amount),
  currency: orNull(currency),
  currency_options: z.record(currency, z.object({ amount_off: amount })).optional(),
  duration: z.enum(['once', 'repeating', 'forever']),
  duration_in_months: orNull(z.int().positive()),
  percent_off: orNull(z.number().positive().max(100)),
});
export type StripeCouponTerms = z.infer<typeof couponTerms>;

/** A Coupon event's object: the terms plus what the CouponRecord keeps. */
export const coupon = couponTerms.extend({
  name: orNull(z.string()),
  valid: z.boolean(),
  created: timestamp,
});
export type StripeCoupon = z.infer<typeof coupon>;

/**
 * A Discount. Up to 2025-08-27 it embeds `coupon`; from 2025-09-30.clover the coupon moved to
 * `source.coupon` and is no longer expanded (a bare id unless the caller expanded it). A
 * deleted discount carries `deleted: true` and no `end`.
 */
export const discount = z.object({
  id: z.string(),
  object: kind('discount'),
  coupon: couponTerms.optional(),
  source: z.object({ coupon: z.union([z.string(), couponTerms]).nullish() }).optional(),
  customer: orNull(ref),
  subscription: orNull(z.string()),
  subscription_item: orNull(z.string()),
  invoice: orNull(z.string()),
  start: timestamp,
  end: orNull(timestamp),
  deleted: z.literal(true).optional(),
});
export type StripeDiscount = z.infer<typeof discount>;
