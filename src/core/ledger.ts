// The customer ledger: one row per customer, UTC day and currency on which the customer's
// end-of-day MRR changed, classified as a movement.
//
// Responsible for: evaluating end-of-day MRR only on days with a boundary (jumping over idle
// periods), netting changes within a day, classifying movements on the customer's total MRR
// (new / reactivation / churn / expansion / contraction), naming the cause of each row, and
// recording what became of each trial. For every customer and currency the deltas of the rows
// sum exactly to the change in end-of-day MRR.
import { dayFromNumber, endOfDayNumber } from './dates.js';
import { presetRules } from './presets.js';
import { isPayingAt, preparedMrrAt } from './subscription-mrr.js';
import { boundaryDays, buildTimelines } from './subscription-timeline.js';
import { trialFactsOf, type TrialFacts } from './trial-facts.js';
import type { SubscriptionTimeline, TimelineEntry } from './subscription-timeline.js';
import type {
  CurrencyCode,
  LedgerEntry,
  MovementKind,
  PresetName,
  SubscriptionSnapshot,
  TrialRecord,
  UnixSeconds,
} from './types.js';

export type CustomerLedger = { entries: LedgerEntry[]; trials: TrialRecord[] };

export type CustomerLedgerOptions = { preset: PresetName; until: UnixSeconds };

/** Where one subscription stands at the last evaluated day end. */
type Cursor = {
  readonly timeline: SubscriptionTimeline;
  index: number;
  mrr: number;
  currency: CurrencyCode | null;
  trial: TrialFacts | null;
  convertedDay: number | null;
};

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isLater(a: TimelineEntry, b: TimelineEntry): boolean {
  return a.from > b.from || (a.from === b.from && a.snapshot.eventId > b.snapshot.eventId);
}

/** Moves the cursor to the entry in force at `t` and returns it. */
function advance(cursor: Cursor, t: UnixSeconds): TimelineEntry {
  const { entries } = cursor.timeline;
  while (cursor.index + 1 < entries.length && entries[cursor.index + 1]!.from <= t) cursor.index += 1;
  return entries[cursor.index]!;
}

function movementFor(wasPaying: boolean, nowPaying: boolean, everPaid: boolean, delta: number): MovementKind {
  if (!wasPaying) return everPaid ? 'reactivation' : 'new';
  if (!nowPaying) return 'churn';
  return delta > 0 ? 'expansion' : 'contraction';
}

/**
 * The ledger of ONE customer from all snapshots of all its subscriptions. A pure function of the
 * set of snapshots: input order and exact duplicates (same eventId) do not matter. Days are
 * evaluated at their last second, or at `until` for the day containing it.
 */
export function buildCustomerLedger(
  snapshots: readonly SubscriptionSnapshot[],
  options: CustomerLedgerOptions,
): CustomerLedger {
  const rules = presetRules(options.preset);
  const { until } = options;
  const timelines = buildTimelines(snapshots, rules, until);
  if (timelines.length === 0) return { entries: [], trials: [] };
  const customerId = timelines[0]!.entries[0]!.snapshot.state.customerId;
  for (const timeline of timelines) {
    for (const entry of timeline.entries) {
      if (entry.snapshot.state.customerId !== customerId) {
        throw new RangeError(`snapshots of several customers: "${customerId}" and "${entry.snapshot.state.customerId}"`);
      }
    }
  }

  const cursors: Cursor[] = timelines.map((timeline) => ({
    timeline,
    index: -1,
    mrr: 0,
    currency: null,
    trial: trialFactsOf(timeline),
    convertedDay: null,
  }));
  const totals = new Map<CurrencyCode, number>();
  let positiveCurrencies = 0;
  let everPaid = false;
  const entries: LedgerEntry[] = [];

  const addToTotal = (currency: CurrencyCode, amount: number): void => {
    const before = totals.get(currency) ?? 0;
    const after = before + amount;
    totals.set(currency, after);
    positiveCurrencies += (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
  };

  for (const [day, touched] of boundaryDays(cursors, until)) {
    const t = Math.min(endOfDayNumber(day), until);
    const wasPaying = positiveCurrencies > 0;
    const before = new Map<CurrencyCode, number>();
    const causes = new Map<CurrencyCode, TimelineEntry>();
    for (const i of touched) {
      const cursor = cursors[i]!;
      const entry = advance(cursor, t);
      const { state } = entry.snapshot;
      const mrr = preparedMrrAt(entry.prepared, t, entry.history);
      if (cursor.trial !== null && cursor.convertedDay === null && day >= cursor.trial.startDay) {
        if (isPayingAt(state, t, rules, entry.history)) cursor.convertedDay = day;
      }
      if (mrr === cursor.mrr && state.currency === cursor.currency) continue;
      for (const currency of [cursor.currency, state.currency]) {
        if (currency === null) continue;
        if (!before.has(currency)) before.set(currency, totals.get(currency) ?? 0);
        const cause = causes.get(currency);
        if (!cause || isLater(entry, cause)) causes.set(currency, entry);
      }
      if (cursor.currency !== null) addToTotal(cursor.currency, -cursor.mrr);
      addToTotal(state.currency, mrr);
      cursor.mrr = mrr;
      cursor.currency = state.currency;
    }
    const changed = [...before.keys()].filter((c) => totals.get(c) !== before.get(c)).sort(compareStrings);
    if (changed.length === 0) continue;
    const nowPaying = positiveCurrencies > 0;
    const dayString = dayFromNumber(day);
    for (const currency of changed) {
      const mrr = totals.get(currency)!;
      const delta = mrr - before.get(currency)!;
      entries.push({
        customerId,
        day: dayString,
        currency,
        mrr,
        delta,
        movement: movementFor(wasPaying, nowPaying, everPaid, delta),
        causeEventId: causes.get(currency)!.snapshot.eventId,
      });
    }
    if (nowPaying) everPaid = true;
  }

  const trials: TrialRecord[] = cursors.flatMap(({ timeline, trial, convertedDay }) =>
    trial === null
      ? []
      : [{
          subscriptionId: timeline.subscriptionId,
          customerId,
          startedDay: dayFromNumber(trial.startDay),
          convertedDay: convertedDay === null ? null : dayFromNumber(convertedDay),
          trialEndDay: trial.trialEndDay === null ? null : dayFromNumber(trial.trialEndDay),
          endedDay: trial.endedDay === null ? null : dayFromNumber(trial.endedDay),
        }],
  );
  return { entries, trials };
}
