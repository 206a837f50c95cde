// An export as a report document: the flattened rows a list or series route answers (the rows its
// CSV has, amounts still integer minor units) become ONE section holding ONE table, each column
// with its unit, so the Excel and PDF renderers (src/reports/render) write it as they write any
// report — money as numbers with currency formats, ratios as percentages, dates as dates. Pure.
//
// A column's unit: money where the route's CsvMoney says so (never guessed from a name), a unit the
// route declares by pattern (ratios, scores, days: a fraction cannot be told from a count by its
// value), else read from the values: numbers are counts, YYYY-MM-DD days are dates, YYYY-MM months
// are months, anything else is text.
import type { ReportColumn, ReportDocument, ReportRow, ValueUnit } from '../read/reports/contract.js';
import { periodContaining } from '../reports/period.js';
import type { CsvMoney, Flat } from './csv.js';

/** Units by flattened column pattern (`*` stands for any one segment), as CsvMoney's columns. */
export type ExportUnits = Readonly<Record<string, ValueUnit>>;

export type ExportTableInput = {
  /** The export's name in file names (`customers`, `series-mrr`). */
  key: string;
  /** Its readable name: the document's and the table's title ("MRR movements"). */
  title: string;
  workspace: { id: string; name: string };
  /** The range the rows cover (the request's from/to), or the as-of day for a state at an instant. */
  period: { from: string; to: string };
  asOf: Date;
  generatedAt: Date;
  /** The currency of the document when no column names one (the workspace's reporting currency). */
  currency: string;
  rows: readonly Flat[];
  money: CsvMoney | null;
  /** The columns in order; default: every column of the rows, first seen first. */
  columns?: readonly string[] | undefined;
  units?: ExportUnits | undefined;
  /** Column headings by column key; default: the key in words ("mrrStart" → "MRR start"). */
  labels?: Readonly<Record<string, string>> | undefined;
  /** Why rows are missing (a row cap), shown with the table. */
  note?: string | null | undefined;
  /** What was asked for (the request's filters), one sentence each, under the title. */
  summary?: readonly string[] | undefined;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const segmentsMatch = (pattern: string, column: string): boolean => {
  const p = pattern.split('.');
  const c = column.split('.');
  return p.length === c.length && p.every((part, i) => part === '*' || part === c[i]);
};

/** Where a money column's currency comes from (mirrors csv.ts moneyRow), or null. */
function moneySource(money: CsvMoney | null, column: string): { code: string } | { column: string } | 'key' | null {
  if (!money) return null;
  for (const [pattern, source] of Object.entries(money.native ?? {})) if (segmentsMatch(pattern, column)) return source;
  if (money.columns.some((pattern) => segmentsMatch(pattern, column))) return typeof money.currency === 'string' ? { code: money.currency } : money.currency;
  return null;
}

/** The cell key holding the currency of a `'key'` column (`byCurrency.eur`): a cell of every row, not a column. */
const keyCurrencyCell = (column: string) => `${column}#currency`;

const ACRONYMS: Readonly<Record<string, string>> = {
  mrr: 'MRR', arr: 'ARR', arpa: 'ARPA', arpu: 'ARPU', ltv: 'LTV', nrr: 'NRR', grr: 'GRR', id: 'ID', nps: 'NPS', dau: 'DAU', fx: 'FX', url: 'URL', csat: 'CSAT',
};

/** A column key in words: `mrrStart` → "MRR start", `movements.new` → "Movements · new", `nrr.value` → "NRR", `byCurrency.eur` → "By currency · EUR". */
export function columnLabel(key: string, money: CsvMoney | null = null): string {
  const parts = key.split('.');
  // A rate's `x.value` is the rate itself ("NRR"); its `x.reason` stays "NRR · reason".
  if (parts.length > 1 && parts.at(-1) === 'value') parts.pop();
  return parts
    .map((part, i, parts) => {
      if (/^\d+$/.test(part)) return part;
      if (i === parts.length - 1 && moneySource(money, key) === 'key') return part.toUpperCase();
      const words = part
        .replace(/_/g, ' ')
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .split(' ')
        .filter(Boolean)
        .map((w) => ACRONYMS[w.toLowerCase()] ?? w.toLowerCase());
      const text = words.join(' ');
      return i === 0 ? text.charAt(0).toUpperCase() + text.slice(1) : text;
    })
    .join(' · ');
}

/** The unit of an undeclared column, read from its values. */
function unitFromValues(rows: readonly Flat[], column: string): ValueUnit {
  let numbers = 0;
  let days = 0;
  let months = 0;
  let other = 0;
  for (const row of rows) {
    const value = row[column];
    if (value === null || value === undefined || value === '') continue;
    if (typeof value === 'number') numbers++;
    else if (typeof value === 'string' && DAY.test(value)) days++;
    else if (typeof value === 'string' && MONTH.test(value)) months++;
    else other++;
  }
  if (other > 0 || [numbers, days, months].filter((n) => n > 0).length > 1) return 'text';
  if (days > 0) return 'date';
  if (months > 0) return 'month';
  return 'count';
}

function declaredUnit(units: ExportUnits | undefined, column: string): ValueUnit | null {
  for (const [pattern, unit] of Object.entries(units ?? {})) if (segmentsMatch(pattern, column)) return unit;
  return null;
}

/** A flattened cell as a report cell: booleans as Yes/No, numbers kept in text columns as text. */
function cellOf(value: Flat[string] | undefined, unit: ValueUnit): string | number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (unit === 'text' || unit === 'date' || unit === 'month') return String(value);
  if (typeof value === 'number') return value;
  // A number column's text (an amount already written as a decimal, a numeric string): a number
  // when it is one, else kept as written.
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) ? n : value;
}

