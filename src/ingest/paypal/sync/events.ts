// Synthetic PayPal events: how what the sync fetches enters the one pipeline. A plan becomes a
// BILLING.PLAN.UPDATED event, a subscription (with its plan embedded as `resource.plan`) the
// BILLING.SUBSCRIPTION.* event of its status, and a completed subscription payment found by the
// Transaction Search API a PAYMENT.SALE.COMPLETED event — each in PayPal's webhook event shape,
// so the PayPal transform reads them exactly as it reads webhooks. Ids are derived from the
// content (or the subscription and moment), never from the clock: a second fetch of the same
// objects stores nothing new, a changed object gets a new id.
import { contentHash } from '../../stripe/sync/synthetic.js';
import type { RawEventInput } from '../../../store/raw-events-repo.js';
import { PAYPAL_LIVE_URL, PAYPAL_SANDBOX_URL, type PaypalObject, type TransactionInfo } from '../api.js';

/** Prefix of fetched objects wrapped as events (plans, subscriptions, sales). */
export const OBJECT_EVENT_PREFIX = 'WH-RPOBJ-';
/** Prefix of reconstructed moments of a subscription's past. */
export const RECONSTRUCTED_EVENT_PREFIX = 'WH-RPREC-';

export type EventTarget = { workspaceId: string; sourceId: string; sandbox: boolean };

type Origin = 'backfill' | 'heartbeat' | 'reconstructed';

const RESOURCE_TYPES: Record<string, string> = { 'BILLING.PLAN': 'plan', 'BILLING.SUBSCRIPTION': 'subscription', 'PAYMENT.SALE': 'sale' };

/** Seconds since the epoch of a PayPal time: ISO 8601, also PayPal's `+0000` offsets. */
export function paypalTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const normal = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normal);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function envelope(target: EventTarget, id: string, eventType: string, at: number, resource: PaypalObject, origin: Origin): RawEventInput {
  const resourceType = RESOURCE_TYPES[eventType.split('.').slice(0, 2).join('.')] ?? 'unknown';
  const api = target.sandbox ? PAYPAL_SANDBOX_URL : PAYPAL_LIVE_URL;
  const payload = {
    id,
    event_version: '1.0',
    create_time: iso(at),
    resource_type: resourceType,
    resource_version: resourceType === 'sale' ? '1.0' : '2.0',
    event_type: eventType,
    summary: `${eventType} (${origin === 'reconstructed' ? 'reconstructed by Revpulse' : `fetched by the Revpulse ${origin}`})`,
    resource,
    // The transform reads the mode from these links (sandbox host → test mode).
    links: [{ href: `${api}/v1/notifications/webhooks-events/${id}`, rel: 'self', method: 'GET' }],
    revpulse: { synthetic: origin },
  };
  return { workspaceId: target.workspaceId, sourceId: target.sourceId, eventId: id, type: eventType, created: at, livemode: !target.sandbox, payload };
}

/** A fetched plan, as of `asOf`. */
export function planEvent(target: EventTarget, plan: PaypalObject, asOf: number, origin: Origin = 'backfill'): RawEventInput {
  return envelope(target, `${OBJECT_EVENT_PREFIX}${plan.id}-${contentHash(plan)}`, 'BILLING.PLAN.UPDATED', asOf, plan, origin);
}

const SUBSCRIPTION_EVENT_TYPES: Record<string, string> = {
  CANCELLED: 'BILLING.SUBSCRIPTION.CANCELLED',
  EXPIRED: 'BILLING.SUBSCRIPTION.EXPIRED',
  SUSPENDED: 'BILLING.SUBSCRIPTION.SUSPENDED',
};

/** Ended or suspended subscriptions took that status at `status_update_time`; anything else is as of `asOf`. */
export function subscriptionStateTime(subscription: PaypalObject, asOf: number): number {
  const status = typeof subscription.status === 'string' ? subscription.status : '';
  const changed = paypalTime(subscription.status_update_time);
  return status in SUBSCRIPTION_EVENT_TYPES && changed !== null && changed <= asOf ? changed : asOf;
}

/** A fetched subscription with its plan embedded, at the moment it took its current status (see subscriptionStateTime). */
export function subscriptionEvent(target: EventTarget, subscription: PaypalObject, plan: PaypalObject | null, asOf: number, origin: Origin = 'backfill'): RawEventInput {
  const resource = plan ? { ...subscription, plan } : subscription;
  const type = SUBSCRIPTION_EVENT_TYPES[String(subscription.status)] ?? 'BILLING.SUBSCRIPTION.UPDATED';
  return envelope(target, `${OBJECT_EVENT_PREFIX}${subscription.id}-${contentHash(resource)}`, type, subscriptionStateTime(subscription, asOf), resource, origin);
}

/** A reconstructed state of a subscription at `at` (one per subscription and moment). */
export function reconstructedEvent(target: EventTarget, resource: PaypalObject, at: number, first: boolean): RawEventInput {
  const type = first ? 'BILLING.SUBSCRIPTION.ACTIVATED' : 'BILLING.SUBSCRIPTION.UPDATED';
  return envelope(target, `${RECONSTRUCTED_EVENT_PREFIX}${resource.id}-${at}`, type, at, resource, 'reconstructed');
}

/** The subscription a transaction belongs to, when it is one of a subscription's. */
export function subscriptionOf(transaction: TransactionInfo): string | null {
  return transaction.paypal_reference_id_type === 'SUB' && transaction.paypal_reference_id ? transaction.paypal_reference_id : null;
}

/** A completed subscription payment (status S, a positive amount) as the sale PayPal's webhook would carry; null for anything else. */
export function saleEvent(target: EventTarget, transaction: TransactionInfo, origin: Origin = 'backfill'): RawEventInput | null {
  const subscriptionId = subscriptionOf(transaction);
  const at = paypalTime(transaction.transaction_initiation_date);
  const { value, currency_code: currency } = transaction.transaction_amount;
  if (!subscriptionId || at === null || transaction.transaction_status !== 'S' || !/^\d+(\.\d+)?$/.test(value)) return null;
  const updated = paypalTime(transaction.transaction_updated_date) ?? at;
  const resource: PaypalObject = {
    id: transaction.transaction_id,
    state: 'completed',
    amount: { total: value, currency },
    billing_agreement_id: subscriptionId,
    create_time: iso(at),
    update_time: iso(updated),
  };
  return envelope(target, `${OBJECT_EVENT_PREFIX}${transaction.transaction_id}-${contentHash(resource)}`, 'PAYMENT.SALE.COMPLETED', at, resource, origin);
}
