// What POST /v1/import answers for a run (src/read/imports/contract.ts): the summary as it is, the
// preview's money moved from minor to major units as exact decimal strings, its times in ISO 8601.
import { currencyExponent } from '../../core/currency.js';
import { minorToMajorText } from '../../core/money-text.js';
import type { ImportRow, ImportSummary } from '../../ingest/import/types.js';
import type { ImportPreviewRow, ImportResult } from '../../read/imports/contract.js';

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** A decimal amount in minor units ("4900.5" cents) in major units ("49.005"): digits moved, never divided. */
export function minorDecimalToMajorText(minor: string, exponent: number): string {
  const match = DECIMAL.exec(minor.trim());
  if (!match) throw new RangeError(`not a decimal amount in minor units: "${minor}"`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const digits = whole.padStart(exponent + 1, '0');
  const head = digits.slice(0, digits.length - exponent).replace(/^0+(?=\d)/, '');
  const tail = `${digits.slice(digits.length - exponent)}${fraction}`;
  const negative = sign === '-' && /[1-9]/.test(`${head}${tail}`);
  return `${negative ? '-' : ''}${head}${tail ? `.${tail}` : ''}`;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

export function previewRowOf(row: ImportRow): ImportPreviewRow {
  const exponent = currencyExponent(row.currency);
  return {
    line: row.line,
    customerId: row.customerId,
    customerName: row.customerName,
    customerEmail: row.customerEmail,
    subscriptionId: row.subscriptionId,
    effectiveAt: iso(row.effectiveAt),
    status: row.status,
    plan: row.plan,
    currency: row.currency,
    amount: minorDecimalToMajorText(row.unitAmountDecimal, exponent),
    interval: row.interval,
    intervalCount: row.intervalCount,
    quantity: row.quantity,
    discountPercent: row.discountPercent,
    paidAt: row.payment ? iso(row.payment.paidAt) : null,
    paidAmount: row.payment ? minorToMajorText(row.payment.paidAmount, exponent) : null,
  };
}

export function importResultOf(summary: ImportSummary): ImportResult {
  return {
    importId: summary.importId,
    sourceId: summary.sourceId,
    format: summary.format,
    dryRun: summary.dryRun,
    status: summary.status,
    rows: summary.rows,
    valid: summary.valid,
    invalid: summary.invalid,
    errors: summary.errors.map((e) => ({ line: e.line, column: e.column, message: e.message })),
    eventsNew: summary.eventsNew,
    eventsChanged: summary.eventsChanged,
    eventsUnchanged: summary.eventsUnchanged,
    customers: summary.customers,
    subscriptions: summary.subscriptions,
    preview: summary.preview.map(previewRowOf),
  };
}