/** "1 Dec 2026", or "1 Nov 2026 – 30 Nov 2026". */
function periodLabel(from: string, to: string): string {
  const day = (d: string) => periodContaining('day', d).label;
  return from === to ? day(from) : `${day(from)} – ${day(to)}`;
}

/** The export as a document of one section holding one table. */
export function exportDocument(input: ExportTableInput): ReportDocument {
  const { rows, money } = input;
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  // A file-wide currency is the table's: the CSV's added `currency` column is not a column here.
  const fileCurrency = money && typeof money.currency === 'string' ? money.currency : null;
  const keys = (input.columns ?? [...seen]).filter((key) => !(fileCurrency !== null && key === 'currency' && !seen.has(key)));

  const keyColumns: string[] = [];
  const columns: ReportColumn[] = keys.map((key) => {
    const label = input.labels?.[key] ?? columnLabel(key, money);
    const source = moneySource(money, key);
    if (source === 'key') {
      keyColumns.push(key);
      return { key, label, unit: 'money', currencyColumn: keyCurrencyCell(key) };
    }
    if (source && 'column' in source) return { key, label, unit: 'money', currencyColumn: source.column };
    if (source) return { key, label, unit: 'money' };
    return { key, label, unit: declaredUnit(input.units, key) ?? unitFromValues(rows, key) };
  });

  const tableRows: ReportRow[] = rows.map((row) => {
    const out: ReportRow = {};
    for (const column of columns) {
      const value = row[column.key];
      if (column.unit === 'money') {
        if (value !== null && value !== undefined && (typeof value !== 'number' || !Number.isSafeInteger(value))) {
          throw new Error(`export ${input.key}: column ${column.key} is not an amount in minor units: ${JSON.stringify(value)}`);
        }
        out[column.key] = value ?? null;
      } else {
        out[column.key] = cellOf(value, column.unit);
      }
    }
    // The currency of a money column whose currency comes from another column, kept even when
    // that column is not shown.
    for (const column of columns) if (column.currencyColumn && !(column.currencyColumn in out)) {
      const code = row[column.currencyColumn];
      out[column.currencyColumn] = typeof code === 'string' ? code : null;
    }
    for (const key of keyColumns) out[keyCurrencyCell(key)] = key.split('.').at(-1)!;
    return out;
  });

  const period = { key: input.period.from === input.period.to ? input.period.from : `${input.period.from}_${input.period.to}`, label: periodLabel(input.period.from, input.period.to), from: input.period.from, to: input.period.to };
  return {
    key: input.key,
    kind: 'custom',
    title: input.title,
    workspace: input.workspace,
    period,
    asOf: input.asOf.toISOString(),
    currency: fileCurrency ?? input.currency,
    generatedAt: input.generatedAt.toISOString(),
    summary: [...(input.summary ?? [])],
    sections: [{
      id: 'export',
      title: input.title,
      note: null,
      blocks: [{
        type: 'table',
        table: { id: input.key, title: input.title, currency: fileCurrency, columns, rows: tableRows, total: null, note: input.note ?? null },
      }],
    }],
  };
}
