// Schemas for Charge, Refund and Dispute. Each lists only what the transforms read (see
// common.ts for the conventions).
import { z } from 'zod';
import { amount, currency, kind, list, orNull, ref, timestamp } from './common.js';

export const refund = z.object({
  id: z.string(),
  object: kind('refund'),
  amount,
  currency,
  charge: orNull(ref),
  payment_intent: ref.nullish(),
  status: orNull(z.string()),
  reason: orNull(z.string()),
  created: timestamp,
});
export type StripeRefund = z.infer<typeof refund>;

export const charge = z.object({
  id: z.string(),
  object: kind('charge'),
  amount,
  /** Missing on old charges: the amount when captured, else 0. */
  amount_captured: amount.optional(),
  amount_refunded: amount,
  currency,
  customer: orNull(ref),
  payment_intent: ref.nullish(),
  status: z.enum(['succeeded', 'failed', 'pending']),
  captured: z.boolean(),
  refunded: z.boolean(),
  disputed: z.boolean(),
  failure_code: orNull(z.string()),
  failure_message: orNull(z.string()),
  outcome: orNull(
    z.object({
      type: z.string(),
      reason: z.string().nullish(),
    }),
  ),
  created: timestamp,
  // API versions before 2025-03-31.basil link the invoice here:
  invoice: ref.nullish(),
  // API versions before 2022-11-15 embed the refunds:
  refunds: list(refund).nullish(),
});
export type StripeCharge = z.infer<typeof charge>;

export const dispute = z.object({
  id: z.string(),
  object: kind('dispute'),
  amount,
  currency,
  charge: ref,
  payment_intent: ref.nullish(),
  status: z.string(),
  reason: z.string(),
  is_charge_refundable: z.boolean(),
  created: timestamp,
});
export type StripeDispute = z.infer<typeof dispute>;
