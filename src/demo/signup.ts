// How a customer arrives: the customer object, the plan, seats and coupon they pick, and the
// subscription's first invoice — a $0 invoice when they start a 14-day trial, a paid one when
// they start paying at once. Then, for trials, what becomes of the trial.
import type { UnixSeconds } from '../core/types.js';
import { DAY, HOUR, MINUTE } from './calendar.js';
import type { DemoCouponKey, DemoInterval, DemoPlanKey } from './catalog.js';
import { cancelAtPeriodEnd, endSubscription, removeDiscount, renew } from './changes.js';
import { applyDiscount, emitCreated, newInvoice, periodLine, trialLine } from './invoicing.js';
import { collect, makeCard } from './payments.js';
import type { PaymentResult } from './payments.js';
import { customerObject, makeDiscount, setCycle, subscriptionObject, updateCustomer } from './state.js';
import type { Sim, SubState } from './state.js';

export const TRIAL_DAYS = 14;
const TRIAL_SHARE = 0.6;

/** What becomes of a trial: it converts, the customer cancels it, or it lapses unpaid. */
export type TrialFate = 'convert' | 'cancel' | 'lapse';
const TRIAL_FATES = [['convert', 40], ['cancel', 42], ['lapse', 18]] as const;

export function pickPlan(sim: Sim): { plan: DemoPlanKey; interval: DemoInterval; quantity: number } {
  const { rng } = sim;
  const plan = rng.weighted([['starter', 55], ['growth', 35], ['scale', 10]] as const);
  const interval = rng.chance(plan === 'scale' ? 0.35 : 0.15) ? 'year' : 'month';
  const quantity = plan === 'growth' ? seats(sim) : 1;
  return { plan, interval, quantity };
}

export function seats(sim: Sim): number {
  return sim.rng.weighted([[3, 30], [4, 18], [5, 15], [6, 10], [8, 9], [10, 8], [12, 5], [15, 3], [20, 2]] as const);
}

function pickCoupon(sim: Sim, at: UnixSeconds, trial: boolean, launchEndsAt: UnixSeconds): DemoCouponKey | null {
  const { rng } = sim;
  if (rng.chance(0.05)) return 'nonprofit';
  if (rng.chance(at < launchEndsAt ? 0.25 : 0.03)) return 'launch';
  if (!trial && rng.chance(0.1)) return 'welcome';
  return null;
}

/** Emits `customer.created`. */
export function signUp(sim: Sim, at: UnixSeconds): void {
  sim.log.emit('customer.created', customerObject(sim.customer), at, { byRequest: true });
}

type Start = { trial: boolean; withCard: boolean; coupon: DemoCouponKey | null; fate: TrialFate | null };

/** Creates the subscription at `at` with its first invoice; returns the first payment. */
export function startSubscription(sim: Sim, at: UnixSeconds, start: Start): PaymentResult {
  const { plan, interval, quantity } = pickPlan(sim);
  const entry = sim.catalog.price(plan, interval, sim.customer.currency);
  updateCustomer(sim, at, (c) => {
    c.currencySet = true;
    if (start.withCard && !c.card) c.card = makeCard(sim, at);
  });
  const trialEnd = at + TRIAL_DAYS * DAY;
  const sub: SubState = {
    id: sim.ids.next('sub'), created: at, itemId: sim.ids.next('si'), itemCreated: at, entry, quantity,
    status: start.trial ? 'trialing' : 'active', anchor: start.trial ? trialEnd : at, cycle: -1,
    periodStart: at, periodEnd: trialEnd, trialStart: start.trial ? at : null,
    trialEnd: start.trial ? trialEnd : null, cancelAtPeriodEnd: false, cancelAt: null, canceledAt: null,
    endedAt: null, cancellation: { comment: null, feedback: null, reason: null }, discount: null,
    latestInvoice: null, lastLine: null,
    missingPaymentMethod: start.fate === 'cancel' && !start.withCard ? 'cancel' : 'create_invoice',
  };
  if (!start.trial) setCycle(sub, 0);
  sim.sub = sub;
  if (start.coupon) {
    sub.discount = makeDiscount(sim, sim.catalog.coupon(start.coupon, sim.customer.currency), sub.id, at);
  }
  const inv = newInvoice(sim, sub, at, 'subscription_create', { start: at, end: at });
  sub.latestInvoice = inv.id;
  sim.log.emit('customer.subscription.created', subscriptionObject(sim.customer, sub), at, { byRequest: true });
  if (sub.discount) sim.log.emit('customer.discount.created', sub.discount, at, { byRequest: true });
  inv.lines.push(start.trial ? trialLine(sim, inv.id, sub) : periodLine(sim, inv.id, sub));
  applyDiscount(inv.lines, inv.discount);
  emitCreated(sim, inv);
  const paid = collect(sim, inv, at, 0);
  if (!start.trial && sub.discount?.coupon.duration === 'once') removeDiscount(sim, paid.at + 1);
  return paid;
}

