// CSV for the customers export: the server's CSV of the filtered list (every page, in the
// table's order, permission-checked and audited there; MRR already an exact decimal in major units
// of the customer's currency, docs/api.md "CSV") is read back and written out again with exactly
// the table's columns, so the file matches what the screen shows. Text cells are neutralised
// against spreadsheet formula injection by the server's own function (src/core/csv-cell.ts); the
// MRR column is the server's decimal, a number, and is kept as one.
import { neutraliseFormula } from '../../../../src/core/csv-cell.js';
import { isCurrencyCode } from '../../lib/currency.js';
import { STATUS_LABELS } from './filters.js';
import { CUSTOMER_STATUSES, type CustomerStatus } from '@read/customers/contract.js';

/** RFC 4180: fields split on commas, quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const needsQuotes = /[",\r\n]/;

/** One cell: text neutralised (CSV injection) unless its column holds numbers we wrote; quoted as needed. */
function cell(value: string, numeric: boolean): string {
  const safe = numeric ? value : neutraliseFormula(value);
  return needsQuotes.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as CSV; `numeric` lists the columns (by index) that hold numbers written by us, as text. */
export function toCsv(rows: readonly (readonly string[])[], options: { numeric?: readonly number[] } = {}): string {
  const numeric = new Set(options.numeric ?? []);
  return rows.map((r) => r.map((value, i) => cell(value, numeric.has(i))).join(',')).join('\r\n') + '\r\n';
}

/** The table's columns, as CSV headers, and how each is read from a customer. */
export const EXPORT_COLUMNS = ['Customer', 'Email', 'Customer ID', 'Plan', 'Status', 'MRR', 'Currency', 'Country', 'Signed up'] as const;

/** The MRR column: the server's exact decimal, a number cell. */
const MRR_COLUMN = EXPORT_COLUMNS.indexOf('MRR');

/** A customer as the server's CSV has it: `mrr` a decimal in major units of `currency`. */
export type ExportSource = { id: string; name: string | null; email: string | null; planName: string | null; status: string; mrr: string; currency: string | null; country: string | null; signupDay: string | null };

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** One CSV row: MRR as an exact decimal in the customer's currency, as the table shows it. */
export function exportRow(c: ExportSource): string[] {
  const currency = c.currency && isCurrencyCode(c.currency) ? c.currency : null;
  if (currency && !DECIMAL.test(c.mrr)) throw new Error(`the export's MRR of ${c.id} is not a decimal amount: ${JSON.stringify(c.mrr)}`);
  const status = (CUSTOMER_STATUSES as readonly string[]).includes(c.status) ? STATUS_LABELS[c.status as CustomerStatus] : c.status;
  return [
    c.name ?? '',
    c.email ?? '',
    c.id,
    c.planName ?? '',
    status,
    currency ? c.mrr : '',
    currency ? currency.toUpperCase() : '',
    c.country ?? '',
    c.signupDay ?? '',
  ];
}

/** The server's customers CSV (header row first) as the table's CSV. */
export function customersCsvFromServer(serverCsv: string): { csv: string; rows: number } {
  const [header, ...records] = parseCsv(serverCsv);
  if (!header) return { csv: toCsv([[...EXPORT_COLUMNS]]), rows: 0 };
  const index = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`the export has no "${name}" column`);
    return i;
  };
  const at = { id: index('id'), name: index('name'), email: index('email'), planName: index('planName'), status: index('status'), mrr: index('mrr'), currency: index('currency'), country: index('country'), signupDay: index('signupDay') };
  const orNull = (v: string | undefined) => (v === undefined || v === '' ? null : v);
  const out = records
    .filter((r) => r.length > 1 || (r[0] ?? '') !== '')
    .map((r) =>
      exportRow({
        id: r[at.id] ?? '',
        name: orNull(r[at.name]),
        email: orNull(r[at.email]),
        planName: orNull(r[at.planName]),
        status: r[at.status] ?? '',
        mrr: r[at.mrr] ?? '',
        currency: orNull(r[at.currency]),
        country: orNull(r[at.country]),
        signupDay: orNull(r[at.signupDay]),
      }),
    );
  return { csv: toCsv([[...EXPORT_COLUMNS], ...out], { numeric: [MRR_COLUMN] }), rows: out.length };
}
