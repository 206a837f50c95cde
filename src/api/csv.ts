// CSV export for every list and series: the same route, asked with `?format=csv` or
// `Accept: text/csv`, streams its rows as CSV (csv-stringify) instead of JSON — same filters,
// same figures (Excel and PDF of the same rows: export.ts). Nested fields become dotted columns (`movements.new`), arrays indexed ones
// (`logoRetention.3`), null an empty cell. Money is written for people: every route declares which
// of its columns are amounts and in which currency (`CsvMoney` — never guessed from a column's
// name), and those cells are exact decimals in major units (12.50 EUR, 1250 JPY, 1.250 KWD: the
// currency's exponent, src/core/currency.ts) with a `currency` column naming the currency;
// `?amounts=minor` writes the integer minor units instead. Dates and timestamps are ISO 8601.
// Exporting needs the exports:create permission on top
// of the route's own, and every export is written to the workspace's audit log
// (action `data.exported`, as the authorisation hook does for export-only routes). Text cells that
// a spreadsheet would run as formulas are neutralised (`csvCast`, src/core/csv-cell.ts); numbers
// stay numbers, and so do the decimals we write for amounts.
import { Readable } from 'node:stream';
import { stringify, type Options as StringifyOptions } from 'csv-stringify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit, recordSecurityEvent } from '../accounts/security-log.js';
import type { AppContext } from './context.js';
import { ApiError } from './errors.js';
import { decide } from './auth/grant.js';
import { actorOf, requestMeta, requireGrant } from './auth/principal.js';
import { neutraliseFormula } from '../core/csv-cell.js';
import { currencyExponent } from '../core/currency.js';
import { minorToMajorText } from '../core/money-text.js';

export type Flat = Record<string, string | number | boolean | null>;

/** True when the caller asked for CSV: ?format=csv, or text/csv preferred in Accept. */
export function wantsCsv(request: FastifyRequest, format: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  const accept = request.headers.accept ?? '';
  return /(^|,)\s*text\/csv\b/i.test(accept) && !/(^|,)\s*application\/json\b/i.test(accept.split('text/csv')[0] ?? '');
}

/**
 * Which columns of an export hold money, and in which currency. Every export declares it (`null`:
 * no amounts), so an amount is never taken for a count or a count for an amount.
 */
export type CsvMoney = {
  /** The currency of `columns`: a code for the whole file (written as a `currency` column just
   *  before the first of them), or `{ column }`, the row's own column that names it. */
  currency: string | { column: string };
  /** The columns of integer minor units in that currency: flattened names, `*` standing for any one
   *  segment (`movements.*`, `succeeded.amount`). */
  columns: readonly string[];
  /** Columns in a currency of their own, by pattern: `'key'` when the column's last segment is the
   *  code (`byCurrency.eur`), or `{ column }`, the row's column that names it. */
  native?: Readonly<Record<string, 'key' | { column: string }>>;
};

/** How amounts are written: `major` (default) exact decimals in major units, `minor` integers. */
export type Amounts = 'major' | 'minor';
export const AMOUNTS: readonly Amounts[] = ['major', 'minor'];

/** `?amounts=` of an export (read from the query string itself: every export route takes it). */
export function amountsOf(request: FastifyRequest): Amounts {
  const values = new URL(request.url, 'http://revpulse.invalid').searchParams.getAll('amounts');
  if (values.length === 0) return 'major';
  const value = values.length === 1 ? values[0]! : '';
  if ((AMOUNTS as readonly string[]).includes(value)) return value as Amounts;
  throw new ApiError('RVP_VALIDATION', `querystring/amounts must be major (decimals in major units, the default) or minor (integer minor units), once; got ${JSON.stringify(values.join(','))}`);
}

const segmentsMatch = (pattern: string, column: string): boolean => {
  const p = pattern.split('.');
  const c = column.split('.');
  return p.length === c.length && p.every((part, i) => part === '*' || part === c[i]);
};

/** Where a column's currency comes from, or null when it is not money. */
function moneyOf(money: CsvMoney, column: string): 'key' | { column: string } | { code: string } | null {
  for (const [pattern, source] of Object.entries(money.native ?? {})) if (segmentsMatch(pattern, column)) return source;
  if (money.columns.some((pattern) => segmentsMatch(pattern, column))) return typeof money.currency === 'string' ? { code: money.currency } : money.currency;
  return null;
}

/**
 * Writes a row's amounts as `amounts` asks (see CsvMoney), adding the file's `currency` column when
 * the currency is one code. Cells that are not money are left as they are.
 */
