// GET /v1/metrics/cohorts (retention by first-paid month and age) and
// GET /v1/metrics/cohorts/customers (the members behind one cell, summing to it). Each handler
// parses, authorises, calls the view's load function (src/read/cohorts) and responds with its contract.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveAsOf } from '../../read/clock.js';
import { COHORT_FX_DAYS, COHORT_KINDS, cohortCustomersResponse, cohortsResponse } from '../../read/cohorts/contract.js';
import { loadCohortCustomers, loadCohorts } from '../../read/cohorts/load.js';
import type { AppContext } from '../context.js';
import { resolveWorkspace } from '../workspace-param.js';
import { asOfParam, currencyParam, errors, formatParam, monthParam, scoped } from '../schemas/common.js';
import { answer, reportingFx, withFx } from './metrics-shared.js';
import { lastDayOfMonth } from '../../core/dates.js';

/** Headings of the cohort export's per-age columns: "M3 retention", "M3 customers" or "M3 MRR". */
function cohortLabels(kind: 'logo' | 'revenue', maxAge: number): Record<string, string> {
  const labels: Record<string, string> = { startMrr: 'MRR at start' };
  for (let age = 0; age <= maxAge; age++) {
    labels[`retention.${age}`] = `M${age} retention`;
    labels[`values.${age}`] = `M${age} ${kind === 'revenue' ? 'MRR' : 'customers'}`;
  }
  return labels;
}

const kind = z.enum(COHORT_KINDS).default('logo').describe('logo: paying customers; revenue: MRR');
const fxDay = z.enum(COHORT_FX_DAYS).default('month-end').describe('cohort-start: every age at the cohort month’s rate (constant currency)');

const cohortQuery = z
  .object({
    ...scoped,
    kind,
    from: monthParam.optional().describe('first cohort shown (default: the first with a customer)'),
    to: monthParam.optional().describe('last cohort shown (default and latest: the as-of month)'),
    maxAge: z.coerce.number().int().min(0).max(120).default(24).describe('oldest age shown, in months (M0 … MmaxAge)'),
    fxDay,
    asOf: asOfParam,
    currency: currencyParam.optional(),
    format: formatParam,
    table: z.enum(['cohorts', 'average']).default('cohorts').describe('Which table an export holds: the cohorts by age, or the average curve'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });

const cellQuery = z.object({
  ...scoped,
  kind,
  cohort: monthParam.describe('the cohort (first-paid month)'),
  age: z.coerce.number().int().min(0).max(120).describe('months since the cohort month (0: at the start)'),
  fxDay,
  asOf: asOfParam,
  currency: currencyParam.optional(),
  format: formatParam,
});

export async function metricsCohortRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const access = { access: 'metrics:read' } as const;

  r.get('/v1/metrics/cohorts', {
    config: access,
    schema: { tags: ['metrics'], summary: 'Monthly cohorts: logo or revenue retention by age (M0 = 100%)', querystring: cohortQuery, response: { 200: cohortsResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const fx = reportingFx(ctx, workspace, q.currency);
    const body = await withFx(loadCohorts(ctx.store.db, workspace.id, { kind: q.kind, from: q.from, to: q.to, maxAge: q.maxAge, fxDay: q.fxDay, asOf: resolveAsOf(q.asOf, ctx.now()), fx }));
    if (q.table === 'average') {
      return answer(ctx, request, reply, q.format, body, {
        filename: `retention-curve-${q.kind}`, title: q.kind === 'revenue' ? 'Average revenue retention curve' : 'Average logo retention curve', rows: body.average, money: null,
        columns: ['age', 'retention', 'cohorts', 'fewCohorts'], units: { retention: 'ratio' }, labels: { age: 'Months after the first payment', cohorts: 'Cohorts averaged', fewCohorts: 'Few cohorts' },
      });
    }
    const money = { currency: body.currency, columns: q.kind === 'revenue' ? ['startMrr', 'values.*'] : ['startMrr'] };
    return answer(ctx, request, reply, q.format, body, { filename: `cohorts-${q.kind}`, title: q.kind === 'revenue' ? 'Revenue retention by cohort' : 'Logo retention by cohort', rows: body.cohorts, money, units: { 'retention.*': 'ratio' }, labels: cohortLabels(q.kind, body.maxAge), ...(body.from && body.to ? { period: { from: `${body.from}-01`, to: body.day < lastDayOfMonth(body.to) ? body.day : lastDayOfMonth(body.to) } } : {}) });
  });

  r.get('/v1/metrics/cohorts/customers', {
    config: access,
    schema: { tags: ['metrics'], summary: 'The customers of one cohort cell, summing to it', querystring: cellQuery, response: { 200: cohortCustomersResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const fx = reportingFx(ctx, workspace, q.currency);
    const body = await withFx(loadCohortCustomers(ctx.store.db, workspace.id, { kind: q.kind, cohort: q.cohort, age: q.age, fxDay: q.fxDay, asOf: resolveAsOf(q.asOf, ctx.now()), fx }));
    const money = { currency: body.currency, columns: ['mrr'] };
    return answer(ctx, request, reply, q.format, body, { filename: `cohort-${q.cohort}-m${q.age}`, title: `Cohort ${q.cohort}, M${q.age}: customers`, rows: body.customers, money });
  });
}
