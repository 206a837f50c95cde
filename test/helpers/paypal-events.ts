// PayPal webhook events in PayPal's documented shapes (Subscriptions v1 and Payments v1 resources
// inside the notification envelope), for unit and integration tests. Times are given in unix
// seconds and rendered as PayPal does (ISO 8601, UTC). Amounts are PayPal's decimal strings.

let counter = 0;
const nextId = (prefix: string, length = 13) => `${prefix}${String(++counter).padStart(length, '0')}`;

export type PaypalLink = { href: string; rel: string; method: string; encType?: string };

export type PaypalTestEvent = {
  id: string;
  event_version: string;
  create_time: string;
  resource_type: string;
  resource_version?: string;
  event_type: string;
  summary: string;
  resource: Record<string, unknown>;
  links: PaypalLink[];
};

export type PaypalIntervalUnit = 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';

/** Unix seconds → PayPal's ISO 8601 UTC form ("2026-03-01T10:00:00Z"). */
export function paypalTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');
}

const apiBase = (sandbox: boolean) => (sandbox ? 'https://api-m.sandbox.paypal.com' : 'https://api-m.paypal.com');

const RESOURCE_TYPES: ReadonlyArray<[prefix: string, type: string]> = [
  ['BILLING.SUBSCRIPTION.', 'subscription'],
  ['BILLING.PLAN.', 'plan'],
  ['PAYMENT.SALE.REFUNDED', 'refund'],
  ['PAYMENT.SALE.REVERSED', 'refund'],
  ['PAYMENT.SALE.', 'sale'],
];

/** The notification envelope around a resource. `sandbox` (default false) makes its links point
 *  at PayPal's sandbox, which is how a test-mode event is told from a live one. */
export function paypalEvent(
  eventType: string,
  resource: Record<string, unknown>,
  createTime: number,
  options: { id?: string; sandbox?: boolean; resourceType?: string; summary?: string } = {},
): PaypalTestEvent {
  const id = options.id ?? `WH-${nextId('', 17)}-${nextId('', 17)}`;
  const base = apiBase(options.sandbox ?? false);
  return {
    id,
    event_version: '1.0',
    create_time: paypalTime(createTime),
    resource_type: options.resourceType ?? RESOURCE_TYPES.find(([prefix]) => eventType.startsWith(prefix))?.[1] ?? 'unknown',
    ...(eventType.startsWith('BILLING.') ? { resource_version: '2.0' } : {}),
    event_type: eventType,
    summary: options.summary ?? `${eventType} (test)`,
    resource,
    links: [
      { href: `${base}/v1/notifications/webhooks-events/${id}`, rel: 'self', method: 'GET' },
      { href: `${base}/v1/notifications/webhooks-events/${id}/resend`, rel: 'resend', method: 'POST' },
    ],
  };
}

export type PaypalPlanOptions = {
  id?: string;
  productId?: string;
  name?: string;
  status?: 'CREATED' | 'ACTIVE' | 'INACTIVE';
  currency?: string;
  /** The REGULAR tenure's fixed price, e.g. "49.00". */
  value: string;
  intervalUnit?: PaypalIntervalUnit;
  intervalCount?: number;
  /** A TRIAL tenure before the regular one (value "0" for a free trial). */
  trial?: { value?: string; intervalUnit?: PaypalIntervalUnit; intervalCount?: number; totalCycles?: number };
  /** Quantity pricing instead of a fixed price: the REGULAR cycle gets these tiers. */
  tiers?: { model: 'VOLUME' | 'TIERED'; tiers: Array<{ from: string; to?: string; value: string }> };
  version?: number;
  created?: number;
  updated?: number;
};

export type PaypalPlan = ReturnType<typeof paypalPlan>;

