// Invariants of the simulated business, checked on an 800-customer, 24-month data set and, as
// properties, on small data sets from arbitrary seeds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoEvents } from '../../../src/demo/index.js';
import type {
  StripeCharge, StripeDiscount, StripeEvent, StripeInvoice, StripeSubscription,
} from '../../../src/demo/index.js';

const endAt = Date.UTC(2025, 5, 1, 12) / 1000;
const startAt = Date.UTC(2023, 5, 1, 12) / 1000; // 24 months earlier
const events = demoEvents({ endAt, customers: 800 });

const ofType = <T>(list: StripeEvent[], ...types: string[]) =>
  list.filter((e) => types.includes(e.type)).map((e) => ({ event: e, object: e.data.object as T }));

/** The invariants that must hold for any options; returns the first violation or null. */
function violation(list: StripeEvent[], range: { from: number; to: number }): string | null {
  const ids = new Set<string>();
  const customers = new Map<string, number>();
  const ended = new Set<string>();
  const subCurrency = new Map<string, string>();
  const charges = new Map<string, StripeCharge>();
  for (const [i, e] of list.entries()) {
    if (ids.has(e.id)) return `duplicate event id ${e.id}`;
    ids.add(e.id);
    if (e.created < range.from || e.created > range.to) return `${e.id} created outside the range`;
    const o = e.data.object as { object: string; id: string; customer?: string; currency?: string };
    if (e.type === 'customer.created') {
      if (customers.has(o.id)) return `customer ${o.id} created twice`;
      customers.set(o.id, i);
      continue;
    }
    if (o.customer !== undefined && !customers.has(o.customer)) return `${e.type} ${e.id} before its customer`;
    if (e.type.startsWith('customer.subscription.')) {
      const sub = o as StripeSubscription;
      if (ended.has(sub.id)) return `${e.type} after ${sub.id} was deleted`;
      if (e.type === 'customer.subscription.deleted') ended.add(sub.id);
      if (subCurrency.has(sub.customer) && subCurrency.get(sub.customer) !== sub.currency) return `${sub.customer} changed currency`;
      subCurrency.set(sub.customer, sub.currency);
    }
    if (e.type === 'customer.subscription.updated') {
      const previous = e.data.previous_attributes;
      if (!previous || Object.keys(previous).length === 0) return `${e.id} has no previous_attributes`;
      for (const key of Object.keys(previous)) {
        const now = (o as Record<string, unknown>)[key];
        if (JSON.stringify(now) === JSON.stringify(previous[key])) return `${e.id}: ${key} did not change`;
      }
    }
    if (e.type === 'charge.succeeded') charges.set(o.id, o as StripeCharge);
    if (e.type === 'invoice.paid') {
      const inv = o as StripeInvoice;
      if (inv.amount_paid === 0) {
        if (inv.charge !== null) return `$0 invoice ${inv.id} has a charge`;
        continue;
      }
      const charge = inv.charge === null ? undefined : charges.get(inv.charge);
      if (!charge) return `paid invoice ${inv.id} without an earlier charge.succeeded`;
      if (charge.invoice !== inv.id || charge.amount !== inv.amount_paid || charge.currency !== inv.currency) {
        return `charge ${charge.id} does not match invoice ${inv.id}`;
      }
    }
    if (e.type.startsWith('invoice.')) {
      const inv = o as StripeInvoice;
      const subtotal = inv.lines.data.reduce((sum, l) => sum + l.amount, 0);
      const discounts = inv.total_discount_amounts.reduce((sum, d) => sum + d.amount, 0);
      if (inv.subtotal !== subtotal || inv.total !== subtotal - discounts) return `invoice ${inv.id} does not add up`;
      if (inv.amount_due !== Math.max(inv.total, 0) || inv.amount_remaining !== inv.amount_due - inv.amount_paid) return `invoice ${inv.id} amounts`;
      for (const l of inv.lines.data) {
        if (l.currency !== inv.currency || l.price.currency !== inv.currency) return `line ${l.id} in another currency`;
        if (!l.proration && l.amount !== l.price.unit_amount * l.quantity && !l.description.startsWith('Trial period')) {
          return `line ${l.id}: ${l.amount} ≠ ${l.price.unit_amount} × ${l.quantity}`;
        }
        if (l.proration && (l.discountable || l.discount_amounts.length > 0)) return `proration ${l.id} discounted`;
      }
    }
  }
  return null;
}

