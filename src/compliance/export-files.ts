// The files of a GDPR export: per table a JSON file (the rows as stored) and a CSV (one column per
// field, nested JSON written as JSON text), the raw provider payloads as they were received, and a
// README.txt saying what each file holds. Zipped with jszip.
import JSZip from 'jszip';
import { neutraliseFormula } from '../core/csv-cell.js';
import type { TableRole } from '../store/customer-data-repo.js';

const ABOUT: Record<string, string> = {
  customers: 'The customer record from each billing provider (name, e-mail, country, the provider object as last received).',
  customer_summaries: "The customer's current standing as shown on the Customers screen (MRR, plan, status).",
  subscription_snapshots: 'Each subscription as the provider described it at each change.',
  invoices: 'Invoices, with the provider object.',
  invoice_payments: 'Payments applied to those invoices.',
  payments: 'Payments (charges), with the provider object.',
  refunds: 'Refunds of those payments.',
  disputes: 'Disputes (chargebacks) of those payments.',
  credit_notes: 'Credit notes.',
  discounts: 'Discounts applied to the customer or its subscriptions.',
  trials: 'Trials: when each started and converted.',
  ledger_entries: "Each day the customer's monthly recurring revenue changed, and why.",
  plan_ledger_entries: 'The same, per plan.',
  paying_spells: 'The periods the customer was paying.',
  customer_identities: 'Links between this customer and its records at other providers.',
  customer_identity_unlinks: 'Links a person removed.',
  cs_accounts: "The customer's product accounts (from product tracking).",
  cs_users: 'The people using those accounts.',
  usage_daily: 'Product usage per account, event and day.',
  usage_daily_users: 'Which users were counted in that usage.',
  user_activity_daily: 'Daily activity per user.',
  signal_events: 'Tracking messages (identify, track, group, page) as received.',
  support_tickets: 'Support tickets.',
  survey_responses: 'NPS and CSAT survey responses.',
  health_snapshots: 'Daily customer health scores.',
  risk_scores: 'Daily churn risk scores.',
  alerts: 'Alerts raised about the customer.',
  alert_deliveries: 'E-mails and webhooks sent for those alerts.',
  raw_events: 'Every provider event (Stripe, PayPal, imported rows) naming the customer, payload as received.',
  sync_staging: 'Provider objects held while a backfill runs.',
  live_messages: 'Live dashboard messages naming the customer.',
  live_outbox: 'Live dashboard notes not yet sent.',
  audit_log: 'Audit log entries about the customer.',
  gdpr_requests: 'GDPR requests about the customer (export files themselves not included).',
};

const ROLE: Record<TableRole, string> = {
  revenue: 'revenue history',
  'non-revenue': 'product and support data',
  log: 'logs and copies',
  raw: 'raw provider payloads',
};

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const textValue = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const safe = typeof value === 'number' || typeof value === 'boolean' ? textValue : neutraliseFormula(textValue);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as CSV: the union of their fields as the header, in first-seen order. */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [columns.map(cell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export type ExportTable = { table: string; role: TableRole; rows: Record<string, unknown>[] };

function readme(customerId: string, at: Date, tables: readonly ExportTable[]): string {
  const lines = [
    `Everything Revpulse holds about customer ${customerId}, exported ${at.toISOString()}.`,
    '',
    'Each table is here twice: <table>.json (the rows exactly as stored, nested provider objects',
    'included) and <table>.csv (one column per field; nested objects as JSON text). Amounts are',
    'integers in minor units (cents) with their currency. raw_events holds every provider payload',
    '(Stripe, PayPal, imported rows) that names the customer, as it was received.',
    '',
    'Files:',
  ];
  for (const t of tables) {
    lines.push(`  ${t.table}.json / ${t.table}.csv  (${t.rows.length} row${t.rows.length === 1 ? '' : 's'}; ${ROLE[t.role]})`);
    lines.push(`      ${ABOUT[t.table] ?? 'Rows naming the customer.'}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function zipExport(customerId: string, at: Date, tables: readonly ExportTable[]): Promise<Uint8Array> {
  const zip = new JSZip();
  const date = at;
  zip.file('README.txt', readme(customerId, at, tables), { date });
  for (const t of tables) {
    zip.file(`${t.table}.json`, `${JSON.stringify(t.rows, null, 2)}\n`, { date });
    zip.file(`${t.table}.csv`, toCsv(t.rows), { date });
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
