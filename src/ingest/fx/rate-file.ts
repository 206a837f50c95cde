// FX rate files a user uploads or points the CLI at. Pure: text in, rates out. Two layouts,
// told apart by the header:
//
// (a) The ECB's history CSV, eurofxref-hist.csv — the one file inside
//     https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip (the ECB serves it zipped
//     only). One row per working day, newest first, one column per currency that ever had a
//     reference rate; `N/A` where a currency had none that day (before it was added, after it
//     joined the euro or was suspended); every line ends with a comma, so the header has an empty
//     last column. From the real file (copies in public repositories, e.g. sekunho/moneyman and
//     olegsher-ds-2025/naya_p1):
//
//       Date,USD,JPY,BGN,CYP,CZK,DKK,EEK,GBP,HUF,LTL,LVL,MTL,PLN,ROL,RON,SEK,SIT,SKK,CHF,ISK,NOK,HRK,RUB,TRL,TRY,AUD,BRL,CAD,CNY,HKD,IDR,ILS,INR,KRW,MXN,MYR,NZD,PHP,SGD,THB,ZAR,
//       2024-09-26,1.1155,160.78,1.9558,N/A,25.159,7.4572,N/A,0.83428,395.95,N/A,N/A,N/A,4.271,N/A,4.9759,11.3,N/A,N/A,0.9452,150.5,11.7865,N/A,N/A,N/A,38.1022,1.6217,6.0372,1.5025,7.8213,8.6773,16878.63,4.1132,93.297,1478.62,21.8299,4.6237,1.7691,62.423,1.4328,36.215,19.238,
//
//     Values are units of the currency per one euro → EUR quotes. The ECB's one-day CSV
//     (eurofxref.csv in eurofxref.zip) has the same shape with a space after each comma and
//     dates like "28 June 2024"; it is accepted too.
//
// (b) A plain long CSV for rates from anywhere else, header exactly `date,currency,rate_to_<base>`
//     (any case), e.g. `date,currency,rate_to_usd` / `2024-06-28,eur,1.0705`: units of <base> per
//     one unit of `currency` → direct rates into <base>.
//
// Both accept a UTF-8 BOM, CRLF line ends, blank lines and double-quoted cells. Every problem is
// collected with its line number and thrown together as one FxFileError.
import type { CurrencyCode, Day, DecimalString } from '../../core/types.js';
import { FxFileError, isCalendarDay, isCurrencyCode, isPositiveDecimal, RateDeduper, sameRate, type EurQuote } from './quotes.js';

/** A rate straight into `quote`: units of `quote` per one unit of `currency` on `day`. */
export type DirectRate = { day: Day; currency: CurrencyCode; rate: DecimalString; quote: CurrencyCode };

export type RateFile = { quotes: EurQuote[] } | { rates: DirectRate[] };

export type RateFileOptions = {
  /** Named in the error message. */
  fileName?: string;
};

const HEADER_HELP = 'the header must be Date,USD,JPY,… (ECB) or date,currency,rate_to_<currency>';

/** Splits one CSV line; cells are trimmed, and double-quoted cells may hold commas and "". */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i += 1;
    let cell = '';
    if (line[i] === '"') {
      i += 1;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (line[i] === '"') {
          i += 1;
          break;
        } else {
          cell += line[i];
          i += 1;
        }
      }
      const comma = line.indexOf(',', i);
      cell += (comma === -1 ? line.slice(i) : line.slice(i, comma)).trim();
      i = comma === -1 ? line.length : comma;
    } else {
      const comma = line.indexOf(',', i);
      cell = (comma === -1 ? line.slice(i) : line.slice(i, comma)).trim();
      i = comma === -1 ? line.length : comma;
    }
    cells.push(cell);
    if (i >= line.length) return cells;
    i += 1; // past the comma
  }
}

/** Drops empty cells at the end of a row (the ECB's trailing comma). */
function withoutTrailingEmpties(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end -= 1;
  return cells.slice(0, end);
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** 'YYYY-MM-DD' from the file's date cell, or null. `longDates` also reads "28 June 2024". */
function readDay(cell: string, longDates: boolean): Day | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(cell)) return isCalendarDay(cell) ? cell : null;
  const long = longDates ? /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(cell) : null;
  if (long === null) return null;
  const month = MONTHS.indexOf(long[2]!.toLowerCase()) + 1;
  if (month === 0) return null;
  const day = `${long[3]}-${String(month).padStart(2, '0')}-${long[1]!.padStart(2, '0')}`;
  return isCalendarDay(day) ? day : null;
}

type Line = { number: number; cells: string[] };

class Problems {
  readonly list: string[] = [];
  add(line: number, text: string): void {
    this.list.push(`line ${line}: ${text}`);
  }
}

