// The activity timeline of one customer: billing (the MRR ledger's movements as subscription
// started / changed / cancelled / reactivated, payments, refunds) and product and success events
// (usage per event and day — never thousands of single events —, tickets, survey responses),
// newest first, a page at a time, nothing after the as-of instant.
import type { Kysely } from 'kysely';
import { currencyExponent } from '../../core/currency.js';
import { minorToMajorText } from '../../core/money-text.js';
import type { Database } from '../../store/schema.js';
import type { AsOf } from '../clock.js';
import type { ActivityItem, ActivityKind } from './contract.js';
import { activityPage, customerExists, type ActivityCursor, type ActivityRow } from './query.js';

export type { ActivityCursor };

const num = (v: number | string | null) => (v === null ? 0 : Number(v));
const money = (minor: number, currency: string) => `${minorToMajorText(minor, currencyExponent(currency))} ${currency.toUpperCase()}`;
const count = (n: number) => n.toLocaleString('en-US');

const LEDGER: Record<string, { kind: ActivityKind; title: string }> = {
  new: { kind: 'subscription_started', title: 'Subscription started' },
  expansion: { kind: 'subscription_changed', title: 'Subscription changed: MRR up' },
  contraction: { kind: 'subscription_changed', title: 'Subscription changed: MRR down' },
  churn: { kind: 'subscription_cancelled', title: 'Subscription cancelled (churned)' },
  reactivation: { kind: 'subscription_reactivated', title: 'Subscription reactivated' },
};

function npsBand(score: number): string {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/** A timeline row as the API shows it (pure). */
export function activityItem(row: ActivityRow): ActivityItem {
  const at = row.at.toISOString();
  const base = { id: row.id, at, detail: null, amount: null };
  switch (row.source) {
    case 'ledger': {
      const l = LEDGER[row.label ?? ''] ?? { kind: 'subscription_changed' as const, title: 'Subscription changed' };
      const currency = row.currency!;
      return { ...base, kind: l.kind, title: l.title, detail: `MRR ${money(num(row.n2), currency)} → ${money(num(row.n1), currency)}`, amount: { value: num(row.amount), currency } };
    }
    case 'payment': {
      const failed = row.label === 'failed';
      return {
        ...base, kind: failed ? 'payment_failed' : 'payment_succeeded', title: failed ? 'Payment failed' : 'Payment succeeded',
        detail: failed && row.note ? `failure code ${row.note}` : null, amount: { value: num(row.amount), currency: row.currency! },
      };
    }
    case 'refund':
      return { ...base, kind: 'refund', title: 'Refund', detail: row.note ? `of payment ${row.note}` : null, amount: { value: -num(row.amount), currency: row.currency! } };
    case 'usage': {
      const event = row.label === '$page' ? 'page views' : row.label ?? '';
      const users = num(row.n2);
      return { ...base, kind: 'usage', title: `${count(num(row.n1))} events of ${event}`, detail: `${count(users)} ${users === 1 ? 'user' : 'users'}` };
    }
    case 'ticket_opened':
      return { ...base, kind: 'ticket_opened', title: row.label ? `Ticket opened: ${row.label}` : 'Ticket opened', detail: row.note ? `priority ${row.note}` : null };
    case 'ticket_closed':
      return { ...base, kind: 'ticket_closed', title: row.label ? `Ticket closed: ${row.label}` : 'Ticket closed', detail: row.n1 === null ? null : `satisfaction ${num(row.n1)}/5` };
    case 'survey': {
      const score = num(row.n1);
      return { ...base, kind: 'survey_response', title: row.label === 'csat' ? `CSAT ${score}/10` : `NPS ${score} (${npsBand(score)})`, detail: row.note };
    }
  }
}

/** One page of the timeline, or null when the workspace has no such customer. */
export async function loadActivity(
  db: Kysely<Database>, workspaceId: string, customerId: string, asOf: AsOf, before: ActivityCursor | null, limit: number,
): Promise<{ items: ActivityItem[]; next: ActivityCursor | null } | null> {
  if (!(await customerExists(db, workspaceId, customerId))) return null;
  const rows = await activityPage(db, workspaceId, customerId, asOf, before, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(activityItem), next: rows.length > limit && last ? { at: last.at, id: last.id } : null };
}
