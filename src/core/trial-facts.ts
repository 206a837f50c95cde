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
  /** Day number the subscription ended or is scheduled to end (`ended_at`, else the moment it was
   *  seen `canceled`/`incomplete_expired`, else a scheduled `cancel_at`); null while it goes on. */
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
  const last = timeline.entries.at(-1)!;
  const { state } = last.snapshot;
  const gone = state.status === 'canceled' || state.status === 'incomplete_expired' ? last.from : null;
  const ended = state.endedAt ?? gone ?? state.cancelAt;
  const end = trialEnd ?? leftTrial;
  return {
    startDay: dayNumberOf(started),
    trialEndDay: end === null ? null : dayNumberOf(end),
    endedDay: ended === null ? null : dayNumberOf(ended),
  };
}
