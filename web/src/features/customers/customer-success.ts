// The customer page's customer-success shaping: health components in the order of their weight,
// usage against limits with its warning level, and the activity timeline's pages as one list
// with a day heading wherever the day changes. Pure.
import type { ActivityItem, ActivityKind } from '@read/activity/contract.js';
import { BILLING_KINDS } from '@read/activity/contract.js';
import type { HealthComponent } from '@read/health/contract.js';
import type { LimitUsage } from '@read/limits/contract.js';

/** Components by weight (largest first); those without data last, still listed. */
export function componentRows(components: readonly HealthComponent[]): (HealthComponent & { missing: boolean })[] {
  return [...components].map((c) => ({ ...c, missing: c.value === null })).sort((a, b) => Number(a.missing) - Number(b.missing) || b.weight - a.weight);
}

export type LimitLevel = 'ok' | 'warning' | 'over';

/** ≥ 80% of a limit is a warning (the expansion rule's threshold); above 100%, over. */
export function limitLevel(ratio: number): LimitLevel {
  return ratio > 1 ? 'over' : ratio >= 0.8 ? 'warning' : 'ok';
}

export type LimitRow = LimitUsage & { label: string; level: LimitLevel; width: number };

export function limitRows(limits: readonly LimitUsage[]): LimitRow[] {
  return [...limits]
    .sort((a, b) => b.ratio - a.ratio)
    .map((l) => ({ ...l, label: l.metric === '$seats' ? 'Seats (active users, 30 days)' : l.metric, level: limitLevel(l.ratio), width: Math.min(100, Math.max(0, l.ratio * 100)) }));
}

export type TimelineEntry = ActivityItem & { side: 'billing' | 'product'; dayHeading: string | null };

/** Pages (newest first) as one list, duplicates across pages dropped, each item marked billing
 *  or product and the first item of each UTC day carrying the day. */
export function timelineEntries(pages: readonly { data: readonly ActivityItem[] }[]): TimelineEntry[] {
  const seen = new Set<string>();
  const out: TimelineEntry[] = [];
  let lastDay: string | null = null;
  for (const page of pages) {
    for (const item of page.data) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      const day = item.at.slice(0, 10);
      out.push({ ...item, side: isBilling(item.kind) ? 'billing' : 'product', dayHeading: day === lastDay ? null : day });
      lastDay = day;
    }
  }
  return out;
}

export function isBilling(kind: ActivityKind): boolean {
  return BILLING_KINDS.includes(kind);
}

export const ACTIVITY_ICONS: Readonly<Record<ActivityKind, string>> = {
  subscription_started: '＋',
  subscription_changed: '↕',
  subscription_cancelled: '×',
  subscription_reactivated: '↺',
  payment_succeeded: '✓',
  payment_failed: '!',
  refund: '↩',
  usage: '▤',
  ticket_opened: '✉',
  ticket_closed: '✔',
  survey_response: '★',
};
