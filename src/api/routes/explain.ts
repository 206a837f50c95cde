// GET /v1/explain: the customers (and their movements, plan shares or payments) behind any figure
// of the dashboard, summing exactly to it (src/read/explain). Parse, authorise, load, respond:
// JSON pages of lines (largest contribution first), or every line as CSV.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clampDay } from '../../read/clock.js';
import { explainResponse } from '../../read/explain/contract.js';
import { explanationPage, isCountMetric, isLevelMetric, loadExplanation } from '../../read/explain/load.js';
import { EXPLAIN_METRICS } from '../../read/registry.js';
import type { AppContext } from '../context.js';
import { flatten, type CsvMoney } from '../csv.js';
import { exportFormatOf, sendExport } from '../export.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { resolveWorkspace } from '../workspace-param.js';
import { asOfParam, currencyParam, dayParam, errors, formatParam, scoped } from '../schemas/common.js';
import { text } from '../text-schema.js';
import { reportingFx, requestAsOf, withFx } from './metrics-shared.js';

const explainQuery = z
  .object({
    ...scoped,
    metric: z.enum(EXPLAIN_METRICS),
    date: dayParam.optional().describe('mrr, customers, plan_mrr: the day whose end is read (default: the as-of day)'),
    from: dayParam.optional().describe('movements, counts, payments: first day (required)'),
    to: dayParam.optional().describe('movements, counts, payments: last day (default: the as-of day)'),
    plan: text(200).optional().describe('plan_mrr: the plan id, as GET /v1/metrics/by-plan names it (required)'),
    asOf: asOfParam,
    currency: currencyParam.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().max(1000).optional(),
    format: formatParam,
  })
  .superRefine((q, ctx) => {
    if (isLevelMetric(q.metric)) {
      if (q.from) ctx.addIssue({ code: 'custom', path: ['from'], message: `${q.metric} is a level at one day: use date` });
      if (q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `${q.metric} is a level at one day: use date` });
    } else {
      if (!q.from) ctx.addIssue({ code: 'custom', path: ['from'], message: `is required for ${q.metric}` });
      if (q.date) ctx.addIssue({ code: 'custom', path: ['date'], message: `${q.metric} is over a range: use from and to` });
      if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
    }
    if (q.metric === 'plan_mrr' && !q.plan) ctx.addIssue({ code: 'custom', path: ['plan'], message: 'is required for plan_mrr' });
    if (q.metric !== 'plan_mrr' && q.plan) ctx.addIssue({ code: 'custom', path: ['plan'], message: 'is only for plan_mrr' });
  });

/** A page position: |contribution|, customer id, currency (see pageOfLines). */
const cursorShape = z.object({ size: z.number().int().nonnegative(), customerId: z.string(), currency: z.string() });

const CSV_COLUMNS = ['customerId', 'name', 'currency', 'amount', 'reportingCurrency', 'reporting', 'days'];

export async function explainRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/v1/explain', {
    config: { access: 'metrics:read' },
    schema: { tags: ['metrics'], summary: 'The customers and movements that make up a figure', querystring: explainQuery, response: { 200: explainResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const asOf = requestAsOf(ctx, q);
    const after = decodeCursor(q.cursor, cursorShape);
    const to = clampDay((isLevelMetric(q.metric) ? q.date : q.to) ?? asOf.day, asOf);
    const fx = await reportingFx(ctx, workspace, q.currency);
    const explanation = await withFx(loadExplanation(ctx.store.db, workspace.id, { metric: q.metric, plan: q.plan ?? null, from: q.from ?? to, to, asOf, fx }));
    const format = exportFormatOf(request, q.format);
    if (format) {
      const money: CsvMoney | null = isCountMetric(q.metric) ? null : { currency: { column: 'currency' }, columns: ['amount'], native: { reporting: { column: 'reportingCurrency' } } };
      const rows = explanation.lines.map((line) => flatten({ ...line, reportingCurrency: explanation.currency, days: line.days.join(' ') }));
      return sendExport(ctx, request, reply, format, {
        filename: `explain-${q.metric}`, title: `What makes up ${q.metric.replace(/_/g, ' ')}`, rows, money, columns: CSV_COLUMNS, asOf,
        labels: { customerId: 'Customer ID', name: 'Customer', amount: 'Amount', reporting: `In ${explanation.currency.toUpperCase()}` },
        period: isLevelMetric(q.metric) ? { from: to, to } : { from: q.from ?? to, to },
      });
    }
    const { next, ...page } = explanationPage(explanation, q.limit, after);
    return { ...page, nextCursor: next ? encodeCursor(next) : null };
  });
}
