// Schemas for Invoice, Invoice Line Item, Invoice Payment and Credit Note, in both API shapes:
// up to 2025-02-24 lines carry `type`, `proration`, `price` and `subscription_item`, and the invoice
// carries `subscription` and `charge`; from 2025-03-31.basil these moved under `parent` and
// `pricing`, and payments are linked through Invoice Payment objects.
import { z } from 'zod';
import { amount, currency, decimalString, list, quantity, ref, timestamp } from './common.js';

const discountAmounts = z.array(z.object({ amount })).nullish();

const lineParent = z.object({
  type: z.string(),
  subscription_item_details: z
    .object({
      invoice_item: z.string().nullish(),
      proration: z.boolean(),
      subscription: z.string().nullable(),
      subscription_item: z.string(),
    })
    .nullish(),
  invoice_item_details: z
    .object({
      proration: z.boolean(),
      subscription: z.string().nullable(),
    })
    .nullish(),
});

export const invoiceLine = z.object({
  id: z.string(),
  object: z.literal('line_item'),
  amount,
  currency,
  description: z.string().nullable(),
  discount_amounts: discountAmounts,
  period: z.object({ start: timestamp, end: timestamp }),
  quantity: quantity.nullable(),
  // API versions before 2025-03-31.basil:
  type: z.string().optional(),
  proration: z.boolean().optional(),
  price: z.object({ id: z.string(), product: ref }).nullish(),
  subscription: ref.nullish(),
  subscription_item: z.string().nullish(),
  // 2025-03-31.basil and later:
  parent: lineParent.nullish(),
  pricing: z
    .object({
      price_details: z.object({ price: ref, product: z.string() }).optional(),
      unit_amount_decimal: decimalString.nullable(),
    })
    .nullish(),
});
export type StripeInvoiceLine = z.infer<typeof invoiceLine>;

export const invoiceStatus = z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']);

export const invoice = z.object({
  id: z.string(),
  object: z.literal('invoice'),
  customer: ref.nullable(),
  currency,
  status: invoiceStatus.nullable(),
  number: z.string().nullable(),
  billing_reason: z.string().nullable(),
  created: timestamp,
  period_start: timestamp,
  period_end: timestamp,
  subtotal: amount,
  total: amount,
  total_excluding_tax: amount.nullish(),
  total_discount_amounts: discountAmounts,
  amount_due: amount,
  amount_paid: amount,
  amount_remaining: amount,
  starting_balance: amount,
  attempt_count: z.int().nonnegative(),
  status_transitions: z.object({
    finalized_at: timestamp.nullable(),
    marked_uncollectible_at: timestamp.nullable(),
    paid_at: timestamp.nullable(),
    voided_at: timestamp.nullable(),
  }),
  lines: list(invoiceLine),
  // API versions before 2025-03-31.basil:
  subscription: ref.nullish(),
  charge: ref.nullish(),
  // 2025-03-31.basil and later:
  parent: z
    .object({
      type: z.string(),
      subscription_details: z.object({ subscription: ref }).nullish(),
    })
    .nullish(),
});
export type StripeInvoice = z.infer<typeof invoice>;

export const invoicePayment = z.object({
  id: z.string(),
  object: z.literal('invoice_payment'),
  amount_paid: amount.nullable(),
  amount_requested: amount,
  currency,
  created: timestamp,
  invoice: ref,
  is_default: z.boolean(),
  payment: z.object({
    type: z.string(),
    charge: ref.optional(),
    payment_intent: ref.optional(),
  }),
  status: z.string(),
  status_transitions: z.object({
    paid_at: timestamp.nullable(),
    canceled_at: timestamp.nullable(),
  }),
});
export type StripeInvoicePayment = z.infer<typeof invoicePayment>;

export const creditNote = z.object({
  id: z.string(),
  object: z.literal('credit_note'),
  amount,
  currency,
  customer: ref,
  invoice: ref,
  number: z.string(),
  status: z.enum(['issued', 'void']),
  type: z.string(),
  reason: z.string().nullable(),
  created: timestamp,
  effective_at: timestamp.nullish(),
  voided_at: timestamp.nullish(),
  subtotal: amount,
  total: amount,
  total_excluding_tax: amount.nullish(),
  out_of_band_amount: amount.nullish(),
  // Before 2024-06-20 a credit note had at most one `refund`; later ones list `refunds`.
  refund: ref.nullish(),
  refunds: z.array(z.object({ refund: ref, amount_refunded: amount })).optional(),
});
export type StripeCreditNote = z.infer<typeof creditNote>;
