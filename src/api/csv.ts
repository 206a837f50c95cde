// CSV export for every list and series: the same route, asked with `?format=csv` or
// `Accept: text/csv`, streams its rows as CSV (csv-stringify) instead of JSON — same filters,
// same figures. Nested fields become dotted columns (`movements.new`), arrays indexed ones
// (`logoRetention.3`), null an empty cell. Exporting needs the exports:create permission on top
// of the route's own, and every export is written to the workspace's audit log
// (action `data.exported`, as the authorisation hook does for export-only routes). Text cells that
// a spreadsheet would run as formulas are neutralised (`csvCast`, src/core/csv-cell.ts); numbers
// stay numbers.
import { Readable } from 'node:stream';
import { stringify, type Options as StringifyOptions } from 'csv-stringify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit, recordSecurityEvent } from '../accounts/security-log.js';
import type { AppContext } from './context.js';
import { ApiError } from './errors.js';
import { decide } from './auth/grant.js';
import { actorOf, requestMeta, requireGrant } from './auth/principal.js';
import { neutraliseFormula } from '../core/csv-cell.js';

export type Flat = Record<string, string | number | boolean | null>;

/** True when the caller asked for CSV: ?format=csv, or text/csv preferred in Accept. */
export function wantsCsv(request: FastifyRequest, format: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  const accept = request.headers.accept ?? '';
  return /(^|,)\s*text\/csv\b/i.test(accept) && !/(^|,)\s*application\/json\b/i.test(accept.split('text/csv')[0] ?? '');
}

/**
 * How every CSV the server writes turns values into cells (csv-stringify's `cast`, a fresh object
 * each time: csv-stringify fills in its defaults on it). Text is neutralised against formula
 * injection; numbers are written as they are, so a negative amount stays a number; booleans as
 * true/false, dates as ISO 8601, objects as JSON text (neutralised too), null as an empty cell.
 */
export function csvCast(): NonNullable<StringifyOptions['cast']> {
  return {
    string: (value) => neutraliseFormula(value),
    boolean: (value) => (value ? 'true' : 'false'),
    date: (value) => value.toISOString(),
    object: (value) => neutraliseFormula(JSON.stringify(value)),
  };
}

/** Nested objects and arrays as dotted columns. */
export function flatten(value: unknown, prefix = '', out: Flat = {}): Flat {
  if (value === null || value === undefined) {
    if (prefix) out[prefix] = null;
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => flatten(item, prefix ? `${prefix}.${i}` : String(i), out));
  } else if (typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) flatten(item, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out[prefix] = value instanceof Date ? value.toISOString() : (value as string | number | boolean);
  }
  return out;
}

/** Columns in first-seen order over all rows (rows need not share every optional field). */
export function columnsOf(rows: readonly Flat[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** Refuses an export to a caller whose role lacks exports:create (recorded like any denial). */
export async function authoriseExport(ctx: AppContext, request: FastifyRequest): Promise<void> {
  const { principal, workspace, role } = requireGrant(request);
  const decision = await decide(ctx.store.db, principal, { workspace, role }, 'exports:create');
  if (decision === 'allow') return;
  if (decision === 'totp_required') throw new ApiError('RVP_TOTP_REQUIRED');
  await recordSecurityEvent(ctx.store.db, {
    type: 'permission_denied',
    workspaceId: workspace.id,
    userId: principal.kind === 'user' ? principal.userId : null,
    subject: actorOf(principal).label,
    detail: { permission: 'exports:create', route: `${request.method} ${request.routeOptions.url ?? ''}` },
    meta: requestMeta(request),
    at: ctx.now(),
  });
  throw new ApiError('RVP_FORBIDDEN', 'Your role does not allow exports:create.');
}

/** THE export audit hook: one entry per CSV export, in the workspace's audit log. */
export async function auditExport(ctx: AppContext, request: FastifyRequest, rows: number | null): Promise<void> {
  const { principal, workspace } = requireGrant(request);
  await recordAudit(ctx.store.db, {
    workspaceIds: [workspace.id],
    actor: actorOf(principal),
    action: 'data.exported',
    target: { type: 'export', id: request.routeOptions.url ?? null, label: `${request.method} ${request.url.slice(0, 250)}` },
    detail: { format: 'csv', ...(rows === null ? {} : { rows }) },
    meta: requestMeta(request),
    at: ctx.now(),
  });
}

/**
 * Streams rows as CSV. `rows` may be an async generator (a list read page by page) — nothing is
 * held in memory beyond a page. With `columns` omitted they are taken from the rows (which are
 * then collected first: use it for series, which are small).
 */
export async function sendCsv(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  input: { filename: string; rows: Iterable<Flat> | AsyncIterable<Flat>; columns?: readonly string[] },
): Promise<FastifyReply> {
  await authoriseExport(ctx, request);
  let columns = input.columns;
  let rows = input.rows;
  if (!columns) {
    const all: Flat[] = [];
    for await (const row of input.rows) all.push(row);
    columns = columnsOf(all);
    rows = all;
  }
  await auditExport(ctx, request, Array.isArray(rows) ? rows.length : null);
  const csv = stringify({ header: true, columns: [...columns], cast: csvCast() });
  const source = Readable.from(rows as AsyncIterable<Flat>);
  source.on('error', (error) => csv.destroy(error));
  source.pipe(csv);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${input.filename.replace(/[^\w.-]/g, '_')}.csv"`)
    .send(csv);
}
