// Entry point of the Stripe adapter: one Event (webhook payload, or a backfilled object wrapped
// as one) in, provider-neutral records out. Pure: no I/O, no clock, no lookups. It validates the
// envelope, drops types that do not move revenue or payments, validates the carried object
// against its zod schema (a misfit is a 'malformed' drop naming the field) and maps it.
import type { NormalizedRecords } from '../../core/records.js';
import type { EventMeta, TransformResult } from '../records.js';
import { transformCharge, transformCreditNote, transformDispute, transformRefund } from './payment.js';
import { transformPrice, transformProduct } from './catalog.js';
import { transformCustomer } from './customer.js';
import { transformCoupon, transformDiscount } from './discount.js';
import { eventFamily, type StripeEventFamily } from './event-types.js';
import { transformInvoice, transformInvoicePayment } from './invoice.js';
import { MalformedField, OutOfRangeField, parseObject } from './malformed.js';
import { coupon, discount, price, product } from './schemas/catalog.js';
import { customer } from './schemas/customer.js';
import { event as eventSchema, type StripeEvent } from './schemas/event.js';
import { creditNote, invoice, invoicePayment } from './schemas/invoice.js';
import { charge, dispute, refund } from './schemas/payment.js';
import { subscription } from './schemas/subscription.js';
import { transformSubscription } from './subscription.js';

export type { DropReason, EventMeta, TransformResult } from '../records.js';
export { DROP_REASONS } from '../records.js';

type Handler = (object: unknown, event: StripeEvent) => NormalizedRecords;

const isDeletion = (event: StripeEvent): boolean => event.type.endsWith('.deleted');

const HANDLERS: Record<StripeEventFamily, Handler> = {
  customer: (o, e) => ({ customers: [transformCustomer(parseObject(customer, o), isDeletion(e))] }),
  subscription: (o, e) => ({
    subscriptions: [
      transformSubscription(parseObject(subscription, o), {
        eventId: e.id,
        eventType: e.type,
        created: e.created,
      }),
    ],
  }),
  discount: (o, e) => ({ discounts: [transformDiscount(parseObject(discount, o), isDeletion(e))] }),
  coupon: (o, e) => ({ coupons: [transformCoupon(parseObject(coupon, o), isDeletion(e))] }),
  product: (o, e) => ({ products: [transformProduct(parseObject(product, o), isDeletion(e))] }),
  price: (o, e) => ({ prices: [transformPrice(parseObject(price, o), isDeletion(e))] }),
  invoice: (o, e) => ({ invoices: [transformInvoice(parseObject(invoice, o), isDeletion(e))] }),
  invoicePreview: () => ({}),
  invoicePayment: (o) => ({ invoicePayments: [transformInvoicePayment(parseObject(invoicePayment, o))] }),
  charge: (o) => {
    const parsed = parseObject(charge, o);
    const embeddedRefunds = parsed.refunds?.data ?? [];
    return {
      payments: [transformCharge(parsed)],
      ...(embeddedRefunds.length > 0 ? { refunds: embeddedRefunds.map(transformRefund) } : {}),
    };
  },
  dispute: (o) => ({ disputes: [transformDispute(parseObject(dispute, o))] }),
  refund: (o) => ({ refunds: [transformRefund(parseObject(refund, o))] }),
  creditNote: (o) => ({ creditNotes: [transformCreditNote(parseObject(creditNote, o))] }),
};

function metaOf(event: StripeEvent): EventMeta {
  const { id, created } = event.data.object;
  return {
    id: event.id,
    type: event.type,
    created: event.created,
    livemode: event.livemode,
    objectId: typeof id === 'string' ? id : null,
    objectCreated: Number.isSafeInteger(created) ? (created as number) : null,
  };
}

export function transformStripeEvent(input: unknown): TransformResult {
  let envelope: StripeEvent;
  try {
    envelope = parseObject(eventSchema, input);
  } catch (error) {
    if (!(error instanceof MalformedField)) throw error;
    return { ok: false, event: null, drop: 'malformed', detail: `${error.path || '(event)'}: ${error.message}` };
  }
  const meta = metaOf(envelope);
  const family = eventFamily(envelope.type);
  if (family === null) {
    return {
      ok: false,
      event: meta,
      drop: 'unsupported_type',
      detail: `${envelope.type} does not move revenue or payments`,
    };
  }
  try {
    return { ok: true, event: meta, records: HANDLERS[family](envelope.data.object, envelope) };
  } catch (error) {
    if (!(error instanceof MalformedField)) throw error;
    const field = error.path ? `data.object.${error.path}` : 'data.object';
    return { ok: false, event: meta, drop: error instanceof OutOfRangeField ? 'out_of_range' : 'malformed', detail: `${field}: ${error.message}` };
  }
}
