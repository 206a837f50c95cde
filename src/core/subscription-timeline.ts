// Turns a SET of snapshots into one ordered timeline per subscription.
//
// Responsible for: dropping exact duplicates (same subscription and eventId) and snapshots not
// yet known at `until`, deciding when each snapshot takes effect, ordering them (effect time,
// then lifecycle rank within one second, then eventId), and the history each state is judged with (has the subscription ever been
// active, what was it before it ended). The result depends only on the set, never on the order
// the snapshots arrived in.
import { dayNumberOf } from './dates.js';
import type { PresetRules } from './presets.js';
import { prepareSubscription, timeBoundaries } from './subscription-mrr.js';
import type { MrrHistory, PreparedSubscription } from './subscription-mrr.js';
import type { SubscriptionSnapshot, SubscriptionStatus, UnixSeconds } from './types.js';

export type TimelineEntry = {
  readonly snapshot: SubscriptionSnapshot;
  /** When this state takes effect (see effectTime). */
  readonly from: UnixSeconds;
  readonly prepared: PreparedSubscription;
  readonly history: MrrHistory;
};

export type SubscriptionTimeline = {
  readonly subscriptionId: string;
  readonly entries: readonly TimelineEntry[];
};

/**
 * A snapshot takes effect at `effectiveAt`, except that one reporting an end that already
 * happened (`endedAt` earlier than `effectiveAt`, e.g. a late webhook or a backfill) takes effect
 * at `endedAt`, so the churn lands on the day the subscription really ended. (`canceledAt` does
 * not move a snapshot: later snapshots of a subscription scheduled to cancel all carry it.)
 */
export function effectTime(snapshot: SubscriptionSnapshot): UnixSeconds {
  const { endedAt } = snapshot.state;
  return endedAt !== null && endedAt < snapshot.effectiveAt ? endedAt : snapshot.effectiveAt;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Two different snapshots under one (subscription, eventId) should not exist; if they do, keep
 *  one chosen by content so the result still does not depend on input order. */
function canonical(a: SubscriptionSnapshot, b: SubscriptionSnapshot): SubscriptionSnapshot {
  if (a === b || a.effectiveAt !== b.effectiveAt) return a.effectiveAt >= b.effectiveAt ? a : b;
  return compareStrings(JSON.stringify(a.state), JSON.stringify(b.state)) >= 0 ? a : b;
}

/**
 * Providers time events to the second and their event ids carry no order, yet a subscription is
 * often created `incomplete` and activated within the same second. Among snapshots of one
 * second, the one further along the lifecycle is taken as the later: ended last, then by status.
 */
const LIFECYCLE_RANK: Readonly<Record<SubscriptionStatus, number>> = {
  incomplete: 0,
  trialing: 1,
  active: 2,
  past_due: 3,
  unpaid: 4,
  paused: 4,
  incomplete_expired: 5,
  canceled: 6,
};

export function lifecycleRank(snapshot: SubscriptionSnapshot): number {
  return snapshot.state.endedAt !== null ? 7 : LIFECYCLE_RANK[snapshot.state.status];
}

function buildEntries(snapshots: readonly SubscriptionSnapshot[], rules: PresetRules): TimelineEntry[] {
  const ordered = snapshots
    .map((snapshot) => ({ snapshot, from: effectTime(snapshot), rank: lifecycleRank(snapshot) }))
    .sort((a, b) => a.from - b.from || a.rank - b.rank || compareStrings(a.snapshot.eventId, b.snapshot.eventId));
  let seenActive = false;
  let liveStatus: SubscriptionStatus | undefined;
  return ordered.map(({ snapshot, from }) => {
    const { state } = snapshot;
    if (state.status === 'active') seenActive = true;
    if (state.status !== 'canceled') liveStatus = state.status;
    // Without a trial on record, past_due can only follow a paid period (see inferEverActive).
    const everActive = seenActive || (state.trialStart === null && state.trialEnd === null);
    const history: MrrHistory = liveStatus === undefined ? { everActive } : { everActive, statusBeforeEnd: liveStatus };
    return { snapshot, from, prepared: prepareSubscription(state, rules), history };
  });
}

/** One timeline per subscription (sorted by subscriptionId), from the snapshots known at `until`. */
export function buildTimelines(
  snapshots: readonly SubscriptionSnapshot[],
  rules: PresetRules,
  until: UnixSeconds,
): SubscriptionTimeline[] {
  const unique = new Map<string, SubscriptionSnapshot>();
  for (const snapshot of snapshots) {
    if (snapshot.effectiveAt > until) continue;
    const key = `${snapshot.state.subscriptionId}\u0000${snapshot.eventId}`;
    const seen = unique.get(key);
    unique.set(key, seen ? canonical(seen, snapshot) : snapshot);
  }
  const bySubscription = new Map<string, SubscriptionSnapshot[]>();
  for (const snapshot of unique.values()) {
    const list = bySubscription.get(snapshot.state.subscriptionId);
    if (list) list.push(snapshot);
    else bySubscription.set(snapshot.state.subscriptionId, [snapshot]);
  }
  return [...bySubscription.keys()]
    .sort(compareStrings)
    .map((subscriptionId) => ({ subscriptionId, entries: buildEntries(bySubscription.get(subscriptionId)!, rules) }));
}

/** Every moment up to `until` at which the subscription's MRR may change: each entry's effect
 *  time and the time-driven boundaries that fall while that entry is in force. */
export function timelineBoundaries(timeline: SubscriptionTimeline, until: UnixSeconds): UnixSeconds[] {
  const times: UnixSeconds[] = [];
  const { entries } = timeline;
  entries.forEach((entry, i) => {
    times.push(entry.from);
    const next = entries[i + 1]?.from ?? Number.POSITIVE_INFINITY;
    for (const t of timeBoundaries(entry.prepared)) {
      if (t > entry.from && t < next && t <= until) times.push(t);
    }
  });
  return times;
}

/** Day number → indexes of the subscriptions (`cursors[i].timeline`) with a boundary that day, in
 *  day order: the day ends at which the ledgers evaluate the subscriptions. */
export function boundaryDays(cursors: readonly { readonly timeline: SubscriptionTimeline }[], until: UnixSeconds): [number, number[]][] {
  const days = new Map<number, number[]>();
  cursors.forEach((cursor, i) => {
    for (const t of timelineBoundaries(cursor.timeline, until)) {
      const day = dayNumberOf(t);
      const list = days.get(day);
      if (!list) days.set(day, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  return [...days.entries()].sort((a, b) => a[0] - b[0]);
}