export function moneyRow(row: Flat, money: CsvMoney | null, amounts: Amounts): Flat {
  if (!money) return row;
  const out: Flat = {};
  const fileCurrency = typeof money.currency === 'string' ? money.currency : null;
  if (fileCurrency !== null && 'currency' in row) throw new Error('CsvMoney: the rows have a currency column already: declare currency: { column: "currency" }');
  let currencyWritten = fileCurrency === null;
  for (const [column, value] of Object.entries(row)) {
    const source = moneyOf(money, column);
    if (source && source !== 'key' && !currencyWritten && 'code' in source) {
      out.currency = fileCurrency;
      currencyWritten = true;
    }
    if (!source || value === null || amounts === 'minor') {
      out[column] = value;
      continue;
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new Error(`CsvMoney: column ${column} is not an amount in minor units: ${JSON.stringify(value)}`);
    const code = source === 'key' ? column.split('.').at(-1)! : 'code' in source ? source.code : row[source.column];
    if (typeof code !== 'string') {
      // No currency (a customer without MRR): only nothing can be written without one.
      if (value !== 0) throw new Error(`CsvMoney: column ${column} has an amount but no currency`);
      out[column] = '0';
      continue;
    }
    out[column] = minorToMajorText(value, currencyExponent(code));
  }
  if (!currencyWritten) out.currency = fileCurrency;
  return out;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** The column names of `columns` (or of the first row) that are money in `money`. */
function moneyColumnTest(money: CsvMoney | null): (column: unknown) => boolean {
  if (!money) return () => false;
  const cache = new Map<string, boolean>();
  return (column) => {
    if (typeof column !== 'string') return false;
    let is = cache.get(column);
    if (is === undefined) cache.set(column, (is = moneyOf(money, column) !== null));
    return is;
  };
}

/**
 * How every CSV the server writes turns values into cells (csv-stringify's `cast`, a fresh object
 * each time: csv-stringify fills in its defaults on it). Text is neutralised against formula
 * injection; numbers are written as they are, so a negative amount stays a number; booleans as
 * true/false, dates as ISO 8601, objects as JSON text (neutralised too), null as an empty cell.
 */
export function csvCast(money: CsvMoney | null = null): NonNullable<StringifyOptions['cast']> {
  const isMoney = moneyColumnTest(money);
  return {
    // An amount we wrote as a decimal is a number, not text: it is never prefixed.
    string: (value, context) => (!context.header && isMoney(context.column) && DECIMAL.test(value) ? value : neutraliseFormula(value)),
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

async function* withAmounts(rows: Iterable<Flat> | AsyncIterable<Flat>, money: CsvMoney | null, amounts: Amounts): AsyncIterable<Flat> {
  for await (const row of rows) yield moneyRow(row, money, amounts);
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

/** THE export audit hook: one entry per export (CSV, Excel, PDF, a report), in the workspace's audit log. */
export async function auditExport(ctx: AppContext, request: FastifyRequest, rows: number | null, format: string = 'csv'): Promise<void> {
  const { principal, workspace } = requireGrant(request);
  await recordAudit(ctx.store.db, {
    workspaceIds: [workspace.id],
    actor: actorOf(principal),
    action: 'data.exported',
    target: { type: 'export', id: request.routeOptions.url ?? null, label: `${request.method} ${request.url.slice(0, 250)}` },
    detail: { format, ...(rows === null ? {} : { rows }) },
    meta: requestMeta(request),
    at: ctx.now(),
  });
}

/**
 * Streams rows as CSV. `rows` may be an async generator (a list read page by page) — nothing is
 * held in memory beyond a page. With `columns` omitted they are taken from the rows (which are
 * then collected first: use it for series, which are small). `money` declares the amounts
 * (CsvMoney); `columns`, when given, are the columns after moneyRow (with `currency`).
 */
export async function sendCsv(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  input: { filename: string; rows: Iterable<Flat> | AsyncIterable<Flat>; money: CsvMoney | null; columns?: readonly string[] },
): Promise<FastifyReply> {
  const amounts = amountsOf(request);
  await authoriseExport(ctx, request);
  let columns = input.columns;
  let rows: Iterable<Flat> | AsyncIterable<Flat> = withAmounts(input.rows, input.money, amounts);
  if (!columns) {
    const all: Flat[] = [];
    for await (const row of rows) all.push(row);
    columns = columnsOf(all);
    rows = all;
  }
  await auditExport(ctx, request, Array.isArray(rows) ? rows.length : null);
  const csv = stringify({ header: true, columns: [...columns], cast: csvCast(input.money) });
  const source = Readable.from(rows as AsyncIterable<Flat>);
  source.on('error', (error) => csv.destroy(error));
  source.pipe(csv);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${input.filename.replace(/[^\w.-]/g, '_')}.csv"`)
    .send(csv);
}
