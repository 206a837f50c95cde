// Simulates one customer from signup to the end of the range: the trial or first payment, then
// period after period of renewals with, each month, a chance of churn (higher on Starter and in
// the first months), seat and plan changes, a switch to annual billing or a loyalty coupon;
// failed renewals, refunds and disputes come from the payment side. Some churned customers
// come back later with a new subscription.
import type { UnixSeconds } from '../core/types.js';
import { addMonths, DAY, HOUR } from './calendar.js';
import {
  addCoupon, cancelAtPeriodEnd, decrease, endSubscription, increase, removeDiscount, renew,
  switchToAnnual, undoCancel,
} from './changes.js';
import { arrive, seats, startSubscription } from './signup.js';
import { intervalMonths, requireSub } from './state.js';
import type { PendingCancel, Sim } from './state.js';

type ActionKind =
  | 'cancel_now' | 'cancel_later' | 'seats_up' | 'seats_down' | 'upgrade' | 'downgrade'
  | 'to_annual' | 'loyalty' | 'discount_end' | 'forced_cancel';
type Action = { at: UnixSeconds; kind: ActionKind; reason?: PendingCancel['reason'] };

type Ending = { ended: false } | { ended: true; at: UnixSeconds; voluntary: boolean };

const MONTHLY_CHURN = { starter: 0.032, growth: 0.018, scale: 0.01 } as const;
const REACTIVATION_RATE = 0.07;
const UNDO_CANCEL_RATE = 0.12;
const TO_MONTHLY_AT_RENEWAL = 0.12;

/** Monthly probabilities of each customer-driven change, given the subscription today. */
function monthlyRates(sim: Sim, tenureMonths: number): [ActionKind, number][] {
  const sub = requireSub(sim);
  const plan = sub.entry.plan.key;
  const annual = sub.entry.interval === 'year';
  const seatCount = sub.quantity;
  const churn = MONTHLY_CHURN[plan] * (tenureMonths < 3 ? 1.3 : 1) * (annual ? 0.6 : 1);
  const immediate = annual ? 0.15 : 0.5;
  return [
    ['cancel_now', churn * immediate],
    ['cancel_later', churn * (1 - immediate)],
    ['seats_up', plan === 'growth' ? 0.05 : 0],
    ['seats_down', plan === 'growth' && seatCount > 3 ? 0.025 : 0],
    ['upgrade', plan === 'starter' ? 0.015 : plan === 'growth' && seatCount >= 6 ? 0.012 : 0],
    ['downgrade', plan === 'scale' ? 0.012 : plan === 'growth' && seatCount <= 5 ? 0.006 : 0],
    ['to_annual', annual ? 0 : 0.007],
    ['loyalty', sub.discount ? 0 : 0.003],
  ];
}

/** At most one change per month of the current period, at a random time after `from`. */
function rollActions(sim: Sim, from: UnixSeconds, paidSince: UnixSeconds): Action[] {
  const sub = requireSub(sim);
  const actions: Action[] = [];
  for (let k = 0; k < intervalMonths(sub.entry); k++) {
    const sliceStart = addMonths(sub.periodStart, k);
    const sliceEnd = Math.min(addMonths(sub.periodStart, k + 1), sub.periodEnd);
    const lo = Math.max(sliceStart, from) + DAY;
    const hi = sliceEnd - 2 * DAY;
    if (hi <= lo) continue;
    let roll = sim.rng.next();
    for (const [kind, p] of monthlyRates(sim, (sliceStart - paidSince) / (30 * DAY))) {
      if (roll < p) {
        actions.push({ at: sim.rng.int(lo, hi), kind });
        break;
      }
      roll -= p;
    }
  }
  return actions;
}

/** False when an earlier change this period made the action meaningless (no seats to remove…). */
function stillApplies(sim: Sim, action: Action): boolean {
  const sub = requireSub(sim);
  const plan = sub.entry.plan.key;
  switch (action.kind) {
    case 'seats_up': return plan === 'growth';
    case 'seats_down': return plan === 'growth' && sub.quantity > 3;
    case 'upgrade': return plan !== 'scale';
    case 'downgrade': return plan !== 'starter';
    case 'to_annual': return sub.entry.interval === 'month';
    case 'loyalty': return sub.discount === null;
    case 'forced_cancel': case 'discount_end': return true;
    default: return !sub.cancelAtPeriodEnd;
  }
}

