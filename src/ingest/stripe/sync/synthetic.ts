// Synthetic events: how backfilled objects and reconstructed history enter the one pipeline.
// A listed object is wrapped in the event Stripe would have sent for its latest change; a
// reconstructed moment of a subscription's past becomes a `customer.subscription.*` event at
// that moment. Ids are derived from the object (and its content or the moment), never from the
// clock, so running a backfill again stores nothing new, and `revpulse rebuild` replays them.
import { createHash } from 'node:crypto';
import { rawEventFor, type RawEventInput } from '../../../store/raw-events-repo.js';

/** Prefix of the ids of listed objects wrapped as events. */
export const OBJECT_EVENT_PREFIX = 'rpobj_';
/** Prefix of the ids of reconstructed subscription moments. */
export const RECONSTRUCTED_EVENT_PREFIX = 'rprec_';

export type StripeObject = Record<string, unknown> & { id: string; object: string };

/** The event type a listed object of each kind is wrapped in. */
const OBJECT_EVENT_TYPE: Record<string, string> = {
  product: 'product.updated',
  price: 'price.updated',
  coupon: 'coupon.updated',
  customer: 'customer.updated',
  invoice: 'invoice.updated',
  invoice_payment: 'invoice_payment.paid',
  charge: 'charge.updated',
  refund: 'refund.updated',
  dispute: 'charge.dispute.updated',
  credit_note: 'credit_note.updated',
};

export function isStripeObject(value: unknown): value is StripeObject {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' && typeof (value as { object?: unknown }).object === 'string';
}

/** Stable JSON (keys sorted), so the same object always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(value: unknown, length = 16): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url').slice(0, length);
}

function eventTypeOf(object: StripeObject): string {
  if (object.object === 'subscription') {
    return object.status === 'canceled' ? 'customer.subscription.deleted' : 'customer.subscription.updated';
  }
  const type = OBJECT_EVENT_TYPE[object.object];
  if (!type) throw new RangeError(`no event type for Stripe objects of type ${object.object}`);
  return type;
}

function envelope(id: string, type: string, object: StripeObject, created: number, livemode: boolean, origin: string) {
  return {
    id,
    object: 'event',
    api_version: null,
    created,
    livemode,
    type,
    data: { object },
    pending_webhooks: 0,
    request: { id: null, idempotency_key: null },
    revpulse: { synthetic: origin },
  };
}

type Target = { workspaceId: string; sourceId: string; livemode: boolean };

const toRaw = (target: Target, event: ReturnType<typeof envelope>): RawEventInput => rawEventFor(target, event);

/** A listed object as of `asOf`, as an event whose id changes only when the object does. */
export function objectEvent(target: Target, object: StripeObject, asOf: number): RawEventInput {
  const livemode = typeof object.livemode === 'boolean' ? object.livemode : target.livemode;
  const id = `${OBJECT_EVENT_PREFIX}${object.id}_${contentHash(object)}`;
  return toRaw(target, envelope(id, eventTypeOf(object), object, asOf, livemode, 'backfill'));
}

/** A reconstructed state of a subscription at `at` (one per subscription and moment). */
export function reconstructedEvent(target: Target, subscription: StripeObject, at: number, first: boolean): RawEventInput {
  const livemode = typeof subscription.livemode === 'boolean' ? subscription.livemode : target.livemode;
  const id = `${RECONSTRUCTED_EVENT_PREFIX}${subscription.id}_${at}`;
  const type = first ? 'customer.subscription.created' : 'customer.subscription.updated';
  return toRaw(target, envelope(id, type, subscription, at, livemode, 'reconstructed'));
}

