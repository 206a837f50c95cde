// The customers API's engine side: keeping summaries whose scheduled change has come up to date
// before they are read, the list (customers-read-repo.ts), and one customer's full profile —
// subscriptions as they stand now, invoices, payments, the MRR timeline and every movement with
// the provider event that caused it.
import type { Kysely } from 'kysely';
import { subscriptionsAt, type SubscriptionNow } from '../core/customer-state.js';
import type { LedgerEntry } from '../core/types.js';
import { dueSummaries, listCustomerSummaries, type CustomerListItem } from '../store/customers-read-repo.js';
import { loadLedgerEntries } from '../store/ledger-repo.js';
import type { Database } from '../store/schema.js';
import type { Workspace } from '../store/workspaces-repo.js';
import { recomputeCustomers } from './recompute.js';
import { loadResolvedSnapshots } from './resolve-snapshots.js';
import { utcDay } from './summary.js';

const REFRESH_LIMIT = 20_000;

/** Recomputes the customers whose MRR changes on a day that has now come (a discount ending, a
 *  cancellation taking effect): their summaries were written before that day. */
export async function refreshDueSummaries(db: Kysely<Database>, workspace: Workspace, now: Date): Promise<number> {
  const due = await dueSummaries(db, workspace.id, utcDay(now), REFRESH_LIMIT);
  if (due.length > 0) await recomputeCustomers(db, workspace, due, now);
  return due.length;
}

export { listCustomerSummaries };

export type CustomerProfile = {
  customer: CustomerListItem;
  subscriptions: (Omit<SubscriptionNow, 'startDate' | 'trialEnd' | 'cancelAt' | 'canceledAt' | 'endedAt' | 'currentPeriodEnd' | 'since'> &
    Record<'startDate' | 'trialEnd' | 'cancelAt' | 'canceledAt' | 'endedAt' | 'currentPeriodEnd' | 'since', string | null>)[];
  invoices: { id: string; number: string | null; status: string | null; currency: string; total: number; amountPaid: number; subscriptionId: string | null; created: string }[];
  payments: {
    id: string; invoiceId: string | null; status: string; currency: string; amount: number; amountRefunded: number;
    failureCode: string | null; declineCode: string | null; created: string;
  }[];
  mrrTimeline: { day: string; currency: string; mrr: number }[];
  movements: { day: string; currency: string; movement: LedgerEntry['movement']; amount: number; mrr: number; eventId: string; eventType: string | null; eventAt: string | null }[];
};

const iso = (t: number | null) => (t === null ? null : new Date(t * 1000).toISOString());
const LIST_LIMIT = 100;

export async function customerProfile(db: Kysely<Database>, workspace: Workspace, customerId: string, now: Date): Promise<CustomerProfile | null> {
  const page = await listCustomerSummaries(db, workspace.id, { filters: {}, sort: 'mrr', limit: 1, cursor: null, only: customerId });
  const customer = page.items[0];
  if (!customer) return null;
  const [snapshots, entries, invoices, payments] = await Promise.all([
    loadResolvedSnapshots(db, workspace.id, [customerId]),
    loadLedgerEntries(db, workspace.id, { customerIds: [customerId], until: utcDay(now) }),
    db.selectFrom('invoices').select(['invoice_id', 'status', 'currency', 'total', 'amount_paid', 'subscription_id', 'created_at', 'record'])
      .where('workspace_id', '=', workspace.id).where('customer_id', '=', customerId).orderBy('created_at', 'desc').limit(LIST_LIMIT).execute(),
    db.selectFrom('payments').select(['payment_id', 'invoice_id', 'status', 'currency', 'amount', 'amount_refunded', 'failure_code', 'created_at', 'record'])
      .where('workspace_id', '=', workspace.id).where('customer_id', '=', customerId).orderBy('created_at', 'desc').limit(LIST_LIMIT).execute(),
  ]);
  const causes = [...new Set(entries.map((e) => e.causeEventId))];
  // By (workspace, source, event id): the raw events' primary key, one probe per source.
  const events = causes.length === 0 ? [] : await db.selectFrom('raw_events').select(['event_id', 'type', 'event_created'])
    .where('workspace_id', '=', workspace.id)
    .where('source_id', 'in', db.selectFrom('sources').select('source_id').where('workspace_id', '=', workspace.id))
    .where('event_id', 'in', causes).execute();
  const eventOf = new Map(events.map((e) => [e.event_id, e]));
  return {
    customer,
    subscriptions: subscriptionsAt(snapshots, { preset: workspace.preset, at: Math.floor(now.getTime() / 1000) }).map((s) => ({
      ...s,
      startDate: iso(s.startDate), trialEnd: iso(s.trialEnd), cancelAt: iso(s.cancelAt), canceledAt: iso(s.canceledAt),
      endedAt: iso(s.endedAt), currentPeriodEnd: iso(s.currentPeriodEnd), since: iso(s.since),
    })),
    invoices: invoices.map((i) => ({
      id: i.invoice_id, number: (i.record as { number?: string | null }).number ?? null, status: i.status, currency: i.currency,
      total: i.total, amountPaid: i.amount_paid, subscriptionId: i.subscription_id, created: new Date(i.created_at).toISOString(),
    })),
    payments: payments.map((p) => ({
      id: p.payment_id, invoiceId: p.invoice_id, status: p.status, currency: p.currency, amount: p.amount, amountRefunded: p.amount_refunded,
      failureCode: p.failure_code, declineCode: (p.record as { declineCode?: string | null }).declineCode ?? null, created: new Date(p.created_at).toISOString(),
    })),
    mrrTimeline: entries.map((e) => ({ day: e.day, currency: e.currency, mrr: e.mrr })),
    movements: entries.map((e) => {
      const event = eventOf.get(e.causeEventId);
      return {
        day: e.day, currency: e.currency, movement: e.movement, amount: e.delta, mrr: e.mrr, eventId: e.causeEventId,
        eventType: event?.type ?? null, eventAt: event ? new Date(event.event_created).toISOString() : null,
      };
    }),
  };
}
