// Reads a subscription file (CSV with a header, or JSON lines) into checked rows and every error
// with its line and column. Pure. The whole file is read: nothing stops at the first error.
// Beyond each line on its own, the file must be consistent: one row per subscription and moment
// (and invoice), a subscription stays with one customer, an invoice is paid once.
import { readCsv } from './csv-reader.js';
import { readJsonl } from './jsonl-reader.js';
import { readRow, REQUIRED_COLUMNS, type Cell } from './row-reader.js';
import type { ImportFormat, ImportLineError, ImportRow, ParsedImport } from './types.js';

/** The format a file name says (.jsonl, .ndjson, .json → JSON lines; anything else CSV). */
export function formatOfFileName(fileName: string | null | undefined): ImportFormat {
  return fileName && /\.(jsonl|ndjson|json)$/i.test(fileName) ? 'jsonl' : 'csv';
}

const normaliseColumn = (name: string) => name.trim().toLowerCase();

export function parseImportFile(content: string, options: { format?: ImportFormat; fileName?: string | null } = {}): ParsedImport {
  const format = options.format ?? formatOfFileName(options.fileName);
  return format === 'jsonl' ? parseJsonl(content) : parseCsv(content);
}

function parseCsv(content: string): ParsedImport {
  const { records, problems } = readCsv(content);
  const errors: ImportLineError[] = problems.map((p) => ({ line: p.line, column: null, message: p.message }));
  const [header, ...rows] = records;
  if (!header) return { format: 'csv', columns: [], rows: [], errors: errors.length ? errors : [{ line: 1, column: null, message: 'the file is empty (a header line is required)' }], lineCount: 0 };
  const columns = header.cells.map(normaliseColumn);
  const seen = new Set<string>();
  columns.forEach((column, index) => {
    if (column !== '' && seen.has(column)) errors.push({ line: header.line, column, message: `the column is given twice (column ${index + 1}; names are case-insensitive)` });
    seen.add(column);
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!seen.has(required)) errors.push({ line: header.line, column: required, message: 'the column is missing from the header' });
  }
  if (errors.some((e) => e.line === header.line)) return { format: 'csv', columns, rows: [], errors, lineCount: rows.length };

  const parsed: ImportRow[] = [];
  for (const { line, cells } of rows) {
    if (cells.length > columns.length && cells.slice(columns.length).some((c) => c !== '')) {
      errors.push({ line, column: null, message: `${cells.length} values but the header has ${columns.length} columns` });
      continue;
    }
    const named = new Map<string, Cell>();
    columns.forEach((column, index) => {
      if (column !== '') named.set(column, { text: cells[index] ?? '', kind: 'text' });
    });
    const { row, errors: rowErrors } = readRow(line, named);
    errors.push(...rowErrors);
    if (row) parsed.push(row);
  }
  return finish('csv', columns.filter((c) => c !== ''), parsed, errors, rows.length);
}

function parseJsonl(content: string): ParsedImport {
  const { records, problems, keys } = readJsonl(content);
  const errors: ImportLineError[] = problems.map((p) => ({ line: p.line, column: null, message: p.message }));
  if (records.length === 0 && problems.length === 0) errors.push({ line: 1, column: null, message: 'the file has no rows' });
  const parsed: ImportRow[] = [];
  for (const { line, values } of records) {
    const { row, errors: rowErrors } = readRow(line, values);
    errors.push(...rowErrors);
    if (row) parsed.push(row);
  }
  return finish('jsonl', keys, parsed, errors, records.length + problems.length);
}

const at = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** The checks across lines; a row that breaks one is removed from `rows` and reported. */
function finish(format: ImportFormat, columns: string[], rows: ImportRow[], errors: ImportLineError[], lineCount: number): ParsedImport {
  const keyLine = new Map<string, number>();
  const customerOf = new Map<string, { customerId: string; line: number }>();
  const invoiceLine = new Map<string, number>();
  const kept: ImportRow[] = [];
  for (const row of rows) {
    const before = errors.length;
    const key = `${row.subscriptionId}\u0000${row.effectiveAt}\u0000${row.payment?.invoiceId ?? ''}`;
    const sameKey = keyLine.get(key);
    if (sameKey !== undefined) {
      errors.push({ line: row.line, column: 'effective_at', message: `subscription ${row.subscriptionId} at ${at(row.effectiveAt)}${row.payment ? ` with invoice ${row.payment.invoiceId}` : ''} is also on line ${sameKey}` });
    } else keyLine.set(key, row.line);
    const owner = customerOf.get(row.subscriptionId);
    if (owner && owner.customerId !== row.customerId) {
      errors.push({ line: row.line, column: 'customer_id', message: `subscription ${row.subscriptionId} belongs to customer ${owner.customerId} on line ${owner.line}` });
    } else if (!owner) customerOf.set(row.subscriptionId, { customerId: row.customerId, line: row.line });
    if (row.payment) {
      const paidOn = invoiceLine.get(row.payment.invoiceId);
      if (paidOn !== undefined) errors.push({ line: row.line, column: 'invoice_id', message: `invoice ${row.payment.invoiceId} is also on line ${paidOn}` });
      else invoiceLine.set(row.payment.invoiceId, row.line);
    }
    if (errors.length === before) kept.push(row);
  }
  errors.sort((a, b) => a.line - b.line);
  return { format, columns, rows: kept, errors, lineCount };
}