/** A new customer: signup, then a trial (60%) or an immediate paid subscription. */
export function arrive(sim: Sim, signupAt: UnixSeconds, launchEndsAt: UnixSeconds): PaymentResult | null {
  const { rng } = sim;
  const at = signupAt + rng.int(20, 10 * MINUTE);
  const trial = rng.chance(TRIAL_SHARE);
  const fate = trial ? rng.weighted(TRIAL_FATES) : null;
  const withCard = fate === null || fate === 'convert' || (fate === 'cancel' && rng.chance(0.3));
  const coupon = pickCoupon(sim, at, trial, launchEndsAt);
  if (coupon === 'nonprofit') sim.customer.metadata.segment = 'nonprofit';
  signUp(sim, signupAt);
  const first = startSubscription(sim, at, { trial, withCard, coupon, fate });
  if (!fate) return first;
  return runTrial(sim, fate);
}

/** Plays out the trial; returns the first paid renewal, or null if the trial did not convert. */
function runTrial(sim: Sim, fate: TrialFate): PaymentResult | null {
  const { rng } = sim;
  const sub = sim.sub;
  if (!sub || sub.trialStart === null || sub.trialEnd === null) return null;
  const start = sub.trialStart;
  const end = sub.trialEnd;
  const willEndAt = end - 3 * DAY;
  if (fate === 'cancel') {
    // Without a card on file the trial can also just run out (end_behavior `cancel`).
    const silent = sub.missingPaymentMethod === 'cancel' && rng.chance(0.4);
    const decidedAt = rng.int(start + HOUR, end - HOUR);
    if (silent) {
      emitTrialWillEnd(sim, willEndAt);
      endSubscription(sim, end, null);
      return null;
    }
    if (decidedAt > willEndAt) emitTrialWillEnd(sim, willEndAt);
    if (rng.chance(0.4)) {
      endSubscription(sim, decidedAt, 'cancellation_requested');
      return null;
    }
    cancelAtPeriodEnd(sim, decidedAt);
    if (decidedAt <= willEndAt) emitTrialWillEnd(sim, willEndAt);
    endSubscription(sim, end, 'cancellation_requested');
    return null;
  }
  emitTrialWillEnd(sim, willEndAt);
  if (fate === 'lapse') {
    const unpaid = renew(sim, end, { statusAfterTrial: 'past_due' });
    endSubscription(sim, unpaid.at + rng.int(7 * DAY, 14 * DAY), 'payment_failed');
    return null;
  }
  const first = renew(sim, end);
  if (!first.paid) {
    endSubscription(sim, first.at, 'payment_failed');
    return null;
  }
  return first;
}

function emitTrialWillEnd(sim: Sim, at: UnixSeconds): void {
  if (sim.sub) sim.log.emit('customer.subscription.trial_will_end', subscriptionObject(sim.customer, sim.sub), at);
}
