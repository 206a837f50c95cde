// The Stripe objects and events the demo generator emits, in the API shape of version 2024-06-20
// (billing period, `plan` and `quantity` on the subscription; a single embedded `discount`;
// invoice lines with `proration`, `price` and `plan`; `invoice` on the charge). Only the fields
// we fill are typed; every one of them exists on the real object.

export const DEMO_API_VERSION = '2024-06-20';

export type Metadata = Record<string, string>;
export type StripeList<T> = { object: 'list'; data: T[]; has_more: boolean; total_count: number; url: string };

export type StripeAddress = {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
};

export type StripeProduct = {
  id: string; object: 'product'; active: boolean; attributes: string[]; created: number;
  default_price: string | null; description: string | null; images: string[]; livemode: boolean;
  marketing_features: { name: string }[]; metadata: Metadata; name: string;
  package_dimensions: null; shippable: null; statement_descriptor: string | null;
  tax_code: string | null; type: 'service'; unit_label: string | null; updated: number; url: string | null;
};

export type StripeRecurring = {
  aggregate_usage: null; interval: 'month' | 'year'; interval_count: number; meter: null;
  trial_period_days: number | null; usage_type: 'licensed';
};

export type StripePrice = {
  id: string; object: 'price'; active: boolean; billing_scheme: 'per_unit'; created: number;
  currency: string; custom_unit_amount: null; livemode: boolean; lookup_key: string | null;
  metadata: Metadata; nickname: string | null; product: string; recurring: StripeRecurring;
  tax_behavior: 'unspecified'; tiers_mode: null; transform_quantity: null; type: 'recurring';
  unit_amount: number; unit_amount_decimal: string;
};

export type StripePlan = {
  id: string; object: 'plan'; active: boolean; aggregate_usage: null; amount: number;
  amount_decimal: string; billing_scheme: 'per_unit'; created: number; currency: string;
  interval: 'month' | 'year'; interval_count: number; livemode: boolean; metadata: Metadata;
  meter: null; nickname: string | null; product: string; tiers_mode: null; transform_usage: null;
  trial_period_days: number | null; usage_type: 'licensed';
};

export type StripeCoupon = {
  id: string; object: 'coupon'; amount_off: number | null; created: number; currency: string | null;
  duration: 'once' | 'repeating' | 'forever'; duration_in_months: number | null; livemode: boolean;
  max_redemptions: number | null; metadata: Metadata; name: string | null; percent_off: number | null;
  redeem_by: number | null; times_redeemed: number; valid: boolean;
};

export type StripeDiscount = {
  id: string; object: 'discount'; checkout_session: null; coupon: StripeCoupon; customer: string;
  end: number | null; invoice: null; invoice_item: null; promotion_code: null; start: number;
  subscription: string | null;
};

export type StripeCustomer = {
  id: string; object: 'customer'; address: StripeAddress | null; balance: number; created: number;
  currency: string | null; default_source: null; delinquent: boolean; description: string | null;
  discount: null; email: string | null; invoice_prefix: string;
  invoice_settings: {
    custom_fields: null; default_payment_method: string | null; footer: null; rendering_options: null;
  };
  livemode: boolean; metadata: Metadata; name: string | null; next_invoice_sequence: number;
  phone: string | null; preferred_locales: string[]; shipping: null; tax_exempt: 'none'; test_clock: null;
};

export type StripeSubscriptionItem = {
  id: string; object: 'subscription_item'; billing_thresholds: null; created: number;
  discounts: string[]; metadata: Metadata; plan: StripePlan; price: StripePrice; quantity: number;
  subscription: string; tax_rates: [];
};

export type StripeSubscriptionStatus =
  | 'trialing' | 'active' | 'past_due' | 'canceled' | 'incomplete' | 'incomplete_expired' | 'unpaid';

export type StripeCancellationDetails = {
  comment: string | null;
  feedback:
    | 'customer_service' | 'low_quality' | 'missing_features' | 'other' | 'switched_service'
    | 'too_complex' | 'too_expensive' | 'unused' | null;
  reason: 'cancellation_requested' | 'payment_disputed' | 'payment_failed' | null;
};

