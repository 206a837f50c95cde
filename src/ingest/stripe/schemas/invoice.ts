// Schemas for Invoice, Invoice Line Item, Invoice Payment and Credit Note, in both API shapes:
// up to 2025-02-24 lines carry `type`, `proration`, `price` and `subscription_item`, and the invoice
// carries `subscription` and `charge`; from 2025-03-31.basil these moved under `parent` and
// `pricing`, and payments are linked through Invoice Payment objects.
// Each lists only what the transforms read (see common.ts for the conventions).
import { z } from 'zod';
import { amount, currency, kind, list, orNull, quantity, ref, timestamp } from './common.js';

const discountAmounts = z.array(z.object({ amount })).nullish();

const lineParent = z.object({
  /** Read only when neither details object tells what the line is. */
  type: z.string().optional(),
  subscription_item_details: z
    .object({
      invoice_item: orNull(z.string()),
      proration: z.boolean(),
      subscription: orNull(z.string()),
      subscription_item: z.string(),
    })
    .nullish(),
  invoice_item_details: z
    .object({
      proration: z.boolean(),
      subscription: orNull(z.string()),
    })
    .nullish(),
});

export const invoiceLine = z.object({
  id: z.string(),
  object: kind('line_item'),
  amount,
  currency,
  description: orNull(z.string()),
  discount_amounts: discountAmounts,
  period: z.object({ start: timestamp, end: timestamp }),
  quantity: orNull(quantity),
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
      price_details: z.object({ price: ref, product: z.string() }).nullish(),
    })
    .nullish(),
});
export type StripeInvoiceLine = z.infer<typeof invoiceLine>;

export const invoiceStatus = z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']);

export const invoice = z.object({
  id: z.string(),
  object: kind('invoice'),
  /** Null (or missing) for an invoice billed to a customer Account (Accounts v2). */
  customer: orNull(ref),
  currency,
  status: orNull(invoiceStatus),
  number: orNull(z.string()),
  billing_reason: orNull(z.string()),
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
  status_transitions: z
    .object({
      finalized_at: orNull(timestamp),
      marked_uncollectible_at: orNull(timestamp),
      paid_at: orNull(timestamp),
      voided_at: orNull(timestamp),
    })
    .prefault({}),
  lines: list(invoiceLine),
  // API versions before 2025-03-31.basil:
  subscription: ref.nullish(),
  charge: ref.nullish(),
  // 2025-03-31.basil and later:
  parent: z
    .object({
      subscription_details: z.object({ subscription: ref }).nullish(),
    })
    .nullish(),
});
export type StripeInvoice = z.infer<typeof invoice>;

export const invoicePayment = z.object({
  id: z.string(),
  object: kind('invoice_payment'),
  amount_paid: orNull(amount),
  amount_requested: amount,
  currency,
  created: timestamp,
  invoice: ref,
  is_default: z.boolean(),
  payment: z.object({
    charge: ref.optional(),
    payment_intent: ref.optional(),
  }),
  status: z.string(),
  status_transitions: z
    .object({
      paid_at: orNull(timestamp),
      canceled_at: orNull(timestamp),
    })
    .prefault({}),
});
export type StripeInvoicePayment = z.infer<typeof invoicePayment>;

export const creditNote = z.object({
  id: z.string(),
  object: kind('credit_note'),
  amount,
  currency,
  customer: ref,
  invoice: ref,
  number: z.string(),
  status: z.enum(['issued', 'void']),
  type: z.string(),
  reason: orNull(z.string()),
  created: timestamp,
  effective_at: timestamp.nullish(),
  voided_at: timestamp.nullish(),
  subtotal: amount,
  total_excluding_tax: amount.nullish(),
  out_of_band_amount: amount.nullish(),
  // Before 2024-06-20 a credit note had at most one `refund`; later ones list `refunds`.
  refund: ref.nullish(),
  refunds: z.array(z.object({ refund: ref })).optional(),
});
export type StripeCreditNote = z.infer<typeof creditNote>;
