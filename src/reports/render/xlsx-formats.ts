// The workbook's cells: each report value as what a spreadsheet keeps (a number, a date, a text)
// with the number format that shows it as the other formats do. Money is the exact decimal in major
// units read as a Number (digits moved by minorToMajorText, never minor ÷ 100 in floating point)
// with its currency's format — symbol and decimals from the currency (JPY none, KWD three); ratios
// stay fractions under a percent format; days and months are real dates (UTC midnight).
import { currencyExponent } from '../../core/currency.js';
import type { ValueUnit } from '../../read/reports/contract.js';
import { moneyText, parseDay, parseMonth } from './xlsx-cells.js';

export const FORMATS = {
  ratio: '0.0%',
  /** A KPI's change: signed, so a fall reads as one. */
  change: '+0.0%;-0.0%;0.0%',
  /** A ratio KPI's change, in percentage points. */
  pointsChange: '+0.0" pp";-0.0" pp";0.0" pp"',
  /** A score KPI's change, in points. */
  scoreChange: '+0" pts";-0" pts";0" pts"',
  count: '#,##0',
  score: '#,##0',
  days: '#,##0.0',
  date: 'yyyy-mm-dd',
  month: 'mmm yyyy',
  timestamp: 'yyyy-mm-dd hh:mm "UTC"',
} as const;

/** Excel keeps at most this many characters in a cell. */
const MAX_TEXT = 32_767;
/** Excel's calendar starts in 1900; earlier days are kept as text. */
const EXCEL_EPOCH = Date.UTC(1900, 0, 1);

const moneyFormats = new Map<string, string>();

/** The symbol en-US writes for a currency ("$", "€", "CA$"), or null when it writes the code. */
function currencySymbol(code: string): string | null {
  const upper = code.toUpperCase();
  try {
    const part = new Intl.NumberFormat('en-US', { style: 'currency', currency: upper }).formatToParts(1).find((p) => p.type === 'currency');
    const symbol = part?.value ?? upper;
    // A symbol Excel can hold inside [$…]; anything else (a code, "F CFA") is written as the code.
    return symbol !== upper && /^[^\s"[\];-]+$/.test(symbol) ? symbol : null;
  } catch {
    return null;
  }
}

/** `"$"#,##0.00;-"$"#,##0.00`, `[$¥]#,##0;-[$¥]#,##0`, `#,##0.000 "KWD"`. */
export function currencyFormat(currency: string): string {
  const code = currency.toLowerCase();
  const cached = moneyFormats.get(code);
  if (cached) return cached;
  const exponent = currencyExponent(code);
  const number = exponent > 0 ? `#,##0.${'0'.repeat(exponent)}` : '#,##0';
  const symbol = currencySymbol(code);
  const prefix = symbol === null ? null : symbol === '$' ? '"$"' : `[$${symbol}]`;
  const format = prefix === null ? `${number} "${code.toUpperCase()}"` : `${prefix}${number};-${prefix}${number}`;
  moneyFormats.set(code, format);
  return format;
}

export type XlsxValue = number | string | Date | null;
export type XlsxCell = { value: XlsxValue; numFmt: string | null };

const EMPTY: XlsxCell = { value: null, numFmt: null };

/** Text as a cell keeps it: within Excel's length (exceljs drops characters XML cannot hold). */
export function textCell(text: string): XlsxCell {
  return { value: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text, numFmt: null };
}

function calendarCell(text: string, unit: 'date' | 'month'): XlsxCell {
  const date = unit === 'date' ? parseDay(text) : parseMonth(text);
  // Not a day or month ("Total" in a month column), or before Excel's calendar: kept as written.
  if (date === null || date.getTime() < EXCEL_EPOCH) return textCell(text);
  return { value: date, numFmt: FORMATS[unit] };
}

/**
 * One report value as a workbook cell. `currency` is the money cell's currency (cellCurrency);
 * `where` names the cell in the error raised for money that is not integer minor units.
 */
export function xlsxCell(value: string | number | null | undefined, unit: ValueUnit, currency: string | null, where: string): XlsxCell {
  if (value === null || value === undefined || value === '') return EMPTY;
  if (typeof value === 'string') return unit === 'date' || unit === 'month' ? calendarCell(value, unit) : textCell(value);
  if (!Number.isFinite(value)) return EMPTY;
  switch (unit) {
    case 'money':
      if (currency === null) throw new Error(`${where}: a money value needs a currency`);
      return { value: Number(moneyText(value, currency, where)), numFmt: currencyFormat(currency) };
    case 'ratio':
    case 'count':
    case 'score':
    case 'days':
      return { value, numFmt: FORMATS[unit] };
    default:
      // A number in a text or calendar column: kept as the number it is.
      return { value, numFmt: null };
  }
}