describe('the default-shaped data set', () => {
  it('keeps every invariant', () => {
    expect(violation(events, { from: startAt, to: endAt })).toBeNull();
  });

  it('converts between 30% and 50% of the trials that have ended', () => {
    const trials = ofType<StripeSubscription>(events, 'customer.subscription.created')
      .filter(({ object }) => object.status === 'trialing' && object.trial_end !== null && object.trial_end < endAt - 7 * 86_400);
    const paidSubs = new Set(ofType<StripeInvoice>(events, 'invoice.paid').filter(({ object }) => object.amount_paid > 0).map(({ object }) => object.subscription));
    const converted = trials.filter(({ object }) => paidSubs.has(object.id)).length;
    expect(trials.length).toBeGreaterThan(300);
    expect(converted / trials.length).toBeGreaterThan(0.3);
    expect(converted / trials.length).toBeLessThan(0.5);
  });

  it('ends non-converting trials both at trial end and after going past_due', () => {
    const deleted = ofType<StripeSubscription>(events, 'customer.subscription.deleted').map(({ object }) => object);
    const atTrialEnd = deleted.filter((s) => s.trial_end !== null && s.ended_at === s.trial_end);
    const afterPastDue = new Set(ofType<StripeSubscription>(events, 'customer.subscription.updated')
      .filter(({ object, event }) => object.status === 'past_due' && event.data.previous_attributes?.status === 'trialing')
      .map(({ object }) => object.id));
    expect(atTrialEnd.length).toBeGreaterThan(20);
    expect(deleted.filter((s) => afterPastDue.has(s.id)).length).toBeGreaterThan(20);
    expect(deleted.every((s) => s.status === 'canceled' && s.ended_at !== null)).toBe(true);
  });

  it('bills in at least two currencies, one per customer', () => {
    const currencies = new Set(ofType<StripeInvoice>(events, 'invoice.paid').map(({ object }) => object.currency));
    expect(currencies.size).toBeGreaterThanOrEqual(2);
  });

  it('grows: more signups in the last six months than in the first six', () => {
    const signups = ofType<{ created: number }>(events, 'customer.created').map(({ object }) => object.created);
    const sixMonths = 182 * 86_400;
    const first = signups.filter((t) => t < startAt + sixMonths).length;
    const last = signups.filter((t) => t > endAt - sixMonths).length;
    expect(last).toBeGreaterThan(1.5 * first);
  });

  it('fails about 5% of renewals at first, and most of those recover', () => {
    const renewals = ofType<StripeInvoice>(events, 'invoice.finalized').filter(({ object }) => object.billing_reason === 'subscription_cycle' && object.amount_due > 0);
    const failedFirst = new Set(ofType<StripeInvoice>(events, 'invoice.payment_failed').filter(({ object }) => object.attempt_count === 1 && object.charge !== null).map(({ object }) => object.id));
    const paidLater = ofType<StripeInvoice>(events, 'invoice.paid').filter(({ object }) => failedFirst.has(object.id));
    const failedRenewals = renewals.filter(({ object }) => failedFirst.has(object.id)).length;
    expect(failedRenewals / renewals.length).toBeGreaterThan(0.03);
    expect(failedRenewals / renewals.length).toBeLessThan(0.07);
    expect(paidLater.length / failedFirst.size).toBeGreaterThan(0.6);
    expect(paidLater.length).toBeLessThan(failedFirst.size); // some end in churn
  });

  it('uses real decline codes on failed charges', () => {
    const failed = ofType<StripeCharge>(events, 'charge.failed').map(({ object }) => object);
    expect(new Set(failed.map((c) => c.failure_code))).toEqual(new Set(['card_declined', 'expired_card']));
    expect(failed.some((c) => c.outcome.reason === 'insufficient_funds')).toBe(true);
    expect(failed.every((c) => c.outcome.network_status === 'declined_by_network' && !c.paid)).toBe(true);
  });

  it('cancels both at period end (announced first) and immediately', () => {
    const scheduled = ofType<StripeSubscription>(events, 'customer.subscription.updated')
      .filter(({ object, event }) => object.cancel_at_period_end && event.data.previous_attributes?.cancel_at_period_end === false);
    expect(scheduled.length).toBeGreaterThan(20);
    for (const { object } of scheduled) expect(object.cancel_at).toBe(object.current_period_end);
    const immediate = ofType<StripeSubscription>(events, 'customer.subscription.deleted')
      .filter(({ object }) => !object.cancel_at_period_end && object.cancellation_details.reason === 'cancellation_requested' && object.ended_at !== object.current_period_end);
    expect(immediate.length).toBeGreaterThan(20);
  });

  it('changes plans and seats, with proration lines on the upgrades', () => {
    const updates = ofType<StripeSubscription>(events, 'customer.subscription.updated');
    const planChanges = updates.filter(({ event }) => event.data.previous_attributes && 'plan' in event.data.previous_attributes);
    const seatChanges = updates.filter(({ event }) => event.data.previous_attributes && 'quantity' in event.data.previous_attributes);
    expect(planChanges.length).toBeGreaterThan(10);
    expect(seatChanges.length).toBeGreaterThan(20);
    const prorated = ofType<StripeInvoice>(events, 'invoice.created').filter(({ object }) => object.lines.data.some((l) => l.proration));
    expect(prorated.length).toBeGreaterThan(10);
    for (const { object } of prorated) {
      expect(object.billing_reason).toBe('subscription_update');
      expect(object.lines.data[0]!.amount).toBeLessThan(0); // the credit for unused time
      expect(object.total).toBeGreaterThan(0);
    }
    const intervals = planChanges.filter(({ event, object }) =>
      (event.data.previous_attributes?.plan as { interval?: string } | undefined)?.interval !== undefined && object.plan.interval);
    expect(intervals.length).toBeGreaterThan(0); // a few annual ↔ monthly switches
  });

  it('applies each kind of coupon, and a once coupon only to the first invoice', () => {
    const created = ofType<StripeDiscount>(events, 'customer.discount.created').map(({ object }) => object.coupon.duration);
    expect(new Set(created)).toEqual(new Set(['forever', 'repeating', 'once']));
    expect(ofType(events, 'customer.discount.deleted').length).toBeGreaterThan(10);
    const discounted = ofType<StripeInvoice>(events, 'invoice.created').filter(({ object }) => object.discount !== null);
    for (const { object } of discounted) {
      if (object.discount!.coupon.duration === 'once') expect(object.billing_reason).toBe('subscription_create');
      if (object.discount!.end !== null) expect(object.created).toBeLessThan(object.discount!.end);
    }
    const amountOff = discounted.filter(({ object }) => object.discount!.coupon.amount_off !== null && object.total_discount_amounts.length > 0);
    expect(amountOff.length).toBeGreaterThan(0);
    for (const { object } of amountOff) expect(object.total_discount_amounts[0]!.amount).toBe(Math.min(object.discount!.coupon.amount_off!, object.subtotal));
  });

  it('has some refunds and a handful of disputes at the default size', () => {
    const all = demoEvents({ endAt, customers: 2_000, includeCatalog: false });
    const refunds = ofType<StripeCharge>(all, 'charge.refunded').map(({ object }) => object);
    expect(refunds.length).toBeGreaterThan(10);
    for (const c of refunds) expect(c.amount_refunded).toBe(c.refunds.data[0]!.amount);
    const disputes = ofType(all, 'charge.dispute.created').length;
    expect(disputes).toBeGreaterThan(0);
    expect(disputes).toBeLessThan(40);
  });
});

describe('for any seed and size', () => {
  it('keeps every invariant', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 36 }),
      fc.subarray(['usd', 'eur', 'gbp'] as const, { minLength: 1 }),
      (seed, customers, months, currencies) => {
        const list = demoEvents({ seed, customers, months, endAt, currencies });
        const from = new Date(endAt * 1000);
        from.setUTCMonth(from.getUTCMonth() - months);
        return violation(list, { from: from.getTime() / 1000, to: endAt }) === null;
      },
    ), { numRuns: 25 });
  });
});
