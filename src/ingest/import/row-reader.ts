// One line of a subscription file (its cells by column name, as text) into a checked ImportRow,
// or every problem of the line, each naming its column. The rules per column are in
// docs/import.md. Pure.
import { amountWithinBounds, MAX_AMOUNT_MINOR } from '../../core/bounds.js';
import { mul, parseDecimal } from '../../core/decimal.js';
import { monthlyFactor } from '../../core/price-amount.js';
import type { BillingInterval } from '../../core/types.js';
import { readChoice, readCount, readCurrency, readEmail, readId, readInstant, readMajorAmount, readPercent, readQuantity, readText, type Read } from './cells.js';
import { IMPORT_COLUMNS, IMPORT_STATUSES, type ImportColumn, type ImportLineError, type ImportRow, type ImportStatus } from './types.js';

export type Cell = { text: string; kind: 'text' | 'number' | 'boolean' | 'json' };

const INTERVALS: readonly BillingInterval[] = ['day', 'week', 'month', 'year'];
const DOCUMENTED = new Set<string>(IMPORT_COLUMNS);
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['customer_id', 'subscription_id', 'effective_at', 'status'];
/** Most billing systems cap a period at a year or a few; beyond this is a typo. */
export const MAX_INTERVAL_COUNT = 365;

export function readRow(line: number, cells: ReadonlyMap<string, Cell>): { row: ImportRow | null; errors: ImportLineError[] } {
  const errors: ImportLineError[] = [];
  // One problem per column: a cell of the wrong kind is not also "required".
  const failed = new Set<ImportColumn>();
  const fail = (column: ImportColumn, message: string) => {
    if (failed.has(column)) return;
    failed.add(column);
    errors.push({ line, column, message });
  };
  const text = (column: ImportColumn): string => {
    const cell = cells.get(column);
    if (!cell) return '';
    if (cell.kind === 'json' || cell.kind === 'boolean') {
      fail(column, `must be text or a number (found ${cell.text.slice(0, 40)})`);
      return '';
    }
    return cell.text.trim();
  };
  function take<T>(column: ImportColumn, read: Read<T>): T | null {
    if (read.ok) return read.value;
    fail(column, read.problem);
    return null;
  }
  const optional = <T>(column: ImportColumn, reader: (t: string) => Read<T>): T | null => {
    const t = text(column);
    return t === '' ? null : take(column, reader(t));
  };

  const customerId = take('customer_id', readId(text('customer_id')));
  const subscriptionId = take('subscription_id', readId(text('subscription_id')));
  const effectiveText = text('effective_at');
  const effectiveAt = effectiveText === '' ? (fail('effective_at', 'is required'), null) : take('effective_at', readInstant(effectiveText));
  const statusText = text('status');
  const status = statusText === '' ? (fail('status', 'is required'), null) : take('status', readChoice<ImportStatus>(statusText, IMPORT_STATUSES, { cancelled: 'canceled' }));
  const customerName = optional('customer_name', (t) => readText(t, 500));
  const customerEmail = optional('customer_email', readEmail);
  const plan = optional('plan', (t) => readText(t, 255));

  // A canceled row may leave the plan out: the subscription has ended, its price no longer counts.
  const canceled = status === 'canceled';
  const currencyText = text('currency');
  const currency = currencyText === '' ? (fail('currency', 'is required'), null) : take('currency', readCurrency(currencyText));
  const amountText = text('amount');
  const intervalText = text('interval');
  const statedPrice = !canceled || amountText !== '' || intervalText !== '';
  let unitAmountDecimal: string | null = null;
  let interval: BillingInterval | null = null;
  if (statedPrice) {
    if (amountText === '') fail('amount', canceled ? 'is required with an interval' : 'is required (the price per unit per billing period, e.g. 49.00)');
    else if (currency !== null) unitAmountDecimal = take('amount', readMajorAmount(amountText, currency));
    if (intervalText === '') fail('interval', canceled ? 'is required with an amount' : `is required (${INTERVALS.join(', ')})`);
    else interval = take('interval', readChoice(intervalText, INTERVALS, { daily: 'day', weekly: 'week', monthly: 'month', yearly: 'year', annual: 'year' }));
  }
  const intervalCount = optional('interval_count', (t) => readCount(t, 1, MAX_INTERVAL_COUNT)) ?? 1;
  const quantity = optional('quantity', readQuantity) ?? 1;
  const discountPercent = optional('discount_percent', readPercent);

  const invoiceId = optional('invoice_id', readId);
  const paidAtText = text('paid_at');
  const paidAmountText = text('paid_amount');
  let payment: ImportRow['payment'] = null;
  if (invoiceId === null && text('invoice_id') === '') {
    if (paidAtText !== '') fail('invoice_id', 'is required with paid_at');
    if (paidAmountText !== '') fail('invoice_id', 'is required with paid_amount');
  } else if (invoiceId !== null) {
    const paidAt = paidAtText === '' ? effectiveAt : take('paid_at', readInstant(paidAtText));
    const paidAmount = paidAmountText === '' ? (fail('paid_amount', 'is required with invoice_id'), null) : currency === null ? null : take('paid_amount', readMajorAmount(paidAmountText, currency));
    if (paidAmount !== null && BigInt(paidAmount) > BigInt(MAX_AMOUNT_MINOR)) fail('paid_amount', `is beyond ${MAX_AMOUNT_MINOR.toExponential()} minor units, out of range`);
    else if (paidAt !== null && paidAmount !== null) payment = { invoiceId, paidAt, paidAmount: Number(paidAmount) };
  }

  if (unitAmountDecimal !== null && interval !== null) {
    const monthly = mul(mul(parseDecimal(unitAmountDecimal), parseDecimal(String(quantity))), monthlyFactor(interval, intervalCount));
    if (!amountWithinBounds(monthly)) fail('amount', `the monthly amount (quantity ${quantity} × amount) is beyond ${MAX_AMOUNT_MINOR.toExponential()} minor units, out of range`);
  }

  const metadata: Record<string, string> = {};
  for (const [column, cell] of cells) if (!DOCUMENTED.has(column) && cell.text !== '') metadata[column] = cell.text;

  if (errors.length > 0 || customerId === null || subscriptionId === null || effectiveAt === null || status === null || currency === null) return { row: null, errors };
  return {
    row: {
      line,
      customerId,
      customerName,
      customerEmail,
      subscriptionId,
      effectiveAt,
      status,
      plan,
      currency,
      // A canceled row without a price: no item; '0' keeps the field a decimal string.
      unitAmountDecimal: unitAmountDecimal ?? '0',
      interval: interval ?? 'month',
      intervalCount,
      quantity,
      discountPercent: discountPercent === '0' ? null : discountPercent,
      payment,
      metadata,
    },
    errors,
  };
}
