// What a report's table and chart cells mean, read the same way by the workbook and the CSV: which
// currency a money cell is in, its amount as an exact decimal in major units, whether a text is a
// calendar day or month, and which cell names a row. Both renderers keep numbers as numbers, so
// none of this formats for people (format-value.ts does that).
import { currencyExponent, normaliseCurrency } from '../../core/currency.js';
import { minorToMajorText } from '../../core/money-text.js';
import type { ReportColumn, ReportRow, ReportTable } from '../../read/reports/contract.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** A currency code as the document writes it, or null when `value` is not one. */
function currencyOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    return normaliseCurrency(value);
  } catch {
    return null;
  }
}

/**
 * The currency of a money cell: the row's `currencyColumn` cell when the column names one, else
 * the table's currency, else the document's (a money column with no currency of its own is in the
 * report's currency).
 */
export function cellCurrency(table: Pick<ReportTable, 'currency'>, column: ReportColumn, row: ReportRow, documentCurrency: string): string {
  const own = column.currencyColumn === undefined ? null : currencyOf(row[column.currencyColumn]);
  return own ?? currencyOf(table.currency) ?? normaliseCurrency(documentCurrency);
}

/**
 * Integer minor units as the exact decimal in major units ("-0.05", "1234"). `where` names the
 * cell for the error when the value is not an amount in minor units (a float, a NaN).
 */
export function moneyText(minor: number, currency: string, where: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${where}: a money value must be integer minor units of ${currency.toUpperCase()}, got ${minor}`);
  return minorToMajorText(minor, currencyExponent(currency));
}

/** "2026-11-30" as its UTC midnight, or null when the text is not a real calendar day. */
export function parseDay(text: string): Date | null {
  const match = DAY.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over to March: a rolled date is not the day written.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

/** "2026-11" as the UTC midnight of its first day, or null when the text is not a month. */
export function parseMonth(text: string): Date | null {
  const match = MONTH.exec(text);
  if (!match) return null;
  const [year, month] = [Number(match[1]), Number(match[2])];
  if (month < 1 || month > 12) return null;
  return new Date(Date.UTC(year, month - 1, 1));
}

/** The unit a chart's categories are read in: months or days when every one of them is one. */
export function categoryUnit(categories: readonly string[]): 'month' | 'date' | 'text' {
  if (categories.length === 0) return 'text';
  if (categories.every((category) => parseMonth(category) !== null)) return 'month';
  if (categories.every((category) => parseDay(category) !== null)) return 'date';
  return 'text';
}

/** The column whose cell names a row: the first text, month or date column, or null. */
export function labelColumn(columns: readonly ReportColumn[]): ReportColumn | null {
  return columns.find((column) => column.unit === 'text' || column.unit === 'month' || column.unit === 'date') ?? null;
}

/** What names a row in the long CSV: its label cell, else `otherwise` (its position, "Total"). */
export function rowName(label: ReportColumn | null, row: ReportRow, otherwise: string): string {
  const value = label === null ? null : row[label.key];
  return value === null || value === undefined || value === '' ? otherwise : String(value);
}
