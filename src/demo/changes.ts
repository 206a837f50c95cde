// The things that happen to a live subscription, each as the events Stripe sends for it:
// renewals, cancellations (now or at period end, and taking one back), seat and plan changes
// (increases prorated and invoiced at once, decreases from the next invoice), a monthly→annual
// switch, and coupons being added or running out.
import type { UnixSeconds } from '../core/types.js';
import { HOUR } from './calendar.js';
import type { DemoPlanKey } from './catalog.js';
import {
  applyDiscount, emitCreated, newInvoice, periodLine, remainingTimeLine, unusedTimeLine,
} from './invoicing.js';
import type { InvoiceState } from './invoicing.js';
import { collect, RENEWAL_FAILURE_RATE } from './payments.js';
import type { PaymentResult } from './payments.js';
import { makeDiscount, requireSub, setCycle, subscriptionObject, updateSubscription } from './state.js';
import type { Sim, SubState } from './state.js';
import type { StripeCancellationDetails, StripeCoupon } from './stripe-types.js';

const FEEDBACK: readonly (readonly [StripeCancellationDetails['feedback'], number])[] = [
  [null, 40], ['too_expensive', 18], ['unused', 15], ['missing_features', 9], ['switched_service', 9],
  ['too_complex', 3], ['low_quality', 3], ['customer_service', 1], ['other', 2],
];

/** Ends the subscription at `at` and emits `customer.subscription.deleted`. */
export function endSubscription(
  sim: Sim, at: UnixSeconds, reason: StripeCancellationDetails['reason'],
): void {
  const sub = requireSub(sim);
  sub.status = 'canceled';
  sub.endedAt = at;
  if (sub.canceledAt === null) sub.canceledAt = at;
  if (!sub.cancelAtPeriodEnd) {
    sub.cancellation = {
      comment: null,
      feedback: reason === 'cancellation_requested' ? sim.rng.weighted(FEEDBACK) : null,
      reason,
    };
  }
  sim.log.emit('customer.subscription.deleted', subscriptionObject(sim.customer, sub), at, {
    byRequest: reason === 'cancellation_requested' && !sub.cancelAtPeriodEnd,
  });
  sim.sub = null;
}

export function cancelAtPeriodEnd(sim: Sim, at: UnixSeconds): void {
  const feedback = sim.rng.weighted(FEEDBACK);
  updateSubscription(sim, at, (s) => {
    s.cancelAtPeriodEnd = true;
    s.cancelAt = s.periodEnd;
    s.canceledAt = at;
    s.cancellation = { comment: null, feedback, reason: 'cancellation_requested' };
  }, true);
}

export function undoCancel(sim: Sim, at: UnixSeconds): void {
  updateSubscription(sim, at, (s) => {
    s.cancelAtPeriodEnd = false;
    s.cancelAt = null;
    s.canceledAt = null;
    s.cancellation = { comment: null, feedback: null, reason: null };
  }, true);
}

/** Finalizes and collects an invoice created by a change the customer just made. */
function invoiceNow(sim: Sim, inv: InvoiceState, at: UnixSeconds): PaymentResult {
  applyDiscount(inv.lines, inv.discount);
  emitCreated(sim, inv);
  return collect(sim, inv, at + 1, 0);
}

/**
 * Moves to a dearer price or more seats now (proration_behavior `always_invoice`): a credit for
 * the unused time on the old price and a charge for the remaining time on the new one.
 */
export function increase(sim: Sim, at: UnixSeconds, plan: DemoPlanKey, quantity: number): PaymentResult {
  const sub = requireSub(sim);
  const inv = newInvoice(sim, sub, at, 'subscription_update', { start: at, end: at });
  const credit = unusedTimeLine(sim, inv.id, sub, sub.entry, sub.quantity, at);
  updateSubscription(sim, at, (s) => {
    s.entry = sim.catalog.price(plan, s.entry.interval, s.entry.currency);
    s.quantity = quantity;
    s.latestInvoice = inv.id;
  }, true);
  inv.lines.push(credit, remainingTimeLine(sim, inv.id, sub, at));
  return invoiceNow(sim, inv, at);
}

/** Moves to a cheaper price or fewer seats without proration: the next invoice is smaller. */
export function decrease(sim: Sim, at: UnixSeconds, plan: DemoPlanKey, quantity: number): void {
  updateSubscription(sim, at, (s) => {
    s.entry = sim.catalog.price(plan, s.entry.interval, s.entry.currency);
    s.quantity = quantity;
  }, true);
}

/** Monthly → annual now: credit the unused month, bill a full year from today. */
export function switchToAnnual(sim: Sim, at: UnixSeconds): PaymentResult {
  const sub = requireSub(sim);
  const inv = newInvoice(sim, sub, at, 'subscription_update', { start: at, end: at });
  const credit = unusedTimeLine(sim, inv.id, sub, sub.entry, sub.quantity, at);
  updateSubscription(sim, at, (s) => {
    s.entry = sim.catalog.price(s.entry.plan.key, 'year', s.entry.currency);
    s.anchor = at;
    setCycle(s, 0);
    s.latestInvoice = inv.id;
  }, true);
  inv.lines.push(credit, periodLine(sim, inv.id, sub));
  return invoiceNow(sim, inv, at);
}

export function addCoupon(sim: Sim, at: UnixSeconds, coupon: StripeCoupon): void {
  const sub = requireSub(sim);
  const discount = makeDiscount(sim, coupon, sub.id, at);
  sim.log.emit('customer.discount.created', discount, at, { byRequest: true });
  updateSubscription(sim, at, (s) => {
    s.discount = discount;
  }, true);
}

/** A repeating coupon ran out, or a once coupon was used: the discount goes. */
export function removeDiscount(sim: Sim, at: UnixSeconds): void {
  const sub = requireSub(sim);
  if (!sub.discount) return;
  sim.log.emit('customer.discount.deleted', sub.discount, at);
  updateSubscription(sim, at, (s) => {
    s.discount = null;
  });
}

/**
 * The period ends at `at`: the subscription moves to the next period (optionally switching an
 * annual plan to monthly, or ending a trial), invoices it, and an hour later collects payment.
 */
export function renew(
  sim: Sim, at: UnixSeconds, options: { toMonthly?: boolean; statusAfterTrial?: 'active' | 'past_due' } = {},
): PaymentResult {
  const sub: SubState = requireSub(sim);
  const inv = newInvoice(sim, sub, at, 'subscription_cycle', { start: sub.periodStart, end: sub.periodEnd });
  updateSubscription(sim, at, (s) => {
    if (options.toMonthly) {
      s.entry = sim.catalog.price(s.entry.plan.key, 'month', s.entry.currency);
      s.anchor = at;
      setCycle(s, 0);
    } else {
      setCycle(s, s.cycle + 1);
    }
    if (s.status === 'trialing') s.status = options.statusAfterTrial ?? 'active';
    s.latestInvoice = inv.id;
  });
  inv.lines.push(periodLine(sim, inv.id, sub));
  applyDiscount(inv.lines, inv.discount);
  emitCreated(sim, inv);
  const result = collect(sim, inv, at + HOUR, RENEWAL_FAILURE_RATE);
  if (inv.discount?.coupon.duration === 'once' && sim.sub) removeDiscount(sim, result.at + 1);
  return result;
}