/** A billing plan (GET /v1/billing/plans/{id}, and the BILLING.PLAN.* resource). */
export function paypalPlan(options: PaypalPlanOptions) {
  const id = options.id ?? nextId('P-', 24);
  const currency = options.currency ?? 'USD';
  const created = paypalTime(options.created ?? 1_700_000_000);
  const updated = paypalTime(options.updated ?? options.created ?? 1_700_000_000);
  const money = (value: string) => ({ value, currency_code: currency });
  const cycles: Array<Record<string, unknown>> = [];
  if (options.trial) {
    cycles.push({
      frequency: { interval_unit: options.trial.intervalUnit ?? 'DAY', interval_count: options.trial.intervalCount ?? 14 },
      tenure_type: 'TRIAL',
      sequence: 1,
      total_cycles: options.trial.totalCycles ?? 1,
      pricing_scheme: { version: 1, fixed_price: money(options.trial.value ?? '0'), create_time: created, update_time: updated },
    });
  }
  const regularPricing = options.tiers
    ? {
        version: options.version ?? 1,
        pricing_model: options.tiers.model,
        tiers: options.tiers.tiers.map((tier) => ({
          starting_quantity: tier.from,
          ...(tier.to !== undefined ? { ending_quantity: tier.to } : {}),
          amount: money(tier.value),
        })),
        create_time: created,
        update_time: updated,
      }
    : { version: options.version ?? 1, fixed_price: money(options.value), create_time: created, update_time: updated };
  cycles.push({
    frequency: { interval_unit: options.intervalUnit ?? 'MONTH', interval_count: options.intervalCount ?? 1 },
    tenure_type: 'REGULAR',
    sequence: cycles.length + 1,
    total_cycles: 0,
    pricing_scheme: regularPricing,
  });
  return {
    id,
    product_id: options.productId ?? 'PROD-5FD60555F23244316',
    name: options.name ?? 'Basic plan',
    status: options.status ?? 'ACTIVE',
    description: `${options.name ?? 'Basic plan'} (test)`,
    usage_type: 'LICENSED',
    billing_cycles: cycles,
    payment_preferences: {
      service_type: 'PREPAID',
      auto_bill_outstanding: true,
      setup_fee: money('0'),
      setup_fee_failure_action: 'CONTINUE',
      payment_failure_threshold: 3,
    },
    taxes: { percentage: '0', inclusive: false },
    quantity_supported: true,
    create_time: created,
    update_time: updated,
    links: [{ href: `https://api-m.paypal.com/v1/billing/plans/${id}`, rel: 'self', method: 'GET', encType: 'application/json' }],
  };
}

export type PaypalSubscriptionOptions = {
  id?: string;
  planId: string;
  status?: 'APPROVAL_PENDING' | 'APPROVED' | 'ACTIVE' | 'SUSPENDED' | 'CANCELLED' | 'EXPIRED';
  /** null: no subscriber yet (APPROVAL_PENDING). Default 'PAYER' + a counter. */
  payerId?: string | null;
  email?: string;
  givenName?: string;
  surname?: string;
  country?: string;
  /** PayPal sends quantity as a string ("1"). */
  quantity?: string;
  start: number;
  /** Time of the last status change (default: start). */
  statusUpdateTime?: number;
  /** A TRIAL tenure and how many of its cycles have run. */
  trial?: { cyclesCompleted: number; totalCycles?: number };
  regularCyclesCompleted?: number;
  nextBillingTime?: number;
  currency?: string;
  lastPayment?: { value: string; time: number };
  lastFailedPayment?: { value: string; time: number; reasonCode?: string };
  /** The plan embedded in the resource (plan_overridden, or our backfill's fetched plan). */
  plan?: PaypalPlan;
  created?: number;
  sandbox?: boolean;
};

let payerCounter = 0;

/** A subscription (GET /v1/billing/subscriptions/{id}, and the BILLING.SUBSCRIPTION.* resource). */
export function paypalSubscription(options: PaypalSubscriptionOptions) {
  const id = options.id ?? nextId('I-', 12);
  const currency = options.currency ?? 'USD';
  const money = (value: string) => ({ currency_code: currency, value });
  const payerId = options.payerId === undefined ? `PAYER${String(++payerCounter).padStart(8, '0')}` : options.payerId;
  const cycleExecutions: Array<Record<string, unknown>> = [];
  if (options.trial) {
    const total = options.trial.totalCycles ?? 1;
    cycleExecutions.push({
      tenure_type: 'TRIAL',
      sequence: 1,
      cycles_completed: options.trial.cyclesCompleted,
      cycles_remaining: Math.max(0, total - options.trial.cyclesCompleted),
      current_pricing_scheme_version: 1,
      total_cycles: total,
    });
  }
  cycleExecutions.push({
    tenure_type: 'REGULAR',
    sequence: cycleExecutions.length + 1,
    cycles_completed: options.regularCyclesCompleted ?? 0,
    cycles_remaining: 0,
    current_pricing_scheme_version: 1,
    total_cycles: 0,
  });
  const base = apiBase(options.sandbox ?? false);
  return {
    id,
    plan_id: options.planId,
    status: options.status ?? 'ACTIVE',
    status_update_time: paypalTime(options.statusUpdateTime ?? options.start),
    start_time: paypalTime(options.start),
    quantity: options.quantity ?? '1',
    shipping_amount: money('0.0'),
    ...(payerId === null
      ? {}
      : {
          subscriber: {
            email_address: options.email ?? `${payerId.toLowerCase()}@example.com`,
            payer_id: payerId,
            name: { given_name: options.givenName ?? 'Pat', surname: options.surname ?? 'Buyer' },
            shipping_address: {
              address: { address_line_1: '2211 N First Street', admin_area_2: 'San Jose', postal_code: '95131', country_code: options.country ?? 'US' },
            },
          },
        }),
    billing_info: {
      outstanding_balance: money('0.0'),
      cycle_executions: cycleExecutions,
      ...(options.lastPayment ? { last_payment: { amount: money(options.lastPayment.value), time: paypalTime(options.lastPayment.time) } } : {}),
      ...(options.lastFailedPayment
        ? {
            last_failed_payment: {
              amount: money(options.lastFailedPayment.value),
              time: paypalTime(options.lastFailedPayment.time),
              reason_code: options.lastFailedPayment.reasonCode ?? 'PAYMENT_DENIED',
            },
          }
        : {}),
      ...(options.nextBillingTime !== undefined ? { next_billing_time: paypalTime(options.nextBillingTime) } : {}),
      failed_payments_count: options.lastFailedPayment ? 1 : 0,
    },
    ...(options.plan ? { plan: options.plan, plan_overridden: true } : { plan_overridden: false }),
    create_time: paypalTime(options.created ?? options.start),
    update_time: paypalTime(options.statusUpdateTime ?? options.start),
    links: [
      { href: `${base}/v1/billing/subscriptions/${id}`, rel: 'self', method: 'GET' },
      { href: `${base}/v1/billing/subscriptions/${id}/cancel`, rel: 'cancel', method: 'POST' },
    ],
  };
}

