// Support tickets and NPS/CSAT responses: the lists (GET /v1/support/tickets, GET
// /v1/surveys/responses, filterable by customer, a page at a time, as of an instant) and what a
// write answers (POST /v1/support/tickets, POST /v1/surveys/responses, the CSV imports). The route
// serialises with these and the customer page parses with them.
import * as z from 'zod/mini';
import { count, day, timestamp } from '../contract-common.js';

export const TICKET_STATUSES = ['open', 'pending', 'closed'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const SURVEY_KINDS = ['nps', 'csat'] as const;
export const SIGNAL_SOURCES = ['api', 'csv', 'demo'] as const;
/** How a ticket or response was tied to a billing customer (see docs/support-import.md). */
export const MATCH_RULES = ['customer_id', 'email', 'email_domain', 'account'] as const;

export const ticketStatus = z.enum(TICKET_STATUSES);
export const ticketPriority = z.enum(TICKET_PRIORITIES);
export const surveyKind = z.enum(SURVEY_KINDS);
export type TicketStatusName = z.infer<typeof ticketStatus>;
export type TicketPriorityName = z.infer<typeof ticketPriority>;
export type SurveyKindName = z.infer<typeof surveyKind>;
export type MatchRule = (typeof MATCH_RULES)[number];

export const supportTicket = z.object({
  id: z.string(),
  customerId: z.nullable(z.string()).check(z.describe('The billing customer it was matched to; null: unmatched')),
  accountId: z.nullable(z.string()),
  email: z.nullable(z.string()),
  subject: z.nullable(z.string()),
  status: ticketStatus.check(z.describe('As it stood at the as-of instant: a ticket closed after it reads as open')),
  priority: ticketPriority,
  openedAt: timestamp,
  firstResponseAt: z.nullable(timestamp),
  closedAt: z.nullable(timestamp),
  satisfaction: z.nullable(z.int().check(z.minimum(1), z.maximum(5))),
  source: z.enum(SIGNAL_SOURCES),
  updatedAt: timestamp,
});
export type SupportTicket = z.infer<typeof supportTicket>;

export const ticketSummary = z.object({
  open: count.check(z.describe('Open or pending at the as-of instant')),
  openUrgent: count.check(z.describe('Of those, high or urgent priority')),
  opened30d: count.check(z.describe('Opened in the 30 days ending on the as-of day')),
  medianFirstResponseHours: z.nullable(z.number()).check(z.describe('Over tickets opened in the last 90 days and answered by the as-of instant')),
  satisfactionAvg: z.nullable(z.number()).check(z.describe('1–5, over tickets closed in the last 90 days with a rating')),
});
export type TicketSummary = z.infer<typeof ticketSummary>;

export const ticketListResponse = z.object({
  asOf: timestamp,
  data: z.array(supportTicket).check(z.describe('Newest opened first')),
  nextCursor: z.nullable(z.string()),
  total: count.check(z.describe('How many tickets match the filters, on every page')),
  summary: ticketSummary,
});
export type TicketListResponse = z.infer<typeof ticketListResponse>;

export const surveyResponseItem = z.object({
  id: z.string(),
  kind: surveyKind,
  customerId: z.nullable(z.string()),
  accountId: z.nullable(z.string()),
  email: z.nullable(z.string()),
  score: z.int().check(z.minimum(0), z.maximum(10)),
  comment: z.nullable(z.string()),
  respondedAt: timestamp,
  source: z.enum(SIGNAL_SOURCES),
  updatedAt: timestamp,
});
export type SurveyResponseItem = z.infer<typeof surveyResponseItem>;

export const npsSummary = z.object({
  responses: count,
  promoters: count.check(z.describe('Scores 9–10')),
  passives: count.check(z.describe('Scores 7–8')),
  detractors: count.check(z.describe('Scores 0–6')),
  score: z.nullable(z.int()).check(z.describe('NPS: % promoters − % detractors, −100…100, rounded; null with no response')),
});
export type NpsSummary = z.infer<typeof npsSummary>;

export const surveyListResponse = z.object({
  asOf: timestamp,
  data: z.array(surveyResponseItem).check(z.describe('Newest first')),
  nextCursor: z.nullable(z.string()),
  total: count,
  summary: z.object({
    nps: npsSummary.check(z.describe('Over the NPS responses matching the filters (a customer counts each response)')),
    csat: z.object({ responses: count, average: z.nullable(z.number()).check(z.describe('Mean CSAT score, 0–10')) }),
  }),
});
export type SurveyListResponse = z.infer<typeof surveyListResponse>;

/** What a write (API or import) did: rows created, changed, already identical, and how they matched. */
export const writeCounts = z.object({
  received: count,
  created: count,
  updated: count,
  unchanged: count,
  unmatched: count.check(z.describe('Stored with no billing customer (customerId null)')),
  matchedBy: z.object({ customer_id: count, email: count, email_domain: count, account: count }),
});
export type WriteCounts = z.infer<typeof writeCounts>;

export const importResponse = z.object({
  dryRun: z.boolean().check(z.describe('true: nothing was stored; the counts say what an import would do')),
  kind: z.enum(['tickets', 'survey-responses']),
  ...writeCounts.shape,
  from: z.nullable(day).check(z.describe('The earliest opened/responded day in the file')),
  to: z.nullable(day),
});
export type ImportResponse = z.infer<typeof importResponse>;
