// Zod schemas of the Stripe objects as the API reference documents them for 2024-06-20 (the
// stripe-node type definitions of that era): the key fields, their types and their id prefixes.
// Written independently of src/demo, so a generator bug cannot hide behind its own types.
import { z } from 'zod';

const ts = z.int().positive();
const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9A-Za-z]+$`));
const currency = z.enum(['usd', 'eur', 'gbp']);
const metadata = z.record(z.string(), z.string());
const list = <T extends z.ZodType>(item: T) =>
  z.object({ object: z.literal('list'), data: z.array(item), has_more: z.boolean(), url: z.string() });

export const product = z.object({
  id: id('prod'), object: z.literal('product'), active: z.boolean(), name: z.string().min(1),
  created: ts, livemode: z.boolean(), metadata, type: z.literal('service'),
  unit_label: z.string().nullable(), default_price: z.string().nullable(),
});

export const recurringPrice = z.object({
  id: id('price'), object: z.literal('price'), active: z.boolean(), billing_scheme: z.literal('per_unit'),
  created: ts, currency, livemode: z.boolean(), lookup_key: z.string().nullable(), metadata,
  nickname: z.string().nullable(), product: id('prod'),
  recurring: z.object({
    interval: z.enum(['month', 'year']), interval_count: z.literal(1), usage_type: z.literal('licensed'),
    aggregate_usage: z.null(), trial_period_days: z.int().nullable(),
  }),
  tiers_mode: z.null(), transform_quantity: z.null(), type: z.literal('recurring'),
  unit_amount: z.int().positive(), unit_amount_decimal: z.string().regex(/^\d+$/),
});

export const plan = z.object({
  id: id('price'), object: z.literal('plan'), active: z.boolean(), amount: z.int().positive(),
  amount_decimal: z.string().regex(/^\d+$/), billing_scheme: z.literal('per_unit'), currency,
  interval: z.enum(['month', 'year']), interval_count: z.literal(1), nickname: z.string().nullable(),
  product: id('prod'), usage_type: z.literal('licensed'), tiers_mode: z.null(),
});

export const coupon = z.object({
  id: z.string().min(1), object: z.literal('coupon'), amount_off: z.int().positive().nullable(),
  currency: currency.nullable(), duration: z.enum(['once', 'repeating', 'forever']),
  duration_in_months: z.int().positive().nullable(), percent_off: z.number().positive().max(100).nullable(),
  name: z.string().nullable(), valid: z.boolean(), created: ts, livemode: z.boolean(),
}).refine((c) => (c.percent_off === null) !== (c.amount_off === null), 'exactly one of percent_off, amount_off')
  .refine((c) => (c.amount_off === null) === (c.currency === null), 'amount_off comes with a currency')
  .refine((c) => (c.duration === 'repeating') === (c.duration_in_months !== null), 'duration_in_months iff repeating');

export const discount = z.object({
  id: id('di'), object: z.literal('discount'), coupon, customer: id('cus'),
  subscription: id('sub').nullable(), start: ts, end: ts.nullable(), invoice: z.null(),
  invoice_item: z.null(), promotion_code: z.null(), checkout_session: z.null(),
});

const address = z.object({
  city: z.string(), country: z.string().length(2), line1: z.string(), line2: z.string().nullable(),
  postal_code: z.string(), state: z.string().nullable(),
});

export const customer = z.object({
  id: id('cus'), object: z.literal('customer'), address, balance: z.int(), created: ts,
  currency: currency.nullable(), delinquent: z.boolean(), email: z.email(), name: z.string().min(1),
  invoice_prefix: z.string().regex(/^[0-9A-F]{8}$/), livemode: z.boolean(), metadata,
  invoice_settings: z.object({ default_payment_method: id('pm').nullable() }),
  next_invoice_sequence: z.int().positive(), discount: z.null(), tax_exempt: z.literal('none'),
});

const subscriptionItem = z.object({
  id: id('si'), object: z.literal('subscription_item'), created: ts, metadata, plan,
  price: recurringPrice, quantity: z.int().positive(), subscription: id('sub'),
});

export const subscription = z.object({
  id: id('sub'), object: z.literal('subscription'), billing_cycle_anchor: ts,
  cancel_at: ts.nullable(), cancel_at_period_end: z.boolean(), canceled_at: ts.nullable(),
  cancellation_details: z.object({
    comment: z.string().nullable(),
    feedback: z.enum([
      'customer_service', 'low_quality', 'missing_features', 'other', 'switched_service',
      'too_complex', 'too_expensive', 'unused',
    ]).nullable(),
    reason: z.enum(['cancellation_requested', 'payment_disputed', 'payment_failed']).nullable(),
  }),
  collection_method: z.literal('charge_automatically'), created: ts, currency,
  current_period_start: ts, current_period_end: ts, customer: id('cus'), discount: discount.nullable(),
  discounts: z.array(id('di')), ended_at: ts.nullable(), items: list(subscriptionItem),
  latest_invoice: id('in').nullable(), livemode: z.boolean(), metadata, plan, quantity: z.int().positive(),
  start_date: ts, status: z.enum(['trialing', 'active', 'past_due', 'canceled', 'incomplete', 'incomplete_expired', 'unpaid']),
  trial_start: ts.nullable(), trial_end: ts.nullable(),
  trial_settings: z.object({ end_behavior: z.object({ missing_payment_method: z.enum(['cancel', 'create_invoice', 'pause']) }) }),
}).refine((s) => s.current_period_end > s.current_period_start, 'period ends after it starts')
  .refine((s) => s.items.data.length === 1 && s.items.data[0]?.price.id === s.plan.id, 'legacy plan mirrors the single item')
  .refine((s) => s.items.data[0]?.quantity === s.quantity, 'legacy quantity mirrors the single item');

const discountAmount = z.object({ amount: z.int().positive(), discount: id('di') });

export const invoiceLine = z.object({
  id: id('il'), object: z.literal('line_item'), amount: z.int(), currency, description: z.string().min(1),
  discount_amounts: z.array(discountAmount), discountable: z.boolean(), invoice: id('in'),
  invoice_item: id('ii').optional(), livemode: z.boolean(),
  period: z.object({ start: ts, end: ts }), plan, price: recurringPrice, proration: z.boolean(),
  proration_details: z.object({
    credited_items: z.object({ invoice: id('in'), invoice_line_items: z.array(id('il')) }).nullable(),
  }),
  quantity: z.int().positive(), subscription: id('sub'), subscription_item: id('si'),
  type: z.enum(['subscription', 'invoiceitem']), unit_amount_excluding_tax: z.string().regex(/^-?\d+(\.\d+)?$/),
});

export const invoice = z.object({
  id: id('in'), object: z.literal('invoice'), amount_due: z.int().nonnegative(),
  amount_paid: z.int().nonnegative(), amount_remaining: z.int().nonnegative(), attempt_count: z.int().nonnegative(),
  attempted: z.boolean(), billing_reason: z.enum(['subscription_create', 'subscription_cycle', 'subscription_update']),
  charge: id('ch').nullable(), collection_method: z.literal('charge_automatically'), created: ts, currency,
  customer: id('cus'), customer_email: z.email(), discount: discount.nullable(), discounts: z.array(id('di')),
  lines: list(invoiceLine), livemode: z.boolean(), next_payment_attempt: ts.nullable(),
  number: z.string().regex(/^[0-9A-F]{8}-\d{4}$/).nullable(), paid: z.boolean(),
  payment_intent: id('pi').nullable(), period_start: ts, period_end: ts,
  status: z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']),
  status_transitions: z.object({
    finalized_at: ts.nullable(), marked_uncollectible_at: z.null(), paid_at: ts.nullable(), voided_at: z.null(),
  }),
  subscription: id('sub'), subtotal: z.int(), total: z.int(), total_discount_amounts: z.array(discountAmount),
  starting_balance: z.int(), ending_balance: z.int().nullable(),
});

const refund = z.object({
  id: id('re'), object: z.literal('refund'), amount: z.int().positive(), charge: id('ch'), created: ts,
  currency, payment_intent: id('pi'), reason: z.enum(['requested_by_customer', 'duplicate']).nullable(),
  status: z.literal('succeeded'), balance_transaction: id('txn'),
});

export const charge = z.object({
  id: id('ch'), object: z.literal('charge'), amount: z.int().positive(), amount_captured: z.int().nonnegative(),
  amount_refunded: z.int().nonnegative(), balance_transaction: id('txn').nullable(), captured: z.boolean(),
  created: ts, currency, customer: id('cus'), disputed: z.boolean(),
  failure_code: z.enum(['card_declined', 'expired_card']).nullable(), failure_message: z.string().nullable(),
  invoice: id('in'), livemode: z.boolean(), metadata,
  outcome: z.object({
    network_status: z.enum(['approved_by_network', 'declined_by_network']),
    reason: z.enum(['insufficient_funds', 'generic_decline', 'expired_card', 'do_not_honor']).nullable(),
    risk_level: z.enum(['normal', 'elevated', 'highest']), seller_message: z.string().min(1),
    type: z.enum(['authorized', 'issuer_declined']),
  }),
  paid: z.boolean(), payment_intent: id('pi'), payment_method: id('pm'),
  payment_method_details: z.object({
    type: z.literal('card'),
    card: z.object({ brand: z.enum(['visa', 'mastercard', 'amex']), last4: z.string().regex(/^\d{4}$/), exp_month: z.int().min(1).max(12), exp_year: z.int() }),
  }),
  refunded: z.boolean(), refunds: list(refund), status: z.enum(['succeeded', 'failed']),
}).refine((c) => (c.status === 'failed') === (c.failure_code !== null), 'failure_code iff failed')
  .refine((c) => (c.status === 'failed') === (c.outcome.type === 'issuer_declined'), 'declined outcome iff failed');

export const dispute = z.object({
  id: id('du'), object: z.literal('dispute'), amount: z.int().positive(), charge: id('ch'), created: ts,
  currency, is_charge_refundable: z.boolean(), payment_intent: id('pi'),
  reason: z.enum(['fraudulent', 'subscription_canceled', 'product_not_received', 'unrecognized', 'duplicate', 'general']),
  status: z.enum(['needs_response', 'under_review', 'won', 'lost', 'warning_needs_response']),
  evidence_details: z.object({ due_by: ts, has_evidence: z.boolean(), past_due: z.boolean(), submission_count: z.int() }),
});

export const envelope = z.object({
  id: z.string().regex(/^evt_demo_[0-9A-Za-z]+$/), object: z.literal('event'), api_version: z.literal('2024-06-20'),
  created: ts, livemode: z.boolean(), pending_webhooks: z.int().nonnegative(),
  request: z.object({ id: id('req').nullable(), idempotency_key: z.string().nullable() }),
  type: z.string(),
  data: z.object({ object: z.record(z.string(), z.unknown()), previous_attributes: z.record(z.string(), z.unknown()).optional() }),
});

/** The schema of `data.object` for each event type. */
export const OBJECT_SCHEMA: Record<string, z.ZodType> = {
  'product.created': product,
  'price.created': recurringPrice,
  'coupon.created': coupon,
  'customer.created': customer,
  'customer.updated': customer,
  'customer.discount.created': discount,
  'customer.discount.deleted': discount,
  'customer.subscription.created': subscription,
  'customer.subscription.updated': subscription,
  'customer.subscription.deleted': subscription,
  'customer.subscription.trial_will_end': subscription,
  'invoice.created': invoice,
  'invoice.finalized': invoice,
  'invoice.paid': invoice,
  'invoice.payment_succeeded': invoice,
  'invoice.payment_failed': invoice,
  'charge.succeeded': charge,
  'charge.failed': charge,
  'charge.refunded': charge,
  'charge.dispute.created': dispute,
  'charge.dispute.closed': dispute,
};
