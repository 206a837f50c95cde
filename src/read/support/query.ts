// The SQL of the support view: tickets and survey responses of a workspace (optionally one
// customer), newest first, a keyset page at a time, nothing dated after the as-of instant; and
// the summaries beside each list (open tickets, response times, satisfaction; NPS and CSAT).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { SurveyKind, TicketStatus } from '../../store/schema-success.js';

export type PageCursor = { t: string; id: string };

export type TicketFilters = { customerId?: string; status?: TicketStatus; at: Date };
export type SurveyFilters = { customerId?: string; kind?: SurveyKind; at: Date };

function ticketsMatching(db: Kysely<Database>, workspaceId: string, f: TicketFilters) {
  let q = db.selectFrom('support_tickets').where('workspace_id', '=', workspaceId).where('opened_at', '<=', f.at);
  if (f.customerId !== undefined) q = q.where('customer_id', '=', f.customerId);
  // The status at `at`: a ticket closed after it was still open then.
  if (f.status === 'closed') q = q.where('status', '=', 'closed').where('closed_at', '<=', f.at);
  else if (f.status === 'pending') q = q.where('status', '=', 'pending');
  else if (f.status === 'open') q = q.where((eb) => eb.or([eb('status', '=', 'open'), eb.and([eb('status', '=', 'closed'), eb('closed_at', '>', f.at)])]));
  return q;
}

export async function ticketPage(db: Kysely<Database>, workspaceId: string, f: TicketFilters, limit: number, cursor: PageCursor | null) {
  let q = ticketsMatching(db, workspaceId, f).selectAll();
  if (cursor) q = q.where(sql<boolean>`(opened_at, ticket_id) < (${new Date(cursor.t)}, ${cursor.id})`);
  const rows = await q.orderBy('opened_at', 'desc').orderBy('ticket_id', 'desc').limit(limit + 1).execute();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

export async function ticketCount(db: Kysely<Database>, workspaceId: string, f: TicketFilters): Promise<number> {
  const row = await ticketsMatching(db, workspaceId, f).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The figures beside the tickets list at `at`: open and urgent-open now, opened since `since30`,
 *  the median first response (hours) of tickets opened since `since90`, and the satisfaction of
 *  tickets closed since `since90`. */
export async function ticketSummary(db: Kysely<Database>, workspaceId: string, customerId: string | undefined, at: Date, since30: Date, since90: Date) {
  let q = db.selectFrom('support_tickets').where('workspace_id', '=', workspaceId).where('opened_at', '<=', at);
  if (customerId !== undefined) q = q.where('customer_id', '=', customerId);
  const open = sql<boolean>`(closed_at is null and status <> 'closed') or closed_at > ${at}`;
  const row = await q.select([
    sql<string | number>`count(*) filter (where ${open})`.as('open'),
    sql<string | number>`count(*) filter (where (${open}) and priority in ('high', 'urgent'))`.as('open_urgent'),
    sql<string | number>`count(*) filter (where opened_at >= ${since30})`.as('opened30d'),
    sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from (first_response_at - opened_at)) / 3600.0) filter (where opened_at >= ${since90} and first_response_at <= ${at})`.as('median_hours'),
    sql<number | null>`avg(satisfaction) filter (where closed_at >= ${since90} and closed_at <= ${at})`.as('satisfaction'),
  ]).executeTakeFirstOrThrow();
  return {
    open: Number(row.open),
    openUrgent: Number(row.open_urgent),
    opened30d: Number(row.opened30d),
    medianFirstResponseHours: row.median_hours === null ? null : Number(row.median_hours),
    satisfactionAvg: row.satisfaction === null ? null : Number(row.satisfaction),
  };
}

function surveysMatching(db: Kysely<Database>, workspaceId: string, f: SurveyFilters) {
  let q = db.selectFrom('survey_responses').where('workspace_id', '=', workspaceId).where('responded_at', '<=', f.at);
  if (f.customerId !== undefined) q = q.where('customer_id', '=', f.customerId);
  if (f.kind !== undefined) q = q.where('kind', '=', f.kind);
  return q;
}

export async function surveyPage(db: Kysely<Database>, workspaceId: string, f: SurveyFilters, limit: number, cursor: PageCursor | null) {
  let q = surveysMatching(db, workspaceId, f).selectAll();
  if (cursor) q = q.where(sql<boolean>`(responded_at, response_id) < (${new Date(cursor.t)}, ${cursor.id})`);
  const rows = await q.orderBy('responded_at', 'desc').orderBy('response_id', 'desc').limit(limit + 1).execute();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

export async function surveyCount(db: Kysely<Database>, workspaceId: string, f: SurveyFilters): Promise<number> {
  const row = await surveysMatching(db, workspaceId, f).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** NPS counts and the CSAT average over the responses matching the filters (kind aside). */
export async function surveySummary(db: Kysely<Database>, workspaceId: string, f: Omit<SurveyFilters, 'kind'>) {
  const row = await surveysMatching(db, workspaceId, f).select([
    sql<string | number>`count(*) filter (where kind = 'nps')`.as('nps'),
    sql<string | number>`count(*) filter (where kind = 'nps' and score >= 9)`.as('promoters'),
    sql<string | number>`count(*) filter (where kind = 'nps' and score between 7 and 8)`.as('passives'),
    sql<string | number>`count(*) filter (where kind = 'nps' and score <= 6)`.as('detractors'),
    sql<string | number>`count(*) filter (where kind = 'csat')`.as('csat'),
    sql<number | null>`avg(score) filter (where kind = 'csat')`.as('csat_avg'),
  ]).executeTakeFirstOrThrow();
  return {
    nps: { responses: Number(row.nps), promoters: Number(row.promoters), passives: Number(row.passives), detractors: Number(row.detractors) },
    csat: { responses: Number(row.csat), average: row.csat_avg === null ? null : Number(row.csat_avg) },
  };
}
