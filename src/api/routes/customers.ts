// GET /v1/customers (search, filters, sort, keyset pagination, CSV of the whole filtered list)
// and GET /v1/customers/:id (profile, subscriptions, invoices, payments, MRR timeline and every
// movement with the event that caused it).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { customerProfile, listCustomerSummaries, refreshDueSummaries } from '../../engine/customers.js';
import type { CustomerFilters, CustomerSort } from '../../store/customers-read-repo.js';
import type { AppContext } from '../context.js';
import { flatten, sendCsv, wantsCsv } from '../csv.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { ApiError } from '../errors.js';
import { text } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';
import { currencyParam, dayParam, errors, formatParam, scoped } from '../schemas/common.js';
import { customerItem, customerListResponse, customerResponse, customerStatus } from '../schemas/customers.js';

const SORTS = ['mrr', '-mrr', 'name', '-name', 'signup', '-signup'] as const satisfies readonly CustomerSort[];
const CSV_PAGE = 1000;

const listQuery = z
  .object({
    ...scoped,
    q: text(200).optional().describe('search in name, email and id'),
    plan: text(200).optional().describe('a plan id (product, else price)'),
    status: z.string().optional().transform((s, ctx) => {
      if (s === undefined) return undefined;
      const parts = s.split(',').map((p) => p.trim());
      const parsed = z.array(customerStatus).safeParse(parts);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: `must be one or more of ${customerStatus.options.join(', ')} (comma-separated)` });
        return z.NEVER;
      }
      return parsed.data;
    }).describe('comma-separated: active, past_due, trialing, churned, inactive'),
    currency: currencyParam.optional(),
    country: z.string().regex(/^[A-Za-z]{2}$/, 'must be a 2-letter country code').optional(),
    mrrMin: z.coerce.number().int().min(0).optional().describe('minor units of the reporting currency'),
    mrrMax: z.coerce.number().int().min(0).optional(),
    signupFrom: dayParam.optional(),
    signupTo: dayParam.optional(),
    sort: z.enum(SORTS).default('-mrr'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    format: formatParam,
  })
  .refine((q) => q.mrrMin === undefined || q.mrrMax === undefined || q.mrrMin <= q.mrrMax, { message: 'must not be above mrrMax', path: ['mrrMin'] })
  .refine((q) => !q.signupFrom || !q.signupTo || q.signupFrom <= q.signupTo, { message: 'must not be after signupTo', path: ['signupFrom'] });

const cursorShape = z.object({ k: z.union([z.string(), z.number()]), id: z.string() });
const idParams = z.object({ id: text(255).refine((id) => /^[\w-]+$/.test(id), 'must be an id') });

export async function customerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/customers', {
    config: { access: 'customers:read' },
    schema: { tags: ['customers'], summary: 'Search, filter and sort customers', querystring: listQuery, response: { 200: customerListResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    await refreshDueSummaries(ctx.store.db, workspace, ctx.now());
    const filters: CustomerFilters = {
      ...(q.q ? { q: q.q } : {}), ...(q.plan ? { planId: q.plan } : {}), ...(q.status ? { status: q.status } : {}),
      ...(q.currency ? { currency: q.currency } : {}), ...(q.country ? { country: q.country } : {}),
      ...(q.mrrMin !== undefined ? { mrrMin: q.mrrMin } : {}), ...(q.mrrMax !== undefined ? { mrrMax: q.mrrMax } : {}),
      ...(q.signupFrom ? { signupFrom: q.signupFrom } : {}), ...(q.signupTo ? { signupTo: q.signupTo } : {}),
    };
    if (wantsCsv(request, q.format)) {
      // The whole filtered list, page by page.
      async function* rows() {
        let cursor = null;
        do {
          const page: Awaited<ReturnType<typeof listCustomerSummaries>> = await listCustomerSummaries(ctx.store.db, workspace.id, { filters, sort: q.sort, limit: CSV_PAGE, cursor });
          for (const item of page.items) yield customerCsvRow(item);
          cursor = page.next;
        } while (cursor);
      }
      return sendCsv(ctx, request, reply, { filename: 'customers', rows: rows(), columns: Object.keys(customerCsvRow(customerItem.parse(EXAMPLE))) });
    }
    const page = await listCustomerSummaries(ctx.store.db, workspace.id, { filters, sort: q.sort, limit: q.limit, cursor: decodeCursor(q.cursor, cursorShape) });
    return { data: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  r.get('/v1/customers/:id', {
    config: { access: 'customers:read' },
    schema: { tags: ['customers'], summary: 'One customer: profile, subscriptions, invoices, payments, MRR timeline, movements', params: idParams, querystring: z.object(scoped), response: { 200: customerResponse, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    await refreshDueSummaries(ctx.store.db, workspace, ctx.now());
    const profile = await customerProfile(ctx.store.db, workspace, request.params.id, ctx.now());
    if (!profile) throw new ApiError('RVP_CUSTOMER_NOT_FOUND', `No customer with id ${request.params.id} in this workspace.`);
    return profile;
  });
}

/** A customer as a CSV row: mrrByCurrency is one JSON cell, so every row has the same columns. */
export function customerCsvRow(item: z.output<typeof customerItem>) {
  return flatten({ ...item, mrrByCurrency: JSON.stringify(item.mrrByCurrency) });
}

/** The columns of the customers CSV, in order. */
const EXAMPLE = {
  id: '', name: null, email: null, country: null, status: 'active', currency: null, mrr: 0, mrrByCurrency: {}, planId: null, planName: null,
  subscriptions: 0, signupDay: null, firstPaidDay: null, cancelScheduled: false, createdAt: null, deleted: false,
};
