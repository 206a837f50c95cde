// Schema of a billing plan (GET /v1/billing/plans/{id}, the BILLING.PLAN.* resource, and the
// `plan` a subscription embeds when its plan is overridden or the sync fetched it).
import { z } from 'zod';
import { isoTime, money, optional, positiveCount } from './common.js';

export const intervalUnit = z.enum(['DAY', 'WEEK', 'MONTH', 'YEAR']);

const tier = z.object({
  starting_quantity: positiveCount,
  ending_quantity: optional(positiveCount),
  amount: money,
});

const pricingScheme = z.object({
  version: z.int().optional(),
  fixed_price: optional(money),
  pricing_model: optional(z.enum(['VOLUME', 'TIERED'])),
  tiers: optional(z.array(tier).min(1)),
});

export const billingCycle = z.object({
  frequency: z.object({ interval_unit: intervalUnit, interval_count: z.int().positive().default(1) }),
  tenure_type: z.enum(['REGULAR', 'TRIAL']),
  sequence: z.int().nonnegative(),
  total_cycles: z.int().nonnegative().default(1),
  pricing_scheme: optional(pricingScheme),
});
export type PaypalBillingCycle = z.infer<typeof billingCycle>;

/** The fields of a plan a subscription's embedded `plan` needs (an override may omit the rest). */
export const embeddedPlan = z.object({
  id: z.string().optional(),
  product_id: z.string().optional(),
  name: z.string().optional(),
  billing_cycles: z.array(billingCycle).min(1),
});
export type PaypalEmbeddedPlan = z.infer<typeof embeddedPlan>;

export const plan = embeddedPlan.extend({
  id: z.string().min(1),
  product_id: optional(z.string()),
  name: optional(z.string()),
  status: z.enum(['CREATED', 'ACTIVE', 'INACTIVE']),
  create_time: isoTime,
});
export type PaypalPlan = z.infer<typeof plan>;
