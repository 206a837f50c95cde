// The support view: tickets and survey responses as they stood at the as-of instant (a ticket
// closed later reads as open, a response given later is not listed), a page at a time, with the
// summaries the customer page shows beside them (open tickets, response time, satisfaction, NPS).
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { AsOf } from '../clock.js';
import type { SupportTicket, SurveyListResponse, SurveyResponseItem, TicketListResponse } from './contract.js';
import { surveyCount, surveyPage, surveySummary, ticketCount, ticketPage, ticketSummary, type PageCursor, type SurveyFilters, type TicketFilters } from './query.js';

export type { PageCursor };

const DAY_MS = 86_400_000;
const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** NPS from its counts: % promoters − % detractors, rounded to a whole number; null with no response. */
export function npsScore(c: { responses: number; promoters: number; detractors: number }): number | null {
  return c.responses === 0 ? null : Math.round(((c.promoters - c.detractors) * 100) / c.responses);
}

type Page<T> = { items: T[]; next: PageCursor | null };

export async function loadTicketPage(
  db: Kysely<Database>, workspaceId: string, query: { customerId?: string; status?: TicketFilters['status']; limit: number; cursor: PageCursor | null }, asOf: AsOf,
): Promise<Omit<TicketListResponse, 'nextCursor'> & { next: PageCursor | null }> {
  const filters: TicketFilters = { at: asOf.at, ...(query.customerId !== undefined ? { customerId: query.customerId } : {}), ...(query.status ? { status: query.status } : {}) };
  const since30 = new Date(dayStart(asOf.day).getTime() - 29 * DAY_MS);
  const since90 = new Date(dayStart(asOf.day).getTime() - 89 * DAY_MS);
  const [page, total, summary] = await Promise.all([
    ticketPage(db, workspaceId, filters, query.limit, query.cursor),
    ticketCount(db, workspaceId, filters),
    ticketSummary(db, workspaceId, query.customerId, asOf.at, since30, since90),
  ]);
  const items: SupportTicket[] = page.rows.map((r) => {
    const closedYet = r.closed_at !== null && r.closed_at <= asOf.at;
    const answeredYet = r.first_response_at !== null && r.first_response_at <= asOf.at;
    return {
      id: r.ticket_id, customerId: r.customer_id, accountId: r.account_id, email: r.email, subject: r.subject,
      status: r.closed_at !== null && !closedYet ? 'open' : r.status, priority: r.priority,
      openedAt: r.opened_at.toISOString(), firstResponseAt: answeredYet ? iso(r.first_response_at) : null, closedAt: closedYet ? iso(r.closed_at) : null,
      satisfaction: r.closed_at !== null && !closedYet ? null : r.satisfaction, source: r.source, updatedAt: r.updated_at.toISOString(),
    };
  });
  const last = page.rows.at(-1);
  return { asOf: asOf.at.toISOString(), data: items, total, summary, next: page.more && last ? { t: last.opened_at.toISOString(), id: last.ticket_id } : null };
}

export async function loadSurveyPage(
  db: Kysely<Database>, workspaceId: string, query: { customerId?: string; kind?: SurveyFilters['kind']; limit: number; cursor: PageCursor | null }, asOf: AsOf,
): Promise<Omit<SurveyListResponse, 'nextCursor'> & { next: PageCursor | null }> {
  const base = { at: asOf.at, ...(query.customerId !== undefined ? { customerId: query.customerId } : {}) };
  const filters: SurveyFilters = { ...base, ...(query.kind ? { kind: query.kind } : {}) };
  const [page, total, summary] = await Promise.all([
    surveyPage(db, workspaceId, filters, query.limit, query.cursor),
    surveyCount(db, workspaceId, filters),
    surveySummary(db, workspaceId, base),
  ]);
  const items: SurveyResponseItem[] = page.rows.map((r) => ({
    id: r.response_id, kind: r.kind, customerId: r.customer_id, accountId: r.account_id, email: r.email, score: r.score, comment: r.comment,
    respondedAt: r.responded_at.toISOString(), source: r.source, updatedAt: r.updated_at.toISOString(),
  }));
  const last = page.rows.at(-1);
  return {
    asOf: asOf.at.toISOString(), data: items, total,
    summary: { nps: { ...summary.nps, score: npsScore(summary.nps) }, csat: summary.csat },
    next: page.more && last ? { t: last.responded_at.toISOString(), id: last.response_id } : null,
  };
}

export type { Page };