export type StripeSubscription = {
  id: string; object: 'subscription'; application: null; application_fee_percent: null;
  automatic_tax: { enabled: boolean; liability: null }; billing_cycle_anchor: number;
  billing_cycle_anchor_config: null; billing_thresholds: null; cancel_at: number | null;
  cancel_at_period_end: boolean; canceled_at: number | null;
  cancellation_details: StripeCancellationDetails; collection_method: 'charge_automatically';
  created: number; currency: string; current_period_end: number; current_period_start: number;
  customer: string; days_until_due: null; default_payment_method: string | null;
  default_source: null; default_tax_rates: []; description: string | null;
  discount: StripeDiscount | null; discounts: string[]; ended_at: number | null;
  invoice_settings: { account_tax_ids: null; issuer: { type: 'self' } };
  items: StripeList<StripeSubscriptionItem>; latest_invoice: string | null; livemode: boolean;
  metadata: Metadata; next_pending_invoice_item_invoice: null; on_behalf_of: null;
  pause_collection: null;
  payment_settings: {
    payment_method_options: null; payment_method_types: null; save_default_payment_method: 'off';
  };
  pending_invoice_item_interval: null; pending_setup_intent: null; pending_update: null;
  plan: StripePlan; quantity: number; schedule: null; start_date: number;
  status: StripeSubscriptionStatus; test_clock: null; transfer_data: null; trial_end: number | null;
  trial_settings: { end_behavior: { missing_payment_method: 'cancel' | 'create_invoice' } };
  trial_start: number | null;
};

export type StripeDiscountAmount = { amount: number; discount: string };

export type StripeInvoiceLineItem = {
  id: string; object: 'line_item'; amount: number; amount_excluding_tax: number; currency: string;
  description: string; discount_amounts: StripeDiscountAmount[]; discountable: boolean;
  discounts: string[]; invoice: string; invoice_item?: string; livemode: boolean; metadata: Metadata;
  period: { end: number; start: number }; plan: StripePlan; price: StripePrice; proration: boolean;
  proration_details: { credited_items: { invoice: string; invoice_line_items: string[] } | null };
  quantity: number; subscription: string; subscription_item: string; tax_amounts: []; tax_rates: [];
  type: 'subscription' | 'invoiceitem'; unit_amount_excluding_tax: string;
};

export type StripeInvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';
export type StripeBillingReason =
  | 'subscription_create' | 'subscription_cycle' | 'subscription_update' | 'manual';

export type StripeInvoice = {
  id: string; object: 'invoice'; account_country: string; account_name: string;
  account_tax_ids: null; amount_due: number; amount_paid: number; amount_remaining: number;
  amount_shipping: number; application: null; application_fee_amount: null; attempt_count: number;
  attempted: boolean; auto_advance: boolean;
  automatic_tax: { enabled: boolean; liability: null; status: null };
  billing_reason: StripeBillingReason; charge: string | null; collection_method: 'charge_automatically';
  created: number; currency: string; custom_fields: null; customer: string;
  customer_address: StripeAddress | null; customer_email: string | null; customer_name: string | null;
  customer_phone: null; customer_shipping: null; customer_tax_exempt: 'none'; customer_tax_ids: [];
  default_payment_method: null; default_source: null; default_tax_rates: []; description: null;
  discount: StripeDiscount | null; discounts: string[]; due_date: null; effective_at: number | null;
  ending_balance: number | null; footer: null; from_invoice: null; hosted_invoice_url: string | null;
  invoice_pdf: string | null; last_finalization_error: null; latest_revision: null;
  lines: StripeList<StripeInvoiceLineItem>; livemode: boolean; metadata: Metadata;
  next_payment_attempt: number | null; number: string | null; on_behalf_of: null; paid: boolean;
  paid_out_of_band: boolean; payment_intent: string | null;
  payment_settings: { default_mandate: null; payment_method_options: null; payment_method_types: null };
  period_end: number; period_start: number; post_payment_credit_notes_amount: number;
  pre_payment_credit_notes_amount: number; quote: null; receipt_number: null; rendering: null;
  shipping_cost: null; shipping_details: null; starting_balance: number; statement_descriptor: null;
  status: StripeInvoiceStatus;
  status_transitions: {
    finalized_at: number | null; marked_uncollectible_at: number | null; paid_at: number | null;
    voided_at: number | null;
  };
  subscription: string; subscription_details: { metadata: Metadata }; subtotal: number;
  subtotal_excluding_tax: number; tax: null; test_clock: null; total: number;
  total_discount_amounts: StripeDiscountAmount[]; total_excluding_tax: number;
  total_tax_amounts: []; transfer_data: null; webhooks_delivered_at: number | null;
};

export type StripeChargeOutcome = {
  advice_code: 'confirm_card_data' | 'do_not_try_again' | 'try_again_later' | null;
  network_advice_code: string | null; network_decline_code: string | null;
  network_status: 'approved_by_network' | 'declined_by_network'; reason: string | null;
  risk_level: 'normal' | 'elevated'; risk_score: number; seller_message: string;
  type: 'authorized' | 'issuer_declined';
};

