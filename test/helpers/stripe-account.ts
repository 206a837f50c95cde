// A Stripe account as its API would show it after a stream of events: every object at its latest
// version (the `data.object` of the last event about it), refunds from the charges that embed
// them, and every event for the Events API. Fed with the demo generator's events, it gives the
// fake Stripe API a realistic account whose history we also know exactly.
import type { FakeAccountData, FakeListType, StripeJson } from './fake-stripe.js';

type Event = { id: string; type: string; created: number; data: { object: Record<string, unknown> } };

const LIST_OF_OBJECT: Record<string, FakeListType> = {
  product: 'products',
  price: 'prices',
  coupon: 'coupons',
  customer: 'customers',
  subscription: 'subscriptions',
  invoice: 'invoices',
  invoice_payment: 'invoice_payments',
  charge: 'charges',
  refund: 'refunds',
  dispute: 'disputes',
  credit_note: 'credit_notes',
};

export function accountFromEvents(events: readonly Event[]): FakeAccountData {
  const latest = new Map<string, StripeJson>();
  const deleted = new Set<string>();
  const ordered = [...events].sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const event of ordered) {
    const object = event.data.object as StripeJson;
    if (typeof object.id !== 'string' || !LIST_OF_OBJECT[object.object]) continue;
    const key = `${object.object}:${object.id}`;
    if (event.type === 'customer.deleted' || event.type === 'product.deleted' || event.type === 'price.deleted' || event.type === 'coupon.deleted') deleted.add(key);
    latest.set(key, object);
    if (object.object === 'charge') {
      for (const refund of ((object.refunds as { data?: StripeJson[] } | undefined)?.data ?? [])) latest.set(`refund:${refund.id}`, refund);
    }
  }
  const data: FakeAccountData = { events: ordered as unknown as StripeJson[] };
  for (const [key, object] of latest) {
    if (deleted.has(key)) continue;
    const type = LIST_OF_OBJECT[object.object]!;
    (data[type] ??= []).push(object);
  }
  return data;
}
