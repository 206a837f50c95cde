// Writes rows into a streamed worksheet (exceljs' WorkbookWriter: each row is committed as it is
// written, so a 100,000-row table never sits in memory as cell objects). A data sheet — a table's
// or a chart's — gets a bold frozen header, column widths sized from its content, an autofilter
// and a bold totals row. Styles are shared frozen objects, one per look and number format: exceljs
// keeps a cell's style by reference and looks its style id up by object (a WeakMap), so sharing
// them is what keeps a large sheet fast — and setting a font through one cell would change them all.
import type ExcelJS from 'exceljs';
import type { XlsxCell } from './xlsx-formats.js';

export type Look = 'plain' | 'bold' | 'header' | 'title' | 'note';
export type StyledCell = XlsxCell & { look?: Look };

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF1F5' } };
const FONTS: Record<Look, Partial<ExcelJS.Font> | undefined> = {
  plain: undefined,
  bold: { bold: true },
  header: { bold: true },
  title: { bold: true, size: 14 },
  note: { italic: true, color: { argb: 'FF5F6B7A' } },
};
/** Columns are at least this wide and at most this wide (in characters). */
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;
/** Widths are measured on this many rows; the rest of a long table looks like its start. */
const WIDTH_SAMPLE = 1_000;

const styles = new Map<string, Partial<ExcelJS.Style>>();

function styleOf(numFmt: string | null, look: Look): Partial<ExcelJS.Style> {
  const key = `${look}\u0000${numFmt ?? ''}`;
  let style = styles.get(key);
  if (!style) {
    style = {};
    if (numFmt !== null) style.numFmt = numFmt;
    const font = FONTS[look];
    if (font) style.font = font;
    if (look === 'header') {
      style.fill = HEADER_FILL;
      style.alignment = { vertical: 'middle' };
    }
    styles.set(key, Object.freeze(style));
  }
  return style;
}

/** Writes and commits row `number` of a streamed sheet; empty cells are left out. */
export function writeRow(sheet: ExcelJS.Worksheet, number: number, cells: readonly StyledCell[], look: Look = 'plain'): void {
  const row = sheet.getRow(number);
  cells.forEach((cell, index) => {
    const cellLook = cell.look ?? look;
    if (cell.value === null && cellLook !== 'header') return;
    const target = row.getCell(index + 1);
    target.value = cell.value;
    target.style = styleOf(cell.numFmt, cellLook);
  });
  row.commit();
}

/** Roughly how many characters a cell shows: enough to size a column, not to lay it out. */
function shownWidth(cell: XlsxCell): number {
  const { value, numFmt } = cell;
  if (value === null) return 0;
  if (value instanceof Date) return numFmt === 'mmm yyyy' ? 8 : 10;
  if (typeof value === 'string') return Math.max(...value.split('\n').map((line) => line.length));
  const digits = String(Math.trunc(Math.abs(value))).length;
  const decimals = /\.(0+)/.exec(numFmt ?? '')?.[1]?.length ?? (Number.isInteger(value) ? 0 : 2);
  const symbol = numFmt?.match(/"([^"]*)"|\[\$([^\]]*)]/)?.slice(1).find(Boolean)?.length ?? 0;
  const percent = numFmt?.includes('%') ? 1 : 0;
  return digits + Math.floor((digits - 1) / 3) + (decimals > 0 ? decimals + 1 : 0) + symbol + percent + (value < 0 ? 1 : 0);
}

export type GridSheet = {
  headers: readonly string[];
  rowCount: number;
  /** The cells of data row `index` (0-based), asked for once to write it and once more for widths. */
  rowAt(index: number): XlsxCell[];
  total: XlsxCell[] | null;
  filter: boolean;
  /** Shown in italics two rows below the data: a table's note, or why it is empty. */
  note: string | null;
};

/** Adds a data sheet: frozen bold header, sized columns, optional autofilter, bold totals. */
export function writeGrid(workbook: ExcelJS.Workbook, name: string, grid: GridSheet): void {
  const widths = grid.headers.map((header) => header.length + 2);
  const measure = (cells: XlsxCell[]) => cells.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, shownWidth(cell) + 2)));
  for (let index = 0; index < Math.min(grid.rowCount, WIDTH_SAMPLE); index++) measure(grid.rowAt(index));
  if (grid.total) measure(grid.total);

  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  // Widths before the first row: a streamed sheet writes its columns ahead of its rows.
  sheet.columns = widths.map((width) => ({ width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width)) }));
  const columns = grid.headers.length;
  if (grid.filter && grid.rowCount > 0 && columns > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: grid.rowCount + 1, column: columns } };
  }

  writeRow(sheet, 1, grid.headers.map((header) => ({ value: header, numFmt: null })), 'header');
  let number = 2;
  for (let index = 0; index < grid.rowCount; index++) writeRow(sheet, number++, grid.rowAt(index));
  if (grid.total) writeRow(sheet, number++, grid.total, 'bold');
  if (grid.note) writeRow(sheet, number + 1, [{ value: grid.note, numFmt: null }], 'note');
  sheet.commit();
}
