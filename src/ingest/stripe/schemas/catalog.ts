// Schemas for the catalogue and discount objects: Product, Price, Plan, Coupon, Discount.
import { z } from 'zod';
import { amount, currency, decimalString, metadata, ref, timestamp } from './common.js';

export const interval = z.enum(['day', 'week', 'month', 'year']);
export const usageType = z.enum(['licensed', 'metered']);
export const billingScheme = z.enum(['per_unit', 'tiered']);
export const tiersMode = z.enum(['graduated', 'volume']);

const transformQuantity = z.object({
  divide_by: z.int().positive(),
  round: z.enum(['up', 'down']),
});

export const tier = z.object({
  up_to: z.int().nonnegative().nullable(),
  unit_amount: amount.nullish(),
  unit_amount_decimal: decimalString.nullish(),
  flat_amount: amount.nullish(),
  flat_amount_decimal: decimalString.nullish(),
});
export type StripeTier = z.infer<typeof tier>;

export const product = z.object({
  id: z.string(),
  object: z.literal('product'),
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

export const price = z.object({
  id: z.string(),
  object: z.literal('price'),
  active: z.boolean(),
  billing_scheme: billingScheme,
  created: timestamp,
  currency,
  lookup_key: z.string().nullish(),
  metadata,
  nickname: z.string().nullable(),
  product: productRef,
  recurring: z
    .object({
      interval,
      interval_count: z.int().positive(),
      usage_type: usageType,
    })
    .nullable(),
  tiers: z.array(tier).optional(),
  tiers_mode: tiersMode.nullable(),
  transform_quantity: transformQuantity.nullable(),
  type: z.enum(['one_time', 'recurring']),
  unit_amount: amount.nullable(),
  unit_amount_decimal: decimalString.nullable(),
});
export type StripePrice = z.infer<typeof price>;

/** The legacy Plan object that older API versions put beside each item's price. */
export const plan = z.object({
  id: z.string(),
  object: z.literal('plan'),
  nickname: z.string().nullable(),
  interval,
  interval_count: z.int().positive(),
  usage_type: usageType,
  tiers: z.array(tier).optional(),
});
export type StripePlan = z.infer<typeof plan>;

export const coupon = z.object({
  id: z.string(),
  object: z.literal('coupon'),
  amount_off: amount.nullable(),
  currency: currency.nullable(),
  currency_options: z.record(currency, z.object({ amount_off: amount })).optional(),
  duration: z.enum(['once', 'repeating', 'forever']),
  duration_in_months: z.int().positive().nullable(),
  percent_off: z.number().positive().max(100).nullable(),
  name: z.string().nullable(),
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
  object: z.literal('discount'),
  coupon: coupon.optional(),
  source: z
    .object({ type: z.string(), coupon: z.union([z.string(), coupon]).nullable() })
    .optional(),
  customer: ref.nullish(),
  subscription: z.string().nullish(),
  subscription_item: z.string().nullish(),
  invoice: z.string().nullish(),
  start: timestamp,
  end: timestamp.nullish(),
  deleted: z.literal(true).optional(),
});
export type StripeDiscount = z.infer<typeof discount>;
