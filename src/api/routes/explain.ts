// GET /v1/explain: the customers and movements behind any figure of the dashboard, summing
// exactly to it (src/engine/explain.ts). Lines are paginated; the CSV has every line.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { explain, EXPLAIN_METRICS, LEVEL_METRICS } from '../../engine/explain.js';
import type { AppContext } from '../context.js';
import { flatten, sendCsv, wantsCsv } from '../csv.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { resolveWorkspace } from '../workspace-param.js';
import { currencyParam, dayParam, errors, formatParam, scoped } from '../schemas/common.js';
import { explainResponse } from '../schemas/customers.js';
import { reportingFx, today, withFx } from './metrics-shared.js';

const CSV_PAGE = 5000;
const explainQuery = z
  .object({
    ...scoped,
    metric: z.enum(EXPLAIN_METRICS),
    date: dayParam.optional().describe('mrr, customers: the day (default today)'),
    from: dayParam.optional().describe('movements and counts: first day (required)'),
    to: dayParam.optional().describe('movements and counts: last day (default today)'),
    currency: currencyParam.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().max(1000).optional(),
    format: formatParam,
  })
  .superRefine((q, ctx) => {
    if (LEVEL_METRICS.has(q.metric)) {
      if (q.from) ctx.addIssue({ code: 'custom', path: ['from'], message: `${q.metric} is a level at one day: use date` });
    } else {
      if (!q.from) ctx.addIssue({ code: 'custom', path: ['from'], message: `is required for ${q.metric}` });
      if (q.date) ctx.addIssue({ code: 'custom', path: ['date'], message: `${q.metric} is over a range: use from and to` });
      if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
    }
  });
const cursorShape = z.object({ customerId: z.string(), key: z.string() });

export async function explainRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/v1/explain', {
    config: { access: 'metrics:read' },
    schema: { tags: ['metrics'], summary: 'The customers and movements that make up a figure', querystring: explainQuery, response: { 200: explainResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const fx = await reportingFx(ctx, workspace, q.currency);
    const to = (LEVEL_METRICS.has(q.metric) ? q.date : q.to) ?? today(ctx);
    const base = { metric: q.metric, from: q.from ?? to, to, fx };
    if (wantsCsv(request, q.format)) {
      await withFx(explain(ctx.store.db, workspace.id, { ...base, limit: 1, cursor: null })); // a missing rate answers before the stream starts
      async function* rows() {
        let cursor = null;
        do {
          const page: Awaited<ReturnType<typeof explain>> = await explain(ctx.store.db, workspace.id, { ...base, limit: CSV_PAGE, cursor });
          for (const line of page.lines) yield flatten({ ...line, days: line.days.join(' ') });
          cursor = page.nextCursor;
        } while (cursor);
      }
      return sendCsv(ctx, request, reply, { filename: `explain-${q.metric}`, rows: rows(), columns: ['customerId', 'name', 'currency', 'amount', 'days'] });
    }
    const result = await withFx(explain(ctx.store.db, workspace.id, { ...base, limit: q.limit, cursor: decodeCursor(q.cursor, cursorShape) }));
    return { ...result, nextCursor: result.nextCursor ? encodeCursor(result.nextCursor) : null };
  });
}
