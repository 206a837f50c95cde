// Where one customer stands at a moment: each subscription's state in force, its MRR and plans,
// and the customer's status — for the customers list and profile.
//
// Responsible for: reading the subscription timelines exactly as the ledger does (same effect
// times, ordering and history), so a subscription's MRR here is the ledger's at the same moment,
// and for the one status vocabulary of the API (docs/api.md, "Customer status").
import { mainPlanOf, splitMrrByPlan, type PlanRef, type PlanShare } from './plan-split.js';
import { presetRules } from './presets.js';
import { isPayingAt, preparedMrrAt } from './subscription-mrr.js';
import { buildTimelines } from './subscription-timeline.js';
import type { CurrencyCode, PresetName, SubscriptionSnapshot, SubscriptionStatus, UnixSeconds } from './types.js';

export type SubscriptionNow = {
  subscriptionId: string;
  status: SubscriptionStatus;
  currency: CurrencyCode;
  /** MRR at the moment, minor units of `currency` (0 when it does not count). */
  mrr: number;
  /** Counts as paying under the workspace's preset (its MRR may still be 0 after discounts). */
  counts: boolean;
  plan: PlanRef | null;
  plans: PlanShare[];
  items: { priceId: string; productId: string | null; planName: string | null; quantity: number; interval: string; intervalCount: number; usageType: 'licensed' | 'metered' }[];
  startDate: UnixSeconds;
  trialEnd: UnixSeconds | null;
  cancelAt: UnixSeconds | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: UnixSeconds | null;
  endedAt: UnixSeconds | null;
  currentPeriodEnd: UnixSeconds | null;
  /** The snapshot in force (its event id) and when it took effect. */
  eventId: string;
  since: UnixSeconds;
};

export type CustomerStatus = 'active' | 'past_due' | 'trialing' | 'churned' | 'inactive';

/** Every subscription of the customer as it stands at `at` (snapshots after `at` are unknown). */
export function subscriptionsAt(
  snapshots: readonly SubscriptionSnapshot[],
  options: { preset: PresetName; at: UnixSeconds },
): SubscriptionNow[] {
  const rules = presetRules(options.preset);
  return buildTimelines(snapshots, rules, options.at).flatMap((timeline) => {
    const entry = timeline.entries.at(-1);
    if (!entry) return [];
    const { state } = entry.snapshot;
    const mrr = preparedMrrAt(entry.prepared, options.at, entry.history);
    return [
      {
        subscriptionId: state.subscriptionId,
        status: state.status,
        currency: state.currency,
        mrr,
        counts: isPayingAt(state, options.at, rules, entry.history),
        plan: mainPlanOf(state.items),
        plans: splitMrrByPlan(state.items, mrr),
        items: state.items.map((i) => ({
          priceId: i.priceId, productId: i.productId, planName: i.planName, quantity: i.quantity, interval: i.interval, intervalCount: i.intervalCount, usageType: i.usageType,
        })),
        startDate: state.startDate,
        trialEnd: state.trialEnd,
        cancelAt: state.cancelAt,
        cancelAtPeriodEnd: state.cancelAtPeriodEnd,
        canceledAt: state.canceledAt,
        endedAt: state.endedAt,
        currentPeriodEnd: state.currentPeriodEnd,
        eventId: entry.snapshot.eventId,
        since: entry.from,
      },
    ];
  });
}

/** A live subscription scheduled to end: cancel_at_period_end or a future cancel_at. */
export function cancellationScheduled(sub: SubscriptionNow, at: UnixSeconds): boolean {
  const live = sub.endedAt === null && sub.status !== 'canceled' && sub.status !== 'incomplete_expired';
  return live && (sub.cancelAtPeriodEnd || (sub.cancelAt !== null && sub.cancelAt > at));
}

/**
 * active — MRR above 0 and no subscription behind on payment; past_due — MRR above 0 with a
 * past_due or unpaid subscription; trialing — no MRR, a trial running today (`inTrial`: started,
 * before its real trial end, not converted or ended; src/core/trial-metrics.ts inTrialOn, the
 * definition every active-trials figure uses); churned — no MRR, paid before; inactive — none of
 * these (never paid, free, incomplete).
 */
export function customerStatus(subs: readonly SubscriptionNow[], paying: boolean, everPaid: boolean, inTrial: boolean): CustomerStatus {
  if (paying) return subs.some((s) => s.mrr > 0 && (s.status === 'past_due' || s.status === 'unpaid')) ? 'past_due' : 'active';
  if (inTrial) return 'trialing';
  return everPaid ? 'churned' : 'inactive';
}
