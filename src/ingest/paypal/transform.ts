// Entry point of the PayPal adapter: one PayPal webhook event (as delivered, or a backfilled
// resource wrapped as one by the sync) in, provider-neutral records out. Pure: no I/O, no clock.
// It validates the envelope, drops types that do not move revenue or payments, validates the
// resource against its zod schema (a misfit is a 'malformed' drop naming the field, as
// `resource.<path>`) and maps it. How each type maps: docs/paypal.md.
import type { NormalizedRecords } from '../../core/records.js';
import type { UnixSeconds } from '../../core/types.js';
import type { EventMeta, TransformResult } from '../records.js';
import { MalformedField, OutOfRangeField, parseObject } from '../stripe/malformed.js';
import { transformSubscriber } from './customer.js';
import { paypalEventFamily, type PaypalEventFamily } from './event-types.js';
import { transformPlan } from './plan.js';
import { transformRefund, transformSale } from './sale.js';
import { isoTime } from './schemas/common.js';
import { event as eventSchema, type PaypalEvent } from './schemas/event.js';
import { plan } from './schemas/plan.js';
import { refund, sale } from './schemas/sale.js';
import { subscription } from './schemas/subscription.js';
import { failedPaymentOf, transformSubscription } from './subscription.js';

/** A handler's records, or why a well-formed resource moves nothing. */
type Handled = { records: NormalizedRecords } | { unsupported: string };
type Handler = (resource: unknown, event: PaypalEvent) => Handled;

const HANDLERS: Record<PaypalEventFamily, Handler> = {
  subscription: (resource, event) => {
    const sub = parseObject(subscription, resource);
    const subscriber = sub.subscriber;
    const payerId = subscriber?.payer_id;
    if (subscriber === undefined || payerId === undefined) {
      return { unsupported: `${event.event_type}: subscription ${sub.id} (${sub.status}) has no subscriber.payer_id yet: nobody has paid, so no revenue moves` };
    }
    const context = { eventId: event.id, eventType: event.event_type, created: event.create_time };
    const record = transformSubscription(sub, payerId, context);
    const failed = failedPaymentOf(sub, payerId);
    const customer = transformSubscriber({ ...subscriber, payer_id: payerId }, sub.create_time ?? record.snapshot.state.startDate);
    return { records: { customers: [customer], subscriptions: [record], ...(failed ? { payments: [failed] } : {}) } };
  },
  plan: (resource) => ({ records: { prices: [transformPlan(parseObject(plan, resource))] } }),
  sale: (resource) => {
    const { payment, invoice } = transformSale(parseObject(sale, resource));
    return { records: { payments: [payment], ...(invoice ? { invoices: [invoice] } : {}) } };
  },
  refund: (resource) => ({ records: { refunds: [transformRefund(parseObject(refund, resource), false)] } }),
  reversal: (resource) => ({ records: { refunds: [transformRefund(parseObject(refund, resource), true)] } }),
};

const SANDBOX_HOST = /^https:\/\/api(-m)?\.sandbox\.paypal\.com\//i;

/** Live unless the event's links (or its resource's) point at PayPal's sandbox API. */
function isLive(event: PaypalEvent): boolean {
  const resourceLinks = Array.isArray(event.resource.links) ? (event.resource.links as unknown[]) : [];
  const hrefs = [...(event.links ?? []).map((l) => l.href), ...resourceLinks.map((l) => (l as { href?: unknown } | null)?.href)];
  return !hrefs.some((href) => typeof href === 'string' && SANDBOX_HOST.test(href));
}

function resourceCreated(resource: Record<string, unknown>): UnixSeconds | null {
  const parsed = isoTime.safeParse(resource.create_time);
  return parsed.success ? parsed.data : null;
}

function metaOf(event: PaypalEvent): EventMeta {
  const { id } = event.resource;
  return {
    id: event.id,
    type: event.event_type,
    created: event.create_time,
    livemode: isLive(event),
    objectId: typeof id === 'string' ? id : null,
    objectCreated: resourceCreated(event.resource),
  };
}

export function transformPaypalEvent(input: unknown): TransformResult {
  let envelope: PaypalEvent;
  try {
    envelope = parseObject(eventSchema, input);
  } catch (error) {
    if (!(error instanceof MalformedField)) throw error;
    return { ok: false, event: null, drop: 'malformed', detail: `${error.path || '(event)'}: ${error.message}` };
  }
  const meta = metaOf(envelope);
  const family = paypalEventFamily(envelope.event_type);
  if (family === null) {
    return { ok: false, event: meta, drop: 'unsupported_type', detail: `${envelope.event_type} does not move revenue or payments` };
  }
  try {
    const handled = HANDLERS[family](envelope.resource, envelope);
    if ('unsupported' in handled) return { ok: false, event: meta, drop: 'unsupported_type', detail: handled.unsupported };
    return { ok: true, event: meta, records: handled.records };
  } catch (error) {
    if (!(error instanceof MalformedField)) throw error;
    const field = error.path ? `resource.${error.path}` : 'resource';
    return { ok: false, event: meta, drop: error instanceof OutOfRangeField ? 'out_of_range' : 'malformed', detail: `${field}: ${error.message}` };
  }
}
