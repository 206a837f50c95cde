// Storing tickets and survey responses (the API and the CSV import both end here): match each
// row to a billing customer, compare it with what is stored under its id, and upsert the new and
// changed rows in one transaction — or, on a dry run, only count what would happen. Re-sending
// the same rows changes nothing (counted as unchanged; updated_at is kept).
import type { Kysely } from 'kysely';
import type { WriteCounts } from '../../read/support/contract.js';
import type { Database } from '../../store/schema.js';
import type { SignalSource } from '../../store/schema-success.js';
import {
  customersByEmail, existingCustomerIds, linkedCustomersOfAccounts, soleCustomerByDomain, surveyResponsesById, ticketsById,
  upsertSurveyResponses, upsertTickets, type SurveyRow, type TicketRow,
} from '../../store/support-repo.js';
import { emailDomain, isPublicEmailDomain } from '../../core/email-domains.js';
import { matchCustomer, type MatchIndex, type MatchRuleName } from './match.js';
import type { Identity, SurveyRecord, TicketRecord } from './records.js';

export type WriteOptions = { source: SignalSource; dryRun: boolean; now: Date };

/** The lookups matching needs for these rows, loaded in a few queries. */
export async function loadMatchIndex(db: Kysely<Database>, workspaceId: string, rows: readonly Identity[]): Promise<MatchIndex> {
  const ids = rows.flatMap((r) => (r.customerId === null ? [] : [r.customerId]));
  const emails = rows.flatMap((r) => (r.email === null ? [] : [r.email.toLowerCase()]));
  const domains = emails.map(emailDomain).filter((d): d is string => d !== null && !isPublicEmailDomain(d));
  const accounts = rows.flatMap((r) => (r.accountId === null ? [] : [r.accountId]));
  // One after another: inside a transaction they share one connection.
  const customerIds = await existingCustomerIds(db, workspaceId, ids);
  const emailRows = await customersByEmail(db, workspaceId, emails);
  const byDomain = await soleCustomerByDomain(db, workspaceId, domains);
  const byAccount = await linkedCustomersOfAccounts(db, workspaceId, accounts);
  // Several customers with one address: one not deleted, then the most recently created, then the smallest id.
  const ranked = [...emailRows].sort((a, b) =>
    Number(a.deleted) - Number(b.deleted) || (b.created_at?.getTime() ?? 0) - (a.created_at?.getTime() ?? 0) || (a.customer_id < b.customer_id ? -1 : 1));
  const byEmail = new Map<string, string>();
  for (const r of ranked) if (!byEmail.has(r.email)) byEmail.set(r.email, r.customer_id);
  return { customerIds: new Set(customerIds), byEmail, byDomain, byAccount };
}

function emptyCounts(received: number): WriteCounts {
  return { received, created: 0, updated: 0, unchanged: 0, unmatched: 0, matchedBy: { customer_id: 0, email: 0, email_domain: 0, account: 0 } };
}

const sameTime = (a: Date | null, b: Date | null) => (a === null || b === null ? a === b : a.getTime() === b.getTime());

function sameTicket(a: TicketRow, b: TicketRow): boolean {
  return a.customer_id === b.customer_id && a.account_id === b.account_id && a.email === b.email && a.subject === b.subject
    && a.status === b.status && a.priority === b.priority && sameTime(a.opened_at, b.opened_at)
    && sameTime(a.first_response_at, b.first_response_at) && sameTime(a.closed_at, b.closed_at) && a.satisfaction === b.satisfaction;
}

function sameSurvey(a: SurveyRow, b: SurveyRow): boolean {
  return a.kind === b.kind && a.customer_id === b.customer_id && a.account_id === b.account_id && a.email === b.email
    && a.score === b.score && a.comment === b.comment && sameTime(a.responded_at, b.responded_at);
}

type Plan<Row> = { counts: WriteCounts; writes: Row[] };

/** Which rows are new, changed or identical, and how each matched (pure). */
export function planWrites<R extends Identity, Row>(
  records: readonly R[], index: MatchIndex, stored: ReadonlyMap<string, Row>,
  toRow: (record: R, customerId: string | null) => Row, idOf: (record: R) => string, same: (a: Row, b: Row) => boolean,
): Plan<Row> {
  const counts = emptyCounts(records.length);
  const writes: Row[] = [];
  // The last row of an id wins (a batch may send a ticket twice as it changes).
  const last = new Map<string, R>();
  for (const r of records) last.set(idOf(r), r);
  for (const record of last.values()) {
    const match = matchCustomer(record, index);
    if (match) counts.matchedBy[match.rule satisfies MatchRuleName] += 1;
    else counts.unmatched += 1;
    const row = toRow(record, match?.customerId ?? null);
    const before = stored.get(idOf(record));
    if (before === undefined) counts.created += 1;
    else if (same(before, row)) {
      counts.unchanged += 1;
      continue;
    } else counts.updated += 1;
    writes.push(row);
  }
  // Duplicates within the batch count as unchanged repeats of the row they repeat.
  counts.unchanged += records.length - last.size;
  return { counts, writes };
}

const ticketRow = (t: TicketRecord, customerId: string | null): TicketRow => ({
  ticket_id: t.id, customer_id: customerId, account_id: t.accountId, email: t.email, subject: t.subject, status: t.status, priority: t.priority,
  opened_at: t.openedAt, first_response_at: t.firstResponseAt, closed_at: t.closedAt, satisfaction: t.satisfaction,
});

const surveyRow = (s: SurveyRecord, customerId: string | null): SurveyRow => ({
  response_id: s.id, kind: s.kind, customer_id: customerId, account_id: s.accountId, email: s.email, score: s.score, comment: s.comment, responded_at: s.respondedAt,
});

export async function writeTickets(db: Kysely<Database>, workspaceId: string, records: readonly TicketRecord[], options: WriteOptions): Promise<WriteCounts> {
  return db.transaction().execute(async (trx) => {
    const index = await loadMatchIndex(trx, workspaceId, records);
    const stored = new Map((await ticketsById(trx, workspaceId, [...new Set(records.map((r) => r.id))])).map((r) => [r.ticket_id, r]));
    const plan = planWrites(records, index, stored, ticketRow, (r) => r.id, sameTicket);
    if (!options.dryRun && plan.writes.length > 0) await upsertTickets(trx, workspaceId, plan.writes, options.source, options.now);
    return plan.counts;
  });
}

export async function writeSurveyResponses(db: Kysely<Database>, workspaceId: string, records: readonly SurveyRecord[], options: WriteOptions): Promise<WriteCounts> {
  return db.transaction().execute(async (trx) => {
    const index = await loadMatchIndex(trx, workspaceId, records);
    const stored = new Map((await surveyResponsesById(trx, workspaceId, [...new Set(records.map((r) => r.id))])).map((r) => [r.response_id, r]));
    const plan = planWrites(records, index, stored, surveyRow, (r) => r.id, sameSurvey);
    if (!options.dryRun && plan.writes.length > 0) await upsertSurveyResponses(trx, workspaceId, plan.writes, options.source, options.now);
    return plan.counts;
  });
}