export type PaypalSubscription = ReturnType<typeof paypalSubscription>;

/** A completed sale of a subscription (PAYMENT.SALE.COMPLETED's resource, Payments v1). */
export function paypalSale(options: {
  id?: string;
  subscriptionId: string;
  value: string;
  currency?: string;
  fee?: string;
  created: number;
  state?: 'completed' | 'partially_refunded' | 'refunded' | 'reversed' | 'pending';
}) {
  const id = options.id ?? nextId('SALE', 13);
  const currency = options.currency ?? 'USD';
  return {
    id,
    state: options.state ?? 'completed',
    amount: { total: options.value, currency, details: { subtotal: options.value } },
    payment_mode: 'INSTANT_TRANSFER',
    protection_eligibility: 'ELIGIBLE',
    protection_eligibility_type: 'ITEM_NOT_RECEIVED_ELIGIBLE,UNAUTHORIZED_PAYMENT_ELIGIBLE',
    transaction_fee: { value: options.fee ?? '0.00', currency },
    billing_agreement_id: options.subscriptionId,
    invoice_number: '',
    create_time: paypalTime(options.created),
    update_time: paypalTime(options.created),
    links: [
      { href: `https://api-m.paypal.com/v1/payments/sale/${id}`, rel: 'self', method: 'GET' },
      { href: `https://api-m.paypal.com/v1/payments/sale/${id}/refund`, rel: 'refund', method: 'POST' },
    ],
  };
}

export type PaypalSale = ReturnType<typeof paypalSale>;

/** A refund of a sale (PAYMENT.SALE.REFUNDED's resource), or with `reversal` a reversal
 *  (PAYMENT.SALE.REVERSED: PayPal takes the money back, e.g. a chargeback; its total is negative). */
export function paypalRefund(options: {
  id?: string;
  saleId: string;
  subscriptionId?: string;
  value: string;
  currency?: string;
  created: number;
  reversal?: { reasonCode?: string };
}) {
  const id = options.id ?? nextId('REFUND', 11);
  const currency = options.currency ?? 'USD';
  const total = options.reversal ? `-${options.value}` : options.value;
  return {
    id,
    state: 'completed',
    amount: { total, currency },
    sale_id: options.saleId,
    parent_payment: `PAYID-${options.saleId}`,
    ...(options.subscriptionId !== undefined ? { billing_agreement_id: options.subscriptionId } : {}),
    ...(options.reversal ? { reason_code: options.reversal.reasonCode ?? 'CHARGEBACK' } : {}),
    create_time: paypalTime(options.created),
    update_time: paypalTime(options.created),
    links: [
      { href: `https://api-m.paypal.com/v1/payments/refund/${id}`, rel: 'self', method: 'GET' },
      { href: `https://api-m.paypal.com/v1/payments/sale/${options.saleId}`, rel: 'sale', method: 'GET' },
    ],
  };
}

export type PaypalRefund = ReturnType<typeof paypalRefund>;
