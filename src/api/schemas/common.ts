// Zod pieces shared by the metrics, customers, payments and explain routes: query parameters
// (validated, and documented in the OpenAPI spec) and response fragments.
import { z } from 'zod';
import { addDays, addMonths, firstDayOfMonth, GRANULARITIES, monthOf, periodStart, periodsBetween, dayToNumber, type Granularity } from '../../core/dates.js';
import type { Day } from '../../core/types.js';
import { idParam } from '../text-schema.js';

export const dayParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((d) => {
    try {
      dayToNumber(d);
      return true;
    } catch {
      return false;
    }
  }, 'must be a calendar day');
export const monthParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');
export const currencyParam = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter currency code')
  .transform((c) => c.toLowerCase());
export const granularityParam = z.enum(GRANULARITIES);
export const formatParam = z
  .enum(['json', 'csv', 'xlsx', 'pdf'])
  .optional()
  .describe('csv streams the rows as CSV, xlsx answers them as an Excel workbook, pdf as a PDF (or send Accept: text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/pdf); needs exports:create');
export const workspaceParam = idParam.optional().describe('The workspace (an API key may omit it: its own)');

/** `?asOf=`: the instant a read is taken at (ISO 8601; default now; later than now reads as now). */
export const asOfParam = z.iso.datetime({ offset: true }).optional().describe('Read the figures as of this instant (ISO 8601, default now): nothing dated after its day counts');

/** The query parameters every workspace route accepts. */
export const scoped = { workspace: workspaceParam };

export const rateValue = z.object({ value: z.number().nullable(), reason: z.string().optional() });
export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 422: errorBody };

/** Longest series a request may ask for (10 years of days). */
export const MAX_PERIODS = 3700;

const DEFAULT_SPAN: Readonly<Record<Granularity, number>> = { day: 30, week: 12, month: 12, quarter: 8, year: 5 };

/** The range of a series request: `to` defaults to today, `from` to a span that suits the
 *  granularity (30 days, 12 weeks, 12 months, 8 quarters, 5 years) ending with `to`'s period. */
export function resolveRange(query: { from?: Day; to?: Day }, granularity: Granularity, today: Day): { from: Day; to: Day } {
  const to = query.to ?? today;
  if (query.from) return { from: query.from, to };
  const span = DEFAULT_SPAN[granularity];
  const start = periodStart(to, granularity);
  switch (granularity) {
    case 'day':
      return { from: addDays(to, -(span - 1)), to };
    case 'week':
      return { from: addDays(start, -7 * (span - 1)), to };
    default: {
      const months = (span - 1) * (granularity === 'month' ? 1 : granularity === 'quarter' ? 3 : 12);
      return { from: firstDayOfMonth(addMonths(monthOf(start), -months)), to };
    }
  }
}

/** Refinement for queries with from/to/granularity: ordered, and not too many periods. */
export function rangeIssue(q: { from?: Day; to?: Day; granularity?: Granularity }): { path: string[]; message: string } | null {
  if (q.from && q.to && q.from > q.to) return { path: ['from'], message: 'must not be after to' };
  if (q.from && q.to && periodsBetween(q.from, q.to, q.granularity ?? 'day').length > MAX_PERIODS) {
    return { path: ['from'], message: `the range has more than ${MAX_PERIODS} periods: choose a coarser granularity` };
  }
  return null;
}

export function withRange<T extends z.ZodObject>(schema: T) {
  return schema.superRefine((q, ctx) => {
    const issue = rangeIssue(q as { from?: Day; to?: Day; granularity?: Granularity });
    if (issue) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });
}
