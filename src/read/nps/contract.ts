// GET /v1/success/nps: Net Promoter Score = % promoters (9–10) − % detractors (0–6) over the
// latest NPS response of each respondent in a period, per period and over the whole range, with
// the range just before for comparison. The route serialises with these; the screen parses them.
import * as z from 'zod/mini';
import { count, day } from '../contract-common.js';

export const npsFigure = z.object({
  responses: count.check(z.describe('Respondents counted: the latest response of each in the span')),
  promoters: count,
  passives: count,
  detractors: count,
  nps: z.nullable(z.number()).check(z.describe('−100 to 100; null when no response (see note)')),
  note: z.optional(z.string()),
});
export type NpsFigure = z.infer<typeof npsFigure>;

export const npsPeriod = z.extend(npsFigure, { period: z.string(), start: day, end: day });
export type NpsPeriod = z.infer<typeof npsPeriod>;

export const npsResponse = z.object({
  granularity: z.enum(['day', 'week', 'month', 'quarter', 'year']),
  from: day,
  to: day.check(z.describe('The last day counted: the requested end, or the as-of day when earlier')),
  current: npsFigure.check(z.describe('The whole range')),
  previous: z.extend(npsFigure, { from: day, to: day }).check(z.describe('The range of equal length just before')),
  periods: z.array(npsPeriod),
});
export type NpsResponse = z.infer<typeof npsResponse>;