function readEcbRows(columns: readonly string[], rows: readonly Line[], problems: Problems): EurQuote[] {
  const quotes = new RateDeduper<EurQuote>();
  for (const { number, cells } of rows) {
    const [dateCell = '', ...values] = cells;
    const day = readDay(dateCell, true);
    if (day === null) {
      problems.add(number, `date "${dateCell}" is not a calendar date (YYYY-MM-DD)`);
      continue;
    }
    const extra = values.slice(columns.length);
    if (values.length < columns.length || extra.some((value) => value !== '')) {
      problems.add(number, `expected ${columns.length} values after the date (one per currency column), found ${withoutTrailingEmpties(values).length}`);
      continue;
    }
    columns.forEach((column, index) => {
      const value = values[index]!;
      if (value === '' || value.toUpperCase() === 'N/A') return;
      if (!isPositiveDecimal(value)) return problems.add(number, `rate "${value}" for ${column} is not a positive decimal`);
      const conflict = quotes.add({ day, currency: column.toLowerCase(), rate: value }, `line ${number}`);
      if (conflict) problems.add(number, conflict);
    });
  }
  return quotes.values();
}

function readPlainRows(base: CurrencyCode, header: string, rows: readonly Line[], problems: Problems): DirectRate[] {
  const rates = new RateDeduper<DirectRate>();
  for (const { number, cells } of rows) {
    const values = withoutTrailingEmpties(cells);
    if (values.length !== 3) {
      problems.add(number, `expected 3 values (${header}), found ${values.length}`);
      continue;
    }
    const [dateCell, currency, rate] = values as [string, string, string];
    const day = readDay(dateCell, false);
    const before = problems.list.length;
    if (day === null) problems.add(number, `date "${dateCell}" is not a calendar date (YYYY-MM-DD)`);
    if (!isCurrencyCode(currency)) problems.add(number, `currency "${currency}" is not a 3-letter code`);
    if (!isPositiveDecimal(rate)) problems.add(number, `rate "${rate}" is not a positive decimal`);
    else if (currency.toLowerCase() === base && !sameRate(rate, '1')) {
      problems.add(number, `the rate from ${base.toUpperCase()} into itself must be 1, not ${rate}`);
    }
    if (day === null || problems.list.length > before) continue;
    const conflict = rates.add({ day, currency: currency.toLowerCase(), rate, quote: base }, `line ${number}`);
    if (conflict) problems.add(number, conflict);
  }
  return rates.values();
}

/** Reads an ECB eurofxref CSV (→ EUR quotes) or a date,currency,rate_to_<base> CSV (→ direct
 *  rates into <base>). Throws FxFileError listing every problem found (the first 50). */
export function parseRateFile(text: string, options: RateFileOptions = {}): RateFile {
  const what = options.fileName ?? 'FX file';
  const lines: Line[] = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .map((line, index) => ({ number: index + 1, raw: line }))
    .filter(({ raw }) => raw.trim() !== '')
    .map(({ number, raw }) => ({ number, cells: splitCsvLine(raw) }));
  const [headerLine, ...rows] = lines;
  if (headerLine === undefined) throw new FxFileError(['the file is empty'], what);

  const problems = new Problems();
  const header = withoutTrailingEmpties(headerLine.cells);
  const at = headerLine.number;
  const first = header[0]?.toLowerCase();
  const second = header[1]?.toLowerCase();
  const plainBase = header.length === 3 && first === 'date' && second === 'currency' ? /^rate_to_([a-z]{3})$/i.exec(header[2]!)?.[1] : undefined;

  let result: RateFile;
  if (plainBase !== undefined) {
    const base = plainBase.toLowerCase();
    result = { rates: readPlainRows(base, `date,currency,rate_to_${base}`, rows, problems) };
  } else if (first === 'date' && header.length >= 2 && second !== 'currency') {
    const columns = header.slice(1);
    const seen = new Map<string, number>();
    columns.forEach((column, index) => {
      const position = index + 2;
      if (!isCurrencyCode(column)) return problems.add(at, `column ${position} "${column}" is not a 3-letter currency code`);
      const earlier = seen.get(column.toUpperCase());
      if (earlier !== undefined) return problems.add(at, `${column.toUpperCase()} is both column ${earlier} and column ${position}`);
      seen.set(column.toUpperCase(), position);
    });
    if (problems.list.length > 0) throw new FxFileError(problems.list, what);
    result = { quotes: readEcbRows(columns, rows, problems) };
  } else {
    const found = headerLine.cells.join(',');
    throw new FxFileError([`line ${at}: ${HEADER_HELP} (found "${found.length > 60 ? `${found.slice(0, 60)}…` : found}")`], what);
  }

  if (problems.list.length > 0) throw new FxFileError(problems.list, what);
  const count = 'quotes' in result ? result.quotes.length : result.rates.length;
  if (count === 0) throw new FxFileError([rows.length === 0 ? `line ${at}: the file has a header but no rows` : 'the file has no rates (every value is N/A or empty)'], what);
  return result;
}
