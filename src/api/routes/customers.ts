// GET /v1/customers (search, filters, sort, keyset pagination, CSV of the whole filtered list)
// and GET /v1/customers/:id (profile, subscriptions, invoices, payments, MRR timeline and every
// movement with the event that caused it). Parse, authorise, load (src/read/customers), respond.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveAsOf } from '../../read/clock.js';
import { CUSTOMER_SORTS, customerListResponse, customerResponse, type CustomerItem } from '../../read/customers/contract.js';
import { allCustomers, asOfProblem, loadCustomerPage, loadCustomerProfile, type CustomerFilters } from '../../read/customers/load.js';
import { minorToMajorText } from '../../core/money-text.js';
import { currencyExponent } from '../../core/currency.js';
import type { AppContext } from '../context.js';
import { amountsOf, flatten, type Amounts, type CsvMoney } from '../csv.js';
import { exportFormatOf, sendExport } from '../export.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { ApiError } from '../errors.js';
import { customerIdParam } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';
import { asOfParam, errors, formatParam, scoped } from '../schemas/common.js';
import { customerFilterParams, refineFilterParams, toCustomerFilters } from '../schemas/customers.js';


const listQuery = refineFilterParams(z.object({
  ...scoped,
  ...customerFilterParams,
  sort: z.enum(CUSTOMER_SORTS).default('-mrr').describe('mrr, name, signup, health (latest score; unscored first), risk (latest probability; unscored first); - for descending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  format: formatParam,
  amounts: z.enum(['major', 'minor']).optional().describe('CSV: amounts as decimals in major units (default) or integer minor units'),
  asOf: asOfParam,
}));

const cursorShape = z.object({ k: z.union([z.string(), z.number()]), id: z.string() });
const idParams = z.object({ id: customerIdParam });

export async function customerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/customers', {
    config: { access: 'customers:read' },
    schema: { tags: ['customers'], summary: 'Search, filter and sort customers', querystring: listQuery, response: { 200: customerListResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    readableAsOf(ctx, q.asOf);
    const filters: CustomerFilters = toCustomerFilters(q);
    const format = exportFormatOf(request, q.format);
    if (format) {
      // The whole filtered list, page by page. A workbook or a PDF holds the table's columns, with
      // MRR in minor units of each customer's currency (the renderers write it as money).
      const amounts = format === 'csv' ? amountsOf(request) : 'minor';
      async function* rows() {
        for await (const item of allCustomers(ctx.store.db, workspace, { filters, sort: q.sort }, ctx.now())) yield customerCsvRow(item, amounts);
      }
      return sendExport(ctx, request, reply, format, {
        filename: 'customers', title: 'Customers', rows: rows(), money: CUSTOMER_CSV_MONEY,
        columns: format === 'csv' ? CUSTOMER_CSV_COLUMNS : CUSTOMER_FILE_COLUMNS, units: { risk: 'ratio', health: 'score' }, labels: CUSTOMER_FILE_LABELS,
      });
    }
    const page = await loadCustomerPage(ctx.store.db, workspace, { filters, sort: q.sort, limit: q.limit, cursor: decodeCursor(q.cursor, cursorShape) }, ctx.now());
    return { data: page.items, nextCursor: page.next ? encodeCursor(page.next) : null, total: page.total };
  });

  r.get('/v1/customers/:id', {
    config: { access: 'customers:read' },
    schema: {
      tags: ['customers'], summary: 'One customer: profile, subscriptions, invoices, payments, MRR timeline, movements',
      params: idParams, querystring: z.object({ ...scoped, asOf: asOfParam }), response: { 200: customerResponse, ...errors },
    },
  }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const asOf = readableAsOf(ctx, request.query.asOf);
    const profile = await loadCustomerProfile(ctx.store.db, workspace, request.params.id, asOf, ctx.now());
    if (!profile) throw new ApiError('RVP_CUSTOMER_NOT_FOUND', `No customer with id ${request.params.id} in this workspace.`);
    return profile;
  });

  /** The as-of instant asked for; customers are read as they stand today (asOfProblem). */
  function readableAsOf(ctx: AppContext, requested: string | undefined) {
    const asOf = resolveAsOf(requested, ctx.now());
    const problem = asOfProblem(asOf, ctx.now());
    if (problem) throw new ApiError('RVP_VALIDATION', `querystring/asOf: ${problem}`);
    return asOf;
  }
}

/** The customers CSV's amounts: `mrr` in the row's own currency. */
const CUSTOMER_CSV_MONEY: CsvMoney = { currency: { column: 'currency' }, columns: ['mrr'] };

/** A customer as a CSV row. mrrByCurrency is one JSON cell (so every row has the same columns),
 *  its amounts written as the file's are: decimal text in major units, or minor units. */
export function customerCsvRow(item: CustomerItem, amounts: Amounts) {
  const byCurrency = Object.fromEntries(Object.entries(item.mrrByCurrency).map(([code, minor]) => [code, amounts === 'minor' ? minor : minorToMajorText(minor, currencyExponent(code))]));
  // Health and risk as one cell each (the score, the probability): the columns stay the same on every row.
  return flatten({ ...item, mrrByCurrency: JSON.stringify(byCurrency), health: item.health?.score ?? null, risk: item.risk?.probability ?? null });
}

/** The columns of the customers workbook and PDF: the customers table's, then health and risk. */
const CUSTOMER_FILE_COLUMNS: readonly string[] = ['name', 'email', 'id', 'planName', 'status', 'mrr', 'currency', 'country', 'signupDay', 'health', 'risk'] satisfies readonly (keyof CustomerItem)[];
const CUSTOMER_FILE_LABELS = { name: 'Customer', id: 'Customer ID', planName: 'Plan', mrr: 'MRR', signupDay: 'Signed up', health: 'Health', risk: 'Churn risk' };

/** The columns of the customers CSV, in order (every key of a customer). */
const CUSTOMER_CSV_COLUMNS: readonly string[] = [
  'id', 'name', 'email', 'country', 'status', 'currency', 'mrr', 'mrrByCurrency', 'planId', 'planName',
  'subscriptions', 'signupDay', 'firstPaidDay', 'cancelScheduled', 'createdAt', 'deleted', 'health', 'risk',
] satisfies readonly (keyof CustomerItem)[];
