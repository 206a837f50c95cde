// The MRR of one subscription state at one moment, under a preset's rules.
//
// Responsible for: which statuses count (and the trial → past_due edge case), when a cancelled
// subscription stops counting, and composing the exact monthly amount of the licensed items with
// the discounts active at that moment. The amount is rounded once, here, half away from zero.
import { applyDiscounts, deductibleDiscounts } from './discounts.js';
import type { ActiveDiscount } from './discounts.js';
import { toMinorUnits } from './decimal.js';
import type { Ratio } from './decimal.js';
import { licensedMonthlyAmount } from './price-amount.js';
import type { PresetRules } from './presets.js';
import type { SubscriptionState, SubscriptionStatus, UnixSeconds } from './types.js';

export type MrrHistory = {
  /** The subscription has been `active` at some point up to now, according to the snapshots. */
  everActive: boolean;
  /** The status in force just before the subscription ended; only read by churnAt 'period_end'. */
  statusBeforeEnd?: SubscriptionStatus;
};

/** The parts of a state's MRR that do not depend on time, computed once per snapshot. */
export type PreparedSubscription = {
  readonly state: SubscriptionState;
  readonly rules: PresetRules;
  readonly gross: Ratio;
  readonly discounts: readonly ActiveDiscount[];
};

export function prepareSubscription(state: SubscriptionState, rules: PresetRules): PreparedSubscription {
  return { state, rules, gross: licensedMonthlyAmount(state.items), discounts: deductibleDiscounts(state, rules) };
}

/**
 * Without history, a subscription is taken to have paid before unless it shows a trial: in
 * Stripe a subscription without a trial whose first payment fails is `incomplete`, so it can only
 * be `past_due` after a paid period, whereas a trial that ends unpaid goes straight to `past_due`.
 */
export function inferEverActive(state: SubscriptionState): boolean {
  return state.status === 'active' || (state.trialStart === null && state.trialEnd === null);
}

function statusCounts(status: SubscriptionStatus, rules: PresetRules, everActive: boolean): boolean {
  switch (status) {
    case 'active':
      return true;
    case 'past_due':
      return rules.countPastDue && everActive;
    case 'unpaid':
      return rules.countUnpaid && everActive;
    default:
      return false;
  }
}

/** Whether the subscription counts as paying at `at` (its MRR may still be 0 after discounts). */
export function isPayingAt(
  state: SubscriptionState,
  at: UnixSeconds,
  rules: PresetRules,
  history?: MrrHistory,
): boolean {
  const everActive = history?.everActive ?? inferEverActive(state);
  if (rules.churnAt === 'canceled_at' && state.canceledAt !== null && at >= state.canceledAt) return false;
  const ended = state.status === 'canceled' || (state.endedAt !== null && at >= state.endedAt);
  if (!ended) return statusCounts(state.status, rules, everActive);
  if (rules.churnAt !== 'period_end' || state.currentPeriodEnd === null || at >= state.currentPeriodEnd) return false;
  const before = history?.statusBeforeEnd ?? (state.status === 'canceled' ? (everActive ? 'active' : 'canceled') : state.status);
  return statusCounts(before, rules, everActive);
}

export function preparedMrrAt(prepared: PreparedSubscription, at: UnixSeconds, history?: MrrHistory): number {
  if (!isPayingAt(prepared.state, at, prepared.rules, history)) return 0;
  if (prepared.discounts.length === 0 && prepared.gross.d === 1n) return toMinorUnits(prepared.gross);
  return toMinorUnits(applyDiscounts(prepared.gross, prepared.discounts, at));
}

/**
 * Moments after which the MRR of this state can change without a new snapshot: a discount
 * starting or ending, the subscription ending, and (per preset) the cancellation request or the
 * end of the paid period.
 */
export function timeBoundaries(prepared: PreparedSubscription): UnixSeconds[] {
  const { state, rules } = prepared;
  const times: UnixSeconds[] = [];
  for (const discount of prepared.discounts) {
    times.push(discount.from);
    if (discount.to !== null) times.push(discount.to);
  }
  if (state.endedAt !== null) times.push(state.endedAt);
  if (rules.churnAt === 'canceled_at' && state.canceledAt !== null) times.push(state.canceledAt);
  if (rules.churnAt === 'period_end' && state.currentPeriodEnd !== null) times.push(state.currentPeriodEnd);
  return times;
}

/** Integer minor units of `state.currency`; 0 when the subscription does not count at `at`. */
export function subscriptionMrr(
  state: SubscriptionState,
  at: UnixSeconds,
  rules: PresetRules,
  history?: MrrHistory,
): number {
  return preparedMrrAt(prepareSubscription(state, rules), at, history);
}
