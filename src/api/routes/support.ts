// Support tickets and NPS/CSAT responses (issue 13): sent one at a time or in batches (ingest
// keys may send), imported from CSV with a dry run and line-numbered errors, and listed per
// customer as of an instant. Parse (zod, then the same record rules as the CSV), call, respond.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { SupportFileError } from '../../ingest/support/csv-file.js';
import { importSupportCsv, type ImportKind } from '../../ingest/support/import.js';
import { readSurvey, readTicket, type Fields, type Outcome } from '../../ingest/support/records.js';
import { writeSurveyResponses, writeTickets } from '../../ingest/support/write.js';
import { activityResponse } from '../../read/activity/contract.js';
import { loadActivity, type ActivityCursor } from '../../read/activity/load.js';
import { resolveAsOf } from '../../read/clock.js';
import { importResponse, surveyListResponse, SURVEY_KINDS, ticketListResponse, TICKET_PRIORITIES, TICKET_STATUSES, writeCounts } from '../../read/support/contract.js';
import { loadSurveyPage, loadTicketPage, type PageCursor } from '../../read/support/load.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { ApiError } from '../errors.js';
import { customerIdParam, text } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';
import { asOfParam, errors, formatParam, scoped } from '../schemas/common.js';
import { flatten } from '../csv.js';
import { everyPage, exportFormatOf, sendExport } from '../export.js';
import { TICKET_EXPORT, ticketRow } from './success-exports.js';

/** Most rows one API call may send. */
export const MAX_BATCH = 1000;
const BATCH_BODY = 4 * 1024 * 1024;
const FILE_LIMIT = 20 * 1024 * 1024;

const id = z.union([text(255), z.number().int().nonnegative()]).transform(String);
const maybe = (max: number) => text(max).nullable().optional();
const instant = z.string().max(64).describe('ISO 8601, YYYY-MM-DD HH:mm (UTC) or YYYY-MM-DD');

const ticketBody = z.strictObject({
  id,
  customerId: maybe(255).describe('billing customer id (matched first)'),
  email: maybe(320).describe('requester e-mail: matched to a customer exactly, else by its domain'),
  accountId: maybe(255).describe('product account id (matched last, through its linked customer)'),
  subject: maybe(500),
  status: z.enum(TICKET_STATUSES).optional().describe('default: closed when closedAt is given, else open'),
  priority: z.enum(TICKET_PRIORITIES).optional().describe('default: normal'),
  openedAt: instant,
  firstResponseAt: instant.nullable().optional(),
  closedAt: instant.nullable().optional(),
  satisfaction: z.number().int().min(1).max(5).nullable().optional(),
});

const surveyBody = z.strictObject({
  id,
  kind: z.enum(SURVEY_KINDS).optional().describe('default: nps'),
  score: z.number().int().min(0).max(10),
  comment: maybe(5000),
  respondedAt: instant,
  customerId: maybe(255),
  email: maybe(320),
  accountId: maybe(255),
});

const ticketBatch = z.strictObject({ tickets: z.array(ticketBody).min(1).max(MAX_BATCH) });
const surveyBatch = z.strictObject({ responses: z.array(surveyBody).min(1).max(MAX_BATCH) });
// One row or a batch. Checked in the handler, not as a union, so a problem names its field
// ("tickets.3.priority: …") instead of "input does not match any shape".
const ticketsBody = z.looseObject({}).describe('one ticket { id, openedAt, … } or { tickets: [...] } (up to 1,000)');
const surveysBody = z.looseObject({}).describe('one response { id, score, respondedAt, … } or { responses: [...] } (up to 1,000)');

function rowsOf<One extends z.ZodType, Many extends z.ZodType>(body: Record<string, unknown>, key: string, one: One, many: Many): { rows: Record<string, unknown>[]; wrapped: boolean } {
  if (key in body) return { rows: (many.parse(body) as Record<string, Record<string, unknown>[]>)[key]!, wrapped: true };
  return { rows: [one.parse(body) as Record<string, unknown>], wrapped: false };
}

