// The customer ledger broken down by plan: for one customer, a row per plan, currency and UTC
// day on which that plan's share of the end-of-day MRR changed.
//
// Responsible for: evaluating every subscription at exactly the day ends the customer ledger
// evaluates (src/core/ledger.ts: the same timelines and boundaries), splitting each
// subscription's MRR over its plans (plan-split.ts) and netting changes within a day. So for
// every currency and day, the plans' levels sum to the customer ledger's level (a property test
// checks it); a plan switch at the same price moves MRR between plans without a ledger row.
import { dayFromNumber, endOfDayNumber } from './dates.js';
import { splitMrrByPlan } from './plan-split.js';
import { presetRules } from './presets.js';
import { preparedMrrAt } from './subscription-mrr.js';
import { boundaryDays, buildTimelines, type SubscriptionTimeline } from './subscription-timeline.js';
import type { CurrencyCode, Day, PresetName, SubscriptionSnapshot, UnixSeconds } from './types.js';

export type PlanLedgerEntry = {
  customerId: string;
  planId: string;
  currency: CurrencyCode;
  day: Day;
  /** This plan's end-of-day MRR of the customer in `currency`, and its change that day. */
  mrr: number;
  delta: number;
};

export type PlanLedger = { entries: PlanLedgerEntry[]; names: Map<string, string> };

type Cursor = { timeline: SubscriptionTimeline; index: number; shares: Map<string, number> };

export function buildPlanLedger(
  snapshots: readonly SubscriptionSnapshot[],
  options: { preset: PresetName; until: UnixSeconds },
): PlanLedger {
  const rules = presetRules(options.preset);
  const { until } = options;
  const timelines = buildTimelines(snapshots, rules, until);
  const names = new Map<string, string>();
  if (timelines.length === 0) return { entries: [], names };
  const customerId = timelines[0]!.entries[0]!.snapshot.state.customerId;
  const cursors: Cursor[] = timelines.map((timeline) => ({ timeline, index: -1, shares: new Map() }));

  const totals = new Map<string, number>(); // `${planId}|${currency}`
  const entries: PlanLedgerEntry[] = [];
  for (const [day, touched] of boundaryDays(cursors, until)) {
    const t = Math.min(endOfDayNumber(day), until);
    const before = new Map<string, number>();
    const change = (key: string, amount: number) => {
      if (!before.has(key)) before.set(key, totals.get(key) ?? 0);
      totals.set(key, (totals.get(key) ?? 0) + amount);
    };
    for (const i of touched) {
      const cursor = cursors[i]!;
      const { entries: timelineEntries } = cursor.timeline;
      while (cursor.index + 1 < timelineEntries.length && timelineEntries[cursor.index + 1]!.from <= t) cursor.index += 1;
      const entry = timelineEntries[cursor.index]!;
      const { state } = entry.snapshot;
      const mrr = preparedMrrAt(entry.prepared, t, entry.history);
      const next = new Map<string, number>();
      for (const share of splitMrrByPlan(state.items, mrr)) {
        next.set(`${share.planId}|${state.currency}`, share.amount);
        names.set(share.planId, share.planName);
      }
      for (const [key, amount] of cursor.shares) change(key, -amount);
      for (const [key, amount] of next) change(key, amount);
      cursor.shares = next;
    }
    const dayString = dayFromNumber(day);
    for (const key of [...before.keys()].sort()) {
      const mrr = totals.get(key)!;
      const delta = mrr - before.get(key)!;
      if (delta === 0) continue;
      const bar = key.lastIndexOf('|');
      entries.push({ customerId, planId: key.slice(0, bar), currency: key.slice(bar + 1), day: dayString, mrr, delta });
    }
  }
  return { entries, names };
}

export type PlanDayTotals = { day: Day; planId: string; currency: CurrencyCode; mrrDelta: number; customersDelta: number };

/** Plan ledger rows summed per day, plan and currency; a customer counts for a plan while its
 *  MRR in that plan (all currencies) is above 0, on the plan's first currency of the day. */
export function planDayTotalsOf(entries: readonly PlanLedgerEntry[]): PlanDayTotals[] {
  const byKey = new Map<string, PlanDayTotals>();
  const at = (day: Day, planId: string, currency: CurrencyCode) => {
    const key = `${day}|${planId}|${currency}`;
    let totals = byKey.get(key);
    if (!totals) byKey.set(key, (totals = { day, planId, currency, mrrDelta: 0, customersDelta: 0 }));
    return totals;
  };
  const groups = new Map<string, PlanLedgerEntry[]>(); // day|customer|plan → rows (one per currency)
  for (const e of entries) {
    const key = `${e.day}|${e.customerId}|${e.planId}`;
    const rows = groups.get(key);
    if (rows) rows.push(e);
    else groups.set(key, [e]);
  }
  const levels = new Map<string, Map<CurrencyCode, number>>(); // customer|plan → currency → mrr
  for (const rows of [...groups.values()].sort((a, b) => (a[0]!.day < b[0]!.day ? -1 : a[0]!.day > b[0]!.day ? 1 : 0))) {
    const { customerId, planId, day } = rows[0]!;
    const key = `${customerId}|${planId}`;
    let byCurrency = levels.get(key);
    if (!byCurrency) levels.set(key, (byCurrency = new Map()));
    const wasPaying = [...byCurrency.values()].some((v) => v > 0);
    let first: CurrencyCode | null = null;
    for (const row of rows) {
      at(day, planId, row.currency).mrrDelta += row.delta;
      byCurrency.set(row.currency, row.mrr);
      if (first === null || row.currency < first) first = row.currency;
    }
    const nowPaying = [...byCurrency.values()].some((v) => v > 0);
    if (first !== null && nowPaying !== wasPaying) at(day, planId, first).customersDelta += nowPaying ? 1 : -1;
  }
  return [...byKey.values()];
}