/** Applies one action; returns the new cursor, whether it ended the subscription or reset its period. */
function apply(sim: Sim, action: Action): { at: UnixSeconds; ending?: Ending; restart?: boolean } {
  const sub = requireSub(sim);
  const { at } = action;
  const plan = sub.entry.plan.key;
  switch (action.kind) {
    case 'forced_cancel':
      endSubscription(sim, at, action.reason ?? 'cancellation_requested');
      return { at, ending: { ended: true, at, voluntary: action.reason === 'cancellation_requested' } };
    case 'cancel_now':
      endSubscription(sim, at, 'cancellation_requested');
      return { at, ending: { ended: true, at, voluntary: true } };
    case 'cancel_later': {
      cancelAtPeriodEnd(sim, at);
      if (!sim.rng.chance(UNDO_CANCEL_RATE)) return { at };
      const undoAt = sim.rng.int(at + HOUR, sub.periodEnd - DAY);
      undoCancel(sim, undoAt);
      return { at: undoAt };
    }
    case 'seats_up': {
      const more = sim.rng.weighted([[1, 50], [2, 25], [3, 12], [5, 8], [10, 5]] as const);
      return { at: increase(sim, at, 'growth', sub.quantity + more).at };
    }
    case 'seats_down':
      decrease(sim, at, 'growth', Math.max(3, sub.quantity - sim.rng.int(1, 3)));
      return { at };
    case 'upgrade':
      return { at: (plan === 'starter' ? increase(sim, at, 'growth', seats(sim)) : increase(sim, at, 'scale', 1)).at };
    case 'downgrade':
      if (plan === 'scale') decrease(sim, at, 'growth', sim.rng.int(5, 12));
      else decrease(sim, at, 'starter', 1);
      return { at };
    case 'to_annual':
      return { at: switchToAnnual(sim, at).at, restart: true };
    case 'loyalty':
      addCoupon(sim, at, sim.catalog.coupon('loyalty', sim.customer.currency));
      return { at };
    case 'discount_end':
      removeDiscount(sim, at);
      return { at };
  }
}

function pendingBefore(sim: Sim, before: UnixSeconds, cursor: UnixSeconds): Action[] {
  const due = sim.pending.filter((p) => p.at < before);
  sim.pending = sim.pending.filter((p) => p.at >= before);
  return due.map((p) => ({ at: Math.max(p.at, cursor), kind: 'forced_cancel', reason: p.reason }));
}

/** Runs a paying subscription from `from` until it ends or the range does. */
function runPaying(sim: Sim, from: UnixSeconds, paidSince: UnixSeconds): Ending {
  let cursor = from;
  for (;;) {
    const sub = requireSub(sim);
    const periodEnd = sub.periodEnd;
    const actions = [...rollActions(sim, cursor, paidSince), ...pendingBefore(sim, periodEnd, cursor)];
    const discountEnd = sub.discount?.end;
    if (discountEnd && discountEnd <= periodEnd) {
      // A discount that ran out while a payment was being retried goes as soon as it is settled.
      actions.push({ at: Math.max(discountEnd, cursor), kind: 'discount_end' });
    }
    actions.sort((a, b) => a.at - b.at);
    let restart = false;
    for (const [i, action] of actions.entries()) {
      if (action.kind === 'forced_cancel') action.at = Math.max(action.at, cursor);
      if (action.at < cursor) continue;
      if (action.at > sim.endAt) return { ended: false };
      const live = requireSub(sim);
      if (live.cancelAtPeriodEnd && action.kind !== 'forced_cancel' && action.kind !== 'discount_end') continue;
      if (!stillApplies(sim, action)) continue;
      const result = apply(sim, action);
      cursor = result.at;
      if (result.ending) return result.ending;
      if (result.restart) {
        // The period changed: re-roll the changes, but keep the cancellations already decided.
        for (const rest of actions.slice(i + 1)) {
          if (rest.kind === 'forced_cancel' && rest.reason) sim.pending.push({ at: rest.at, reason: rest.reason });
        }
        restart = true;
        break;
      }
    }
    if (restart) continue;
    if (periodEnd > sim.endAt) return { ended: false };
    if (sub.cancelAtPeriodEnd) {
      endSubscription(sim, periodEnd, 'cancellation_requested');
      return { ended: true, at: periodEnd, voluntary: true };
    }
    const toMonthly = sub.entry.interval === 'year' && sim.rng.chance(TO_MONTHLY_AT_RENEWAL);
    const renewal = renew(sim, periodEnd, { toMonthly });
    if (!renewal.paid) {
      endSubscription(sim, renewal.at, 'payment_failed');
      return { ended: true, at: renewal.at, voluntary: false };
    }
    cursor = renewal.at;
  }
}

/** The whole life of one customer, signing up at `signupAt`. */
export function simulateCustomer(sim: Sim, signupAt: UnixSeconds, launchEndsAt: UnixSeconds): void {
  const first = arrive(sim, signupAt, launchEndsAt);
  if (!first || !sim.sub) return;
  let ending = runPaying(sim, first.at, first.at);
  while (ending.ended && ending.voluntary && sim.rng.chance(REACTIVATION_RATE)) {
    sim.pending = [];
    const at = ending.at + sim.rng.int(30 * DAY, 200 * DAY);
    if (at > sim.endAt) return;
    const paid = startSubscription(sim, at, { trial: false, withCard: true, coupon: null, fate: null });
    ending = runPaying(sim, paid.at, paid.at);
  }
}
