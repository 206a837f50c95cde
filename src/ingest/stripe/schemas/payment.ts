// Schemas for Charge, Refund and Dispute.
import { z } from 'zod';
import { amount, currency, list, ref, timestamp } from './common.js';

export const refund = z.object({
  id: z.string(),
  object: z.literal('refund'),
  amount,
  currency,
  charge: ref.nullable(),
  payment_intent: ref.nullish(),
  status: z.string().nullable(),
  reason: z.string().nullable(),
  created: timestamp,
});
export type StripeRefund = z.infer<typeof refund>;

export const charge = z.object({
  id: z.string(),
  object: z.literal('charge'),
  amount,
  amount_captured: amount.optional(),
  amount_refunded: amount,
  currency,
  customer: ref.nullable(),
  payment_intent: ref.nullish(),
  status: z.enum(['succeeded', 'failed', 'pending']),
  captured: z.boolean(),
  refunded: z.boolean(),
  disputed: z.boolean(),
  failure_code: z.string().nullable(),
  failure_message: z.string().nullable(),
  outcome: z
    .object({
      type: z.string(),
      reason: z.string().nullish(),
    })
    .nullable(),
  created: timestamp,
  // API versions before 2025-03-31.basil link the invoice here:
  invoice: ref.nullish(),
  // API versions before 2022-11-15 embed the refunds:
  refunds: list(refund).nullish(),
});
export type StripeCharge = z.infer<typeof charge>;

export const dispute = z.object({
  id: z.string(),
  object: z.literal('dispute'),
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
