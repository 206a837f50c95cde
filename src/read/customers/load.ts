// The customers view: the list (filtered, sorted, a page at a time or every page for the CSV) and
// one customer's profile — subscriptions as they stand at the as-of instant, invoices, payments,
// the MRR timeline and every movement with the provider event that caused it. Summaries whose
// scheduled change has come (a discount ending, a cancellation taking effect) are brought up to
// date before they are read. Customers are read as they stand at the as-of instant of today: the
// summaries are today's; a past day's figures are in the metrics and explain views.
import type { Kysely } from 'kysely';
import { subscriptionsAt } from '../../core/customer-state.js';
import { recomputeCustomers } from '../../engine/recompute.js';
import { loadResolvedSnapshots } from '../../engine/resolve-snapshots.js';
import { loadLedgerEntries } from '../../store/ledger-repo.js';
import { groupsOf } from '../../core/customer-identity.js';
import { customerSources, findLink, linksOfGroups } from '../../store/customer-identities-repo.js';
import type { Database } from '../../store/schema.js';
import type { Workspace } from '../../store/workspaces-repo.js';
import type { AsOf } from '../clock.js';
import type { CustomerItem, CustomerResponse } from './contract.js';
import { dueSummaries, eventsById, invoicesOf, countCustomerSummaries, listCustomerSummaries, paymentsOf, type CustomerCursor, type CustomerFilters, type CustomerSort } from './query.js';

export type { CustomerCursor, CustomerFilters, CustomerSort };

const REFRESH_LIMIT = 20_000;
const CSV_PAGE = 1000;

/** Recomputes the customers whose MRR changes on a day that has now come: their summaries were
 *  written before that day. */
export async function refreshDueSummaries(db: Kysely<Database>, workspace: Workspace, now: Date): Promise<number> {
  const due = await dueSummaries(db, workspace.id, now.toISOString().slice(0, 10), REFRESH_LIMIT);
  if (due.length > 0) await recomputeCustomers(db, workspace, due, now);
  return due.length;
}

/** The list reads today's summaries, with the health and risk scored on or before today. */
const dayOf = (now: Date) => now.toISOString().slice(0, 10);

/** Why an as-of instant cannot be read here, or null: the summaries hold today's customers. */
export function asOfProblem(asOf: AsOf, now: Date): string | null {
  const today = now.toISOString().slice(0, 10);
  return asOf.day < today ? `customers are read as they stand today (${today}); ${asOf.day} is in the past: use the metrics and explain views for a past day` : null;
}

export type CustomerPageQuery = { filters: CustomerFilters; sort: CustomerSort; limit: number; cursor: CustomerCursor | null };

/** One page of the list. */
export async function loadCustomerPage(db: Kysely<Database>, workspace: Workspace, query: CustomerPageQuery, now: Date): Promise<{ items: CustomerItem[]; next: CustomerCursor | null; total: number }> {
  await refreshDueSummaries(db, workspace, now);
  const day = dayOf(now);
  const [page, total] = await Promise.all([listCustomerSummaries(db, workspace.id, { ...query, day }), countCustomerSummaries(db, workspace.id, query.filters, day)]);
  return { ...page, total };
}

/** Every customer matching the filters, in order, a page at a time (the CSV export). */
export async function* allCustomers(db: Kysely<Database>, workspace: Workspace, query: Omit<CustomerPageQuery, 'limit' | 'cursor'>, now: Date): AsyncGenerator<CustomerItem> {
  await refreshDueSummaries(db, workspace, now);
  let cursor: CustomerCursor | null = null;
  do {
    const page: Awaited<ReturnType<typeof listCustomerSummaries>> = await listCustomerSummaries(db, workspace.id, { ...query, limit: CSV_PAGE, cursor, day: dayOf(now) });
    yield* page.items;
    cursor = page.next;
  } while (cursor);
}

const iso = (t: number | null) => (t === null ? null : new Date(t * 1000).toISOString());

/** One customer as of `asOf`: nothing dated after its instant (invoices, payments, events) or its
 *  day (ledger rows — the ledger already holds changes scheduled later) is listed. */
export async function loadCustomerProfile(db: Kysely<Database>, workspace: Workspace, customerId: string, asOf: AsOf, now: Date): Promise<CustomerResponse | null> {
  await refreshDueSummaries(db, workspace, now);
  // A linked customer is read as its canonical: its group's subscriptions, invoices and payments.
  const canonicalId = (await findLink(db, workspace.id, customerId))?.canonicalId ?? customerId;
  const page = await listCustomerSummaries(db, workspace.id, { filters: {}, sort: 'mrr', limit: 1, cursor: null, only: canonicalId, day: asOf.day });
  const customer = page.items[0];
  if (!customer) return null;
  const links = await linksOfGroups(db, workspace.id, [canonicalId]);
  const members = groupsOf([canonicalId], links).get(canonicalId) ?? [canonicalId];
  const rules = new Map(links.map((l) => [l.customerId, l.rule]));
  const [snapshots, entries, invoices, payments, sourcesOf] = await Promise.all([
    loadResolvedSnapshots(db, workspace.id, members),
    loadLedgerEntries(db, workspace.id, { customerIds: [canonicalId], until: asOf.day }),
    invoicesOf(db, workspace.id, members, asOf.at),
    paymentsOf(db, workspace.id, members, asOf.at),
    customerSources(db, workspace.id, members),
  ]);
  const events = await eventsById(db, workspace.id, [...new Set(entries.map((e) => e.causeEventId))]);
  const eventOf = new Map(events.map((e) => [e.event_id, e]));
  return {
    asOf: asOf.at.toISOString(),
    customer,
    subscriptions: subscriptionsAt(snapshots, { preset: workspace.preset, at: Math.floor(asOf.at.getTime() / 1000) }).map((s) => ({
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
    linked: members.slice(1).map((id) => ({ customerId: id, sourceId: sourcesOf.get(id)?.sourceId ?? null, rule: rules.get(id) ?? 'mapping' })),
    sources: [...new Set([...sourcesOf.values()].map((s) => s.sourceId))].sort(),
  };
}
