// Reads a workbook Revpulse wrote (renderXlsx, the API's Excel exports) back with exceljs, for
// tests: each sheet's rows as plain values (numbers, strings, Dates, null), its number formats, its
// frozen rows and autofilter, and the money a document holds as the number a cell must equal.
import ExcelJS from 'exceljs';
import { currencyExponent } from '../../src/core/currency.js';
import { minorToMajorText } from '../../src/core/money-text.js';

export type CellValue = number | string | Date | boolean | null;

export type SheetRead = {
  name: string;
  /** Row by row from row 1, each cell from column 1; a missing cell is null. */
  values: CellValue[][];
  /** The number format of each cell ('' when General), aligned with `values`. */
  numFmts: string[][];
  /** Bold font, aligned with `values`. */
  bold: boolean[][];
  /** True when a cell holds a formula (a report workbook should hold none). */
  formulas: boolean[][];
  /** Rows frozen at the top (0 when none). */
  frozenRows: number;
  /** The autofilter range ("A1:E3"), or null. */
  autoFilter: string | null;
  widths: (number | undefined)[];
};

function plain(cell: ExcelJS.Cell): CellValue {
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((part) => part.text).join('');
  if (typeof value === 'object' && 'result' in value) return (value.result as CellValue | undefined) ?? null;
  return String(cell.text);
}

function autoFilterOf(sheet: ExcelJS.Worksheet): string | null {
  const filter = sheet.autoFilter as unknown;
  if (!filter) return null;
  if (typeof filter === 'string') return filter;
  const range = filter as { from: string | { row: number; column: number }; to: string | { row: number; column: number } };
  const ref = (at: string | { row: number; column: number }) => (typeof at === 'string' ? at : `${columnLetter(at.column)}${at.row}`);
  return `${ref(range.from)}:${ref(range.to)}`;
}

/** 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let out = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

export async function readXlsx(body: Buffer | Uint8Array): Promise<{ workbook: ExcelJS.Workbook; sheets: SheetRead[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheets = workbook.worksheets.map((sheet): SheetRead => {
    const values: CellValue[][] = [];
    const numFmts: string[][] = [];
    const bold: boolean[][] = [];
    const formulas: boolean[][] = [];
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const width = row.cellCount;
      const rowValues: CellValue[] = [];
      const rowFmts: string[] = [];
      const rowBold: boolean[] = [];
      const rowFormulas: boolean[] = [];
      for (let c = 1; c <= width; c++) {
        const cell = row.getCell(c);
        rowValues.push(plain(cell));
        rowFmts.push(cell.numFmt ?? '');
        rowBold.push(cell.font?.bold === true);
        rowFormulas.push(cell.type === ExcelJS.ValueType.Formula || cell.formula !== undefined);
      }
      values.push(rowValues);
      numFmts.push(rowFmts);
      bold.push(rowBold);
      formulas.push(rowFormulas);
    }
    const view = (sheet.views as ExcelJS.WorksheetView[] | null)?.[0] as { state?: string; ySplit?: number } | undefined;
    return {
      name: sheet.name,
      values,
      numFmts,
      bold,
      formulas,
      frozenRows: view?.state === 'frozen' ? (view.ySplit ?? 0) : 0,
      autoFilter: autoFilterOf(sheet),
      widths: sheet.columns?.map((column) => column.width) ?? [],
    };
  });
  return { workbook, sheets };
}

/** The number a money cell must hold: the exact decimal in major units, as a Number. */
export function majorNumber(minor: number, currency: string): number {
  return Number(minorToMajorText(minor, currencyExponent(currency)));
}

/** A calendar day as the Date a date cell reads back as (UTC midnight). */
export function utcDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}
