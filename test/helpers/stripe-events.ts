// Small, realistic Stripe events for integration tests (API version 2024-06-20 shapes).
import { signStripePayload } from '../../src/ingest/stripe/verify-signature.js';

let counter = 0;
const id = (prefix: string) => `${prefix}_test${String(++counter).padStart(6, '0')}`;

export type TestEvent = { id: string; object: 'event'; api_version: string; created: number; livemode: boolean; type: string; data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> }; pending_webhooks: number; request: { id: null; idempotency_key: null } };

export function event(type: string, object: Record<string, unknown>, created: number, extra: Partial<TestEvent> = {}): TestEvent {
  return {
    id: id('evt'),
    object: 'event',
    api_version: '2024-06-20',
    created,
    livemode: false,
    type,
    data: { object },
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    ...extra,
  };
}

export function price(options: { id?: string; amount: number; currency?: string; interval?: 'month' | 'year' | 'week' | 'day'; intervalCount?: number; product?: string }) {
  return {
    id: options.id ?? id('price'),
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created: 1_700_000_000,
    currency: options.currency ?? 'usd',
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: options.product ?? 'prod_test',
    recurring: { aggregate_usage: null, interval: options.interval ?? 'month', interval_count: options.intervalCount ?? 1, meter: null, trial_period_days: null, usage_type: 'licensed' },
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: 'recurring',
    unit_amount: options.amount,
    unit_amount_decimal: String(options.amount),
  };
}

export function subscription(options: {
  id?: string;
  customer: string;
  status?: string;
  price: ReturnType<typeof price>;
  quantity?: number;
  start: number;
  endedAt?: number | null;
  trialEnd?: number | null;
}) {
  const subId = options.id ?? id('sub');
  const quantity = options.quantity ?? 1;
  const periodEnd = options.start + 30 * 86_400;
  return {
    id: subId,
    object: 'subscription',
    application: null,
    billing_cycle_anchor: options.start,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: options.endedAt ?? null,
    collection_method: 'charge_automatically',
    created: options.start,
    currency: options.price.currency,
    current_period_end: periodEnd,
    current_period_start: options.start,
    customer: options.customer,
    days_until_due: null,
    default_payment_method: null,
    discount: null,
    discounts: [],
    ended_at: options.endedAt ?? null,
    items: {
      object: 'list',
      data: [
        {
          id: `si_${subId.slice(4)}`,
          object: 'subscription_item',
          created: options.start,
          metadata: {},
          plan: { id: options.price.id, object: 'plan', active: true, amount: options.price.unit_amount, amount_decimal: options.price.unit_amount_decimal, billing_scheme: 'per_unit', created: 1_700_000_000, currency: options.price.currency, interval: options.price.recurring.interval, interval_count: options.price.recurring.interval_count, livemode: false, metadata: {}, nickname: null, product: options.price.product, tiers_mode: null, transform_usage: null, trial_period_days: null, usage_type: 'licensed' },
          price: options.price,
          quantity,
          subscription: subId,
          tax_rates: [],
        },
      ],
      has_more: false,
      total_count: 1,
      url: `/v1/subscription_items?subscription=${subId}`,
    },
    livemode: false,
    metadata: {},
    plan: null,
    quantity,
    start_date: options.start,
    status: options.status ?? 'active',
    trial_end: options.trialEnd ?? null,
    trial_start: options.trialEnd ? options.start : null,
  };
}

export function signedWebhook(payload: TestEvent, secret: string, timestamp?: number) {
  const body = JSON.stringify(payload);
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(body, secret, timestamp) } };
}
