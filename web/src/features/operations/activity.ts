// The live activity feed: live messages turned into one line each (signups, trials, upgrades,
// downgrades, payments, failures, churn) and kept newest first. A paid signup arrives as two
// messages (new_signup and the "new" MRR movement) and a churn as two (the movement and the
// churn alert): each pair becomes one line. Pure; the cache wiring is in app/live-sync.ts.
import * as z from 'zod/mini';
import type { LiveEnvelope } from '../live/live-message.js';

export type ActivityKind = 'signup' | 'trial' | 'new' | 'upgrade' | 'downgrade' | 'reactivation' | 'payment' | 'failure' | 'churn' | 'cancellation';

export type ActivityItem = {
  id: string;
  seq: number | null;
  at: string;
  kind: ActivityKind;
  customerId: string | null;
  name: string | null;
  currency: string | null;
  /** Minor units of `currency`: the MRR change, the payment, or the MRR lost. */
  amount: number | null;
  detail: string | null;
  /** Lines with the same key describe one happening and are merged. */
  mergeKey: string | null;
};

export const ACTIVITY_LABELS: Record<ActivityKind, string> = {
  signup: 'Signed up',
  trial: 'Started a trial',
  new: 'Started paying',
  upgrade: 'Upgraded',
  downgrade: 'Downgraded',
  reactivation: 'Came back',
  payment: 'Payment received',
  failure: 'Payment failed',
  churn: 'Churned',
  cancellation: 'Scheduled a cancellation',
};

export const MAX_ACTIVITY = 60;

const str = z.nullable(z.string());
const signup = z.object({ customerId: z.string(), name: str, day: z.string(), status: z.string(), currency: str, mrr: z.int(), planName: z.optional(str) });
const changed = z.object({ customerId: z.string(), day: z.string(), movement: z.string(), currency: z.string(), amount: z.int(), eventId: z.string() });
const paid = z.object({ paymentId: z.string(), customerId: str, currency: z.string(), amount: z.int(), failureCode: z.optional(str), declineCode: z.optional(str) });
const churn = z.object({ customerId: z.string(), name: str, reason: z.string(), currency: str, mrr: z.int(), planName: z.optional(str) });

const MOVEMENT_KIND: Record<string, ActivityKind | undefined> = { new: 'new', expansion: 'upgrade', contraction: 'downgrade', reactivation: 'reactivation' };

/** The feed line of a live message; null for messages that are not activity. */
export function activityFrom(message: LiveEnvelope): ActivityItem | null {
  const at = message.at;
  if (!at) return null;
  const base = { seq: message.seq, at, id: `${message.type}:${message.seq ?? at}` };
  const day = at.slice(0, 10);
  switch (message.type) {
    case 'new_signup': {
      const p = signup.safeParse(message.data);
      if (!p.success) return null;
      const d = p.data;
      const trial = d.status === 'trialing';
      return { ...base, kind: trial ? 'trial' : 'signup', customerId: d.customerId, name: d.name, currency: d.currency, amount: d.mrr > 0 ? d.mrr : null, detail: d.planName ?? null, mergeKey: trial ? null : `start:${d.customerId}:${d.day}` };
    }
    case 'subscription_changed': {
      const p = changed.safeParse(message.data);
      if (!p.success) return null;
      const d = p.data;
      if (d.movement === 'churn') return { ...base, kind: 'churn', customerId: d.customerId, name: null, currency: d.currency, amount: -d.amount, detail: null, mergeKey: `churn:${d.customerId}:${d.day}` };
      const kind = MOVEMENT_KIND[d.movement];
      if (!kind) return null;
      return { ...base, kind, customerId: d.customerId, name: null, currency: d.currency, amount: d.amount, detail: null, mergeKey: kind === 'new' ? `start:${d.customerId}:${d.day}` : null };
    }
    case 'payment_received':
    case 'payment_failed': {
      const p = paid.safeParse(message.data);
      if (!p.success) return null;
      const d = p.data;
      const failed = message.type === 'payment_failed';
      return { ...base, kind: failed ? 'failure' : 'payment', customerId: d.customerId, name: null, currency: d.currency, amount: d.amount, detail: failed ? (d.declineCode ?? d.failureCode ?? null) : null, mergeKey: null };
    }
    case 'churn_alert': {
      const p = churn.safeParse(message.data);
      if (!p.success) return null;
      const d = p.data;
      const churned = d.reason === 'churned';
      return { ...base, kind: churned ? 'churn' : 'cancellation', customerId: d.customerId, name: d.name, currency: d.currency, amount: d.mrr, detail: d.planName ?? null, mergeKey: churned ? `churn:${d.customerId}:${day}` : null };
    }
    default:
      return null;
  }
}

/** Which of two lines of one happening gives the merged line its kind. */
const PREFERRED: Partial<Record<ActivityKind, number>> = { signup: 2, new: 1, churn: 1 };

function merge(a: ActivityItem, b: ActivityItem): ActivityItem {
  const [first, second] = (PREFERRED[b.kind] ?? 0) > (PREFERRED[a.kind] ?? 0) ? [b, a] : [a, b];
  return {
    ...first,
    name: first.name ?? second.name,
    amount: first.amount ?? second.amount,
    currency: first.currency ?? second.currency,
    detail: first.detail ?? second.detail,
    seq: Math.max(a.seq ?? -1, b.seq ?? -1) >= 0 ? Math.max(a.seq ?? -1, b.seq ?? -1) : null,
    at: a.at > b.at ? a.at : b.at,
  };
}

/** The feed with `item` added: merged with its pair, a repeat ignored, newest first, capped. */
export function addActivity(items: readonly ActivityItem[], item: ActivityItem, max = MAX_ACTIVITY): ActivityItem[] {
  if (items.some((i) => i.id === item.id)) return items as ActivityItem[];
  const known = item.name ?? items.find((i) => i.customerId !== null && i.customerId === item.customerId && i.name)?.name ?? null;
  let next = { ...item, name: known };
  const rest: ActivityItem[] = [];
  for (const existing of items) {
    if (next.mergeKey !== null && existing.mergeKey === next.mergeKey) next = { ...merge(existing, next), id: existing.id };
    else rest.push(existing.customerId === next.customerId && !existing.name && known ? { ...existing, name: known } : existing);
  }
  return [next, ...rest].sort(newestFirst).slice(0, max);
}

function newestFirst(a: ActivityItem, b: ActivityItem): number {
  if (a.seq !== null && b.seq !== null && a.seq !== b.seq) return b.seq - a.seq;
  return b.at.localeCompare(a.at);
}

export function activityKey(workspaceId: string): readonly ['activity', string] {
  return ['activity', workspaceId];
}
