// "Export → CSV / Excel / PDF" for every list and series: the same route, asked with
// `?format=csv|xlsx|pdf` (or Accept: text/csv, the XLSX media type, application/pdf), answers its
// rows as a file instead of JSON — same filters, same figures. CSV is streamed as csv.ts writes it;
// Excel and PDF turn the same flattened rows and CsvMoney into a report document of one table
// (export-document.ts) and render it with the report renderers (src/reports/render), so an export
// reads like a report: money as numbers in currency formats, ratios as percentages, dates as dates.
// Both are built in memory: a PDF holds at most PDF_ROW_CAP rows and a workbook XLSX_ROW_CAP, with
// a note saying how many there are and that the CSV has them all. Every export needs
// exports:create and is audited (`data.exported`, with its format and row count).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolveAsOf, type AsOf } from '../read/clock.js';
import { renderReport } from '../reports/render/index.js';
import type { AppContext } from './context.js';
import { amountsOf, auditExport, authoriseExport, sendCsv, type CsvMoney, type Flat } from './csv.js';
import { exportDocument, type ExportUnits } from './export-document.js';
import { requireGrant } from './auth/principal.js';
import { preferredFormat } from './accept.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The most rows a PDF holds (5,000 rows × 12 columns: ~1.1 s, 0.7 MB, measured on a busy 2-core machine). */
export const PDF_ROW_CAP = 5_000;
/** The most rows a workbook holds (the sheet is streamed, the rows are held: 20,000 × 12 columns
 *  ~1.7 s and 1.7 MB; 100,000 ~9.6 s, 8.4 MB, ~50 MB more memory). */
export const XLSX_ROW_CAP = 100_000;

const MEDIA_TYPES: Record<ExportFormat | 'json', string> = {
  json: 'application/json',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};
const FILE_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', xlsx: MEDIA_TYPES.xlsx, pdf: MEDIA_TYPES.pdf };

/**
 * The file the caller asked for, or null for JSON: `?format=` when given, else the media type the
 * Accept header prefers among JSON and ours (highest q first, then the order listed).
 */
export function exportFormatOf(request: FastifyRequest, format: string | undefined): ExportFormat | null {
  if (format !== undefined) return (EXPORT_FORMATS as readonly string[]).includes(format) ? (format as ExportFormat) : null;
  const found = preferredFormat(request.headers.accept, MEDIA_TYPES);
  return found && found !== 'json' ? found : null;
}

export type ExportInput = {
  /** The file's name without extension (`customers`, `series-mrr`). */
  filename: string;
  /** A readable name of the export: the title of the workbook and the PDF ("MRR movements"). */
  title: string;
  rows: Iterable<Flat> | AsyncIterable<Flat>;
  /** Which columns are amounts, in which currency (csv.ts CsvMoney). */
  money: CsvMoney | null;
  /** The columns in order (as the CSV's: after moneyRow, so possibly with `currency`). */
  columns?: readonly string[] | undefined;
  /** Units of the columns that are not money nor counts: ratios, scores, days (by pattern). */
  units?: ExportUnits | undefined;
  /** Headings for the columns whose key in words is not clear. */
  labels?: Readonly<Record<string, string>> | undefined;
  /** The range the rows cover; default the as-of day. */
  period?: { from: string; to: string } | undefined;
  /** The instant the rows were read at; default the request's `?asOf=` (else now). */
  asOf?: AsOf | undefined;
};

/** Every item of a paged list, page by page (an export holds the whole filtered list). */
export async function* everyPage<T, C>(load: (cursor: C | null) => Promise<{ items: readonly T[]; next: C | null }>): AsyncIterable<T> {
  let cursor: C | null = null;
  do {
    const page: { items: readonly T[]; next: C | null } = await load(cursor);
    yield* page.items;
    cursor = page.next;
  } while (cursor !== null);
}

/** Query parameters that say what was exported (not how, nor for whom). */
const NOT_FILTERS = new Set(['workspace', 'format', 'amounts', 'asOf', 'limit', 'cursor']);

/** The request's filters in one sentence, or none. */
function filtersOf(request: FastifyRequest): string[] {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const parts = Object.entries(query)
    .filter(([key, value]) => !NOT_FILTERS.has(key) && value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${key} = ${Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean)}`);
  return parts.length > 0 ? [`Filters: ${parts.join('; ')}.`] : [];
}

/** The first `cap` rows, and how many there are in all. */
async function firstRows(rows: Iterable<Flat> | AsyncIterable<Flat>, cap: number): Promise<{ kept: Flat[]; total: number }> {
  const kept: Flat[] = [];
  let total = 0;
  for await (const row of rows) {
    if (total < cap) kept.push(row);
    total++;
  }
  return { kept, total };
}

const count = (n: number) => n.toLocaleString('en-US');

/** The CSV's columns: a file-wide currency gets its `currency` column just before the first amount (as moneyRow writes it). */
function csvColumns(columns: readonly string[], money: CsvMoney | null): readonly string[] {
  if (!money || typeof money.currency !== 'string' || columns.includes('currency')) return columns;
  const first = columns.findIndex((column) => money.columns.some((pattern) => pattern.split('.').length === column.split('.').length && pattern.split('.').every((part, i) => part === '*' || part === column.split('.')[i])));
  return first < 0 ? [...columns, 'currency'] : [...columns.slice(0, first), 'currency', ...columns.slice(first)];
}

/** An Excel or PDF export rendered (no permission check, no audit: sendExport does both). */
export async function renderExport(ctx: AppContext, request: FastifyRequest, format: 'xlsx' | 'pdf', input: ExportInput): Promise<{ body: Buffer; rows: number; contentType: string; filename: string }> {
  const { workspace } = requireGrant(request);
  const asOf = input.asOf ?? resolveAsOf((request.query as { asOf?: string } | undefined)?.asOf, ctx.now());
  const cap = format === 'pdf' ? PDF_ROW_CAP : XLSX_ROW_CAP;
  const { kept, total } = await firstRows(input.rows, cap);
  const note = total > cap
    ? `The first ${count(cap)} of ${count(total)} rows: ${format === 'pdf' ? 'the Excel and CSV exports have' : 'the CSV export has'} all of them.`
    : null;
  const doc = exportDocument({
    key: input.filename,
    title: input.title,
    workspace: { id: workspace.id, name: workspace.name },
    period: input.period ?? { from: asOf.day, to: asOf.day },
    asOf: asOf.at,
    generatedAt: ctx.now(),
    currency: workspace.reportingCurrency,
    rows: kept,
    money: input.money,
    columns: input.columns,
    units: input.units,
    labels: input.labels,
    note,
    summary: filtersOf(request),
  });
  const file = await renderReport(doc, format);
  return { body: file.body, rows: total, contentType: FILE_TYPES[format], filename: `${input.filename.replace(/[^\w.-]/g, '_')}.${format}` };
}

/** Answers an export in `format`: CSV streamed, Excel or PDF rendered from a one-table document. */
export async function sendExport(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, format: ExportFormat, input: ExportInput): Promise<FastifyReply> {
  if (format === 'csv') return sendCsv(ctx, request, reply, { filename: input.filename, rows: input.rows, money: input.money, ...(input.columns ? { columns: csvColumns(input.columns, input.money) } : {}) });
  amountsOf(request); // validated as for CSV; a workbook and a PDF always hold amounts as money
  await authoriseExport(ctx, request);
  const file = await renderExport(ctx, request, format, input);
  await auditExport(ctx, request, file.rows, format);
  return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
}