const cursorShape = z.object({ t: z.iso.datetime(), id: z.string() });
const customerParam = text(255).optional().describe('a billing customer id: only its rows');
const pageParams = { limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(1000).optional() };
const ticketQuery = z.object({ ...scoped, customer: customerParam, status: z.enum(TICKET_STATUSES).optional(), ...pageParams, asOf: asOfParam, format: formatParam });
const surveyQuery = z.object({ ...scoped, customer: customerParam, kind: z.enum(SURVEY_KINDS).optional(), ...pageParams, asOf: asOfParam });
const activityCursor = z.object({ at: z.iso.datetime(), id: z.string() });
const activityQuery = z.object({
  ...scoped,
  before: z.string().max(1000).optional().describe('the nextBefore of the previous page, or an ISO 8601 instant: only items strictly before it'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  asOf: asOfParam,
});
const idParams = z.object({ id: customerIdParam });
const importQuery = z.object({ ...scoped, dryRun: z.enum(['true', 'false']).optional().describe('true: check and count, store nothing') });

/** JSON values as the text the record rules read (the same rules as a CSV cell). */
function asFields<F extends string>(body: Record<string, unknown>): Fields<F> {
  const values: Partial<Record<F, string>> = {};
  for (const [key, value] of Object.entries(body)) if (value !== null && value !== undefined) values[key as F] = String(value);
  return { values, name: (field) => field };
}

function recordsOf<T>(rows: readonly Record<string, unknown>[], wrapped: boolean, key: string, read: (f: Fields<never>) => Outcome<T>): T[] {
  const out: T[] = [];
  const problems: string[] = [];
  rows.forEach((row, i) => {
    const outcome = read(asFields(row));
    const where = wrapped ? `body.${key}.${i}` : 'body';
    if (outcome.ok) out.push(outcome.record);
    else problems.push(...outcome.problems.map((p) => `${where}: ${p}`));
  });
  if (problems.length > 0) throw new ApiError('RVP_VALIDATION', problems.slice(0, 20).join('; '));
  return out;
}

export async function supportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: FILE_LIMIT }, (_req, body, done) => done(null, body));

  r.post('/v1/support/tickets', {
    bodyLimit: BATCH_BODY,
    config: { access: 'signals:write' },
    schema: { tags: ['support'], summary: 'Send support tickets (one, or { tickets: [...] } up to 1,000); upserted by id', querystring: z.object(scoped), body: ticketsBody, response: { 200: writeCounts, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const { rows, wrapped } = rowsOf(request.body, 'tickets', ticketBody, ticketBatch);
    const records = recordsOf(rows, wrapped, 'tickets', readTicket as (f: Fields<never>) => ReturnType<typeof readTicket>);
    return writeTickets(db, workspace.id, records, { source: 'api', dryRun: false, now: ctx.now() });
  });

  r.post('/v1/surveys/responses', {
    bodyLimit: BATCH_BODY,
    config: { access: 'signals:write' },
    schema: { tags: ['support'], summary: 'Send NPS or CSAT responses (one, or { responses: [...] } up to 1,000); upserted by id', querystring: z.object(scoped), body: surveysBody, response: { 200: writeCounts, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const { rows, wrapped } = rowsOf(request.body, 'responses', surveyBody, surveyBatch);
    const records = recordsOf(rows, wrapped, 'responses', readSurvey as (f: Fields<never>) => ReturnType<typeof readSurvey>);
    return writeSurveyResponses(db, workspace.id, records, { source: 'api', dryRun: false, now: ctx.now() });
  });

  r.get('/v1/support/tickets', {
    config: { access: 'success:read' },
    schema: { tags: ['support'], summary: 'Support tickets, newest first, as of an instant', querystring: ticketQuery, response: { 200: ticketListResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const q = request.query;
    const asOf = resolveAsOf(q.asOf, ctx.now());
    const filters = { ...(q.customer !== undefined ? { customerId: q.customer } : {}), ...(q.status ? { status: q.status } : {}) };
    const format = exportFormatOf(request, q.format);
    if (format) {
      // Every ticket matching the filters, page by page.
      async function* rows() {
        for await (const ticket of everyPage((cursor: PageCursor | null) => loadTicketPage(db, workspace.id, { ...filters, limit: 200, cursor }, asOf).then((p) => ({ items: p.data, next: p.next })))) yield flatten(ticketRow(ticket));
      }
      return sendExport(ctx, request, reply, format, { ...TICKET_EXPORT, rows: rows(), asOf });
    }
    const page = await loadTicketPage(db, workspace.id, { ...filters, limit: q.limit, cursor: decodeCursor(q.cursor, cursorShape) }, asOf);
    const { next, ...rest } = page;
    return { ...rest, nextCursor: next ? encodeCursor(next) : null };
  });

  r.get('/v1/surveys/responses', {
    config: { access: 'success:read' },
    schema: { tags: ['support'], summary: 'NPS and CSAT responses, newest first, with the NPS and CSAT summary', querystring: surveyQuery, response: { 200: surveyListResponse, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const q = request.query;
    const page = await loadSurveyPage(db, workspace.id, {
      ...(q.customer !== undefined ? { customerId: q.customer } : {}), ...(q.kind ? { kind: q.kind } : {}), limit: q.limit, cursor: decodeCursor(q.cursor, cursorShape),
    }, resolveAsOf(q.asOf, ctx.now()));
    const { next, ...rest } = page;
    return { ...rest, nextCursor: next ? encodeCursor(next) : null };
  });

  r.get('/v1/customers/:id/activity', {
    config: { access: 'customers:read' },
    schema: {
      tags: ['customers'], summary: "A customer's activity timeline, newest first: billing (subscriptions, payments, refunds) and product (usage per day, tickets, surveys)",
      params: idParams, querystring: activityQuery, response: { 200: activityResponse, ...errors },
    },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const q = request.query;
    const asOf = resolveAsOf(q.asOf, ctx.now());
    const page = await loadActivity(db, workspace.id, request.params.id, asOf, beforeOf(q.before), q.limit);
    if (!page) throw new ApiError('RVP_CUSTOMER_NOT_FOUND', `No customer with id ${request.params.id} in this workspace.`);
    return { asOf: asOf.at.toISOString(), data: page.items, nextBefore: page.next ? encodeCursor({ at: page.next.at.toISOString(), id: page.next.id }) : null };
  });

  for (const kind of ['tickets', 'survey-responses'] as const satisfies readonly ImportKind[]) {
    r.post(`/v1/imports/${kind}`, {
      bodyLimit: FILE_LIMIT,
      config: { access: 'signals:write' },
      schema: { tags: ['support'], summary: `Import ${kind === 'tickets' ? 'support tickets' : 'NPS/CSAT responses'} from CSV (docs/support-import.md)`, querystring: importQuery, response: { 200: importResponse, ...errors } },
    }, async (request) => {
      const workspace = await resolveWorkspace(db, request);
      const dryRun = request.query.dryRun === 'true';
      const csv = csvText(request);
      let result;
      try {
        result = await importSupportCsv(db, workspace.id, kind, csv, { dryRun, now: ctx.now() });
      } catch (error) {
        if (error instanceof SupportFileError) throw new ApiError('RVP_IMPORT_FILE_INVALID', error.message);
        throw error;
      }
      if (!dryRun) {
        const { principal } = requireGrant(request);
        await recordAudit(db, {
          workspaceIds: [workspace.id], actor: actorOf(principal), action: kind === 'tickets' ? 'support.tickets_imported' : 'support.survey_responses_imported',
          target: { type: 'workspace', id: workspace.id, label: workspace.name },
          detail: { received: result.received, created: result.created, updated: result.updated, unchanged: result.unchanged, unmatched: result.unmatched },
          meta: requestMeta(request), at: ctx.now(),
        });
      }
      return result;
    });
  }
}

/** `before` as a position: an instant (everything strictly before it) or a page's nextBefore. */
function beforeOf(before: string | undefined): ActivityCursor | null {
  if (before === undefined) return null;
  if (z.iso.datetime({ offset: true }).safeParse(before).success) return { at: new Date(before), id: '' };
  const cursor = decodeCursor(before, activityCursor);
  return cursor && { at: new Date(cursor.at), id: cursor.id };
}

function csvText(request: FastifyRequest): string {
  const body = request.body;
  const csv = typeof body === 'string' ? body : (body as { csv?: unknown } | null)?.csv;
  if (typeof csv !== 'string' || csv.trim() === '') throw new ApiError('RVP_IMPORT_FILE_INVALID', 'Send the file as text/csv (or JSON { "csv": "…" }); the body is empty.');
  return csv;
}
