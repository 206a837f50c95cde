// The Stripe event types that move revenue or payments, grouped by the object they carry.
// Every other type is dropped as 'unsupported_type'.

export const STRIPE_EVENT_FAMILIES = {
  customer: ['customer.created', 'customer.updated', 'customer.deleted'],
  subscription: [
    'customer.subscription.created',
    'customer.subscription.updated',
    'customer.subscription.deleted',
    'customer.subscription.paused',
    'customer.subscription.resumed',
    'customer.subscription.trial_will_end',
    'customer.subscription.pending_update_applied',
    'customer.subscription.pending_update_expired',
  ],
  discount: ['customer.discount.created', 'customer.discount.updated', 'customer.discount.deleted'],
  coupon: ['coupon.created', 'coupon.updated', 'coupon.deleted'],
  product: ['product.created', 'product.updated', 'product.deleted'],
  price: ['price.created', 'price.updated', 'price.deleted'],
  invoice: [
    'invoice.created',
    'invoice.updated',
    'invoice.deleted',
    'invoice.finalized',
    'invoice.finalization_failed',
    'invoice.paid',
    'invoice.payment_succeeded',
    'invoice.payment_failed',
    'invoice.payment_action_required',
    'invoice.voided',
    'invoice.marked_uncollectible',
  ],
  // A preview of the next invoice: it has no id and is never stored, but is not an error either.
  invoicePreview: ['invoice.upcoming'],
  invoicePayment: ['invoice_payment.paid'],
  charge: [
    'charge.succeeded',
    'charge.failed',
    'charge.refunded',
    'charge.updated',
    'charge.captured',
    'charge.pending',
    'charge.expired',
  ],
  dispute: [
    'charge.dispute.created',
    'charge.dispute.updated',
    'charge.dispute.closed',
    'charge.dispute.funds_withdrawn',
    'charge.dispute.funds_reinstated',
  ],
  refund: ['refund.created', 'refund.updated', 'refund.failed', 'charge.refund.updated'],
  creditNote: ['credit_note.created', 'credit_note.updated', 'credit_note.voided'],
} as const;

export type StripeEventFamily = keyof typeof STRIPE_EVENT_FAMILIES;

const FAMILY_BY_TYPE: ReadonlyMap<string, StripeEventFamily> = new Map(
  Object.entries(STRIPE_EVENT_FAMILIES).flatMap(([family, types]) =>
    types.map((type) => [type, family as StripeEventFamily] as const),
  ),
);

export function eventFamily(type: string): StripeEventFamily | null {
  return FAMILY_BY_TYPE.get(type) ?? null;
}

export const SUPPORTED_STRIPE_EVENT_TYPES: readonly string[] = [...FAMILY_BY_TYPE.keys()];