export type StripeCardDetails = {
  brand: 'visa' | 'mastercard' | 'amex'; country: string; exp_month: number; exp_year: number;
  fingerprint: string; funding: 'credit' | 'debit'; last4: string; network: string;
};

export type StripeRefund = {
  id: string; object: 'refund'; amount: number; balance_transaction: string; charge: string;
  created: number; currency: string; metadata: Metadata; payment_intent: string;
  reason: 'requested_by_customer' | 'duplicate' | null; receipt_number: null; status: 'succeeded';
};

export type StripeCharge = {
  id: string; object: 'charge'; amount: number; amount_captured: number; amount_refunded: number;
  application: null; application_fee: null; application_fee_amount: null;
  balance_transaction: string | null;
  billing_details: { address: StripeAddress | null; email: string | null; name: string | null; phone: null };
  calculated_statement_descriptor: string; captured: boolean; created: number; currency: string;
  customer: string; description: string; disputed: boolean; failure_balance_transaction: null;
  failure_code: string | null; failure_message: string | null; fraud_details: Record<string, never>;
  invoice: string; livemode: boolean; metadata: Metadata; on_behalf_of: null;
  outcome: StripeChargeOutcome; paid: boolean; payment_intent: string; payment_method: string;
  payment_method_details: { card: StripeCardDetails; type: 'card' }; receipt_email: string | null;
  receipt_number: null; receipt_url: string; refunded: boolean; refunds: StripeList<StripeRefund>;
  review: null; shipping: null; source: null; source_transfer: null; statement_descriptor: null;
  statement_descriptor_suffix: null; status: 'succeeded' | 'failed'; transfer_data: null;
  transfer_group: null;
};

export type StripeDisputeReason =
  | 'fraudulent' | 'subscription_canceled' | 'product_not_received' | 'unrecognized' | 'duplicate';

export type StripeDispute = {
  id: string; object: 'dispute'; amount: number; balance_transactions: []; charge: string;
  created: number; currency: string;
  evidence_details: { due_by: number; has_evidence: boolean; past_due: boolean; submission_count: number };
  is_charge_refundable: boolean; livemode: boolean; metadata: Metadata; payment_intent: string;
  reason: StripeDisputeReason; status: 'needs_response' | 'won' | 'lost';
};

// Distributes over `T`, so each event type is its own member of the union.
type EventOf<T extends string, O> = T extends string ? {
  id: string;
  object: 'event';
  api_version: typeof DEMO_API_VERSION;
  created: number;
  data: { object: O; previous_attributes?: Record<string, unknown> };
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: T;
} : never;

export type StripeEvent =
  | EventOf<'product.created', StripeProduct>
  | EventOf<'price.created', StripePrice>
  | EventOf<'coupon.created', StripeCoupon>
  | EventOf<'customer.created' | 'customer.updated', StripeCustomer>
  | EventOf<'customer.discount.created' | 'customer.discount.deleted', StripeDiscount>
  | EventOf<
      | 'customer.subscription.created'
      | 'customer.subscription.updated'
      | 'customer.subscription.deleted'
      | 'customer.subscription.trial_will_end',
      StripeSubscription
    >
  | EventOf<
      | 'invoice.created'
      | 'invoice.finalized'
      | 'invoice.paid'
      | 'invoice.payment_succeeded'
      | 'invoice.payment_failed',
      StripeInvoice
    >
  | EventOf<'charge.succeeded' | 'charge.failed' | 'charge.refunded', StripeCharge>
  | EventOf<'charge.dispute.created' | 'charge.dispute.closed', StripeDispute>;

export type StripeEventType = StripeEvent['type'];
export type StripeEventObject<T extends StripeEventType> = Extract<StripeEvent, { type: T }>['data']['object'];

/** Every event type the generator can emit. */
export const DEMO_EVENT_TYPES: readonly StripeEventType[] = [
  'product.created', 'price.created', 'coupon.created',
  'customer.created', 'customer.updated',
  'customer.discount.created', 'customer.discount.deleted',
  'customer.subscription.created', 'customer.subscription.updated',
  'customer.subscription.deleted', 'customer.subscription.trial_will_end',
  'invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded',
  'invoice.payment_failed',
  'charge.succeeded', 'charge.failed', 'charge.refunded',
  'charge.dispute.created', 'charge.dispute.closed',
];
