// What a subscription's trial was, read from its snapshots: the day it started, the day it was
// due to end, and the day the subscription ended (or is scheduled to end) — facts, never an
// assumed trial length.
//
// Responsible for: the three trial days stored in `trials` (docs/metrics.md, section 5 and 12).
// Whether and when the trial converted is the ledger's to say (the first day the subscription
// counts as paying): src/core/ledger.ts.
import { dayNumberOf } from './dates.js';
import type { SubscriptionTimeline } from './subscription-timeline.js';
import type { UnixSeconds } from './types.js';

export type TrialFacts = {
  /** Day number the trial started: the earliest `trial_start`, else the first `trialing` snapshot. */
  startDay: number;
  /** Day number the trial was due to end: the newest `trial_end` on record for this trial's
   *  `trial_start` (Stripe moves it when a trial is extended or ended early; a new trial_start is
   *  a later trial, not recorded here); without one, the day the subscription first left
   *  `trialing`; null when neither is known (the trial runs until it converts or ends). */
  trialEndDay: number | null;
  /** Day number the subscription ended or is scheduled to end: the first end seen after the trial
   *  started (`ended_at`, else the moment it was seen `canceled`/`incomplete_expired`) — a later
   *  reactivation does not undo it, so events after a day never change what that day counts —
   *  else the newest snapshot's scheduled `cancel_at`; null while it goes on. */
  endedDay: number | null;
};

/** The trial of one subscription, or null if it never had one. */
export function trialFactsOf(timeline: SubscriptionTimeline): TrialFacts | null {
  let start: UnixSeconds | null = null;
  let firstTrialing: UnixSeconds | null = null;
  let leftTrial: UnixSeconds | null = null;
  let trialEnd: UnixSeconds | null = null;
  for (const entry of timeline.entries) {
    const { trialStart } = entry.snapshot.state;
    if (trialStart !== null && (start === null || trialStart < start)) start = trialStart;
  }
  for (const entry of timeline.entries) {
    const { state } = entry.snapshot;
    // A later trial (a new trial_start) is another trial: its end is not this one's, or a trial
    // begun after the as-of day would stretch the first one across it.
    if (state.trialEnd !== null && (state.trialStart === null || state.trialStart === start)) trialEnd = state.trialEnd;
    if (state.status === 'trialing' && firstTrialing === null) firstTrialing = entry.from;
    if (state.status !== 'trialing' && firstTrialing !== null && leftTrial === null) leftTrial = entry.from;
  }
  const started = start ?? firstTrialing;
  if (started === null) return null;
  const ended = firstEnd(timeline, started) ?? timeline.entries.at(-1)!.snapshot.state.cancelAt;
  const end = trialEnd ?? leftTrial;
  return {
    startDay: dayNumberOf(started),
    trialEndDay: end === null ? null : dayNumberOf(end),
    endedDay: ended === null ? null : dayNumberOf(ended),
  };
}

/** When the subscription first ended at or after `since`: its `ended_at`, else the moment it was seen gone. */
function firstEnd(timeline: SubscriptionTimeline, since: UnixSeconds): UnixSeconds | null {
  for (const entry of timeline.entries) {
    const { state } = entry.snapshot;
    const gone = state.status === 'canceled' || state.status === 'incomplete_expired';
    if (state.endedAt !== null && state.endedAt >= since) return state.endedAt;
    if (gone && entry.from >= since) return entry.from;
  }
  return null;
}
