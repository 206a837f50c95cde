// How a table fits the page width: every cell formatted once (formatCell: the row's own
// currency in a table of several currencies) and measured once, then column widths chosen —
// each column as wide as its widest cell and its header (room to spare goes mostly to the text
// columns, so figures stay together); when they do not fit, headers wrap to
// two lines, then the font shrinks (down to MIN_SIZE), then the text columns give way, then the
// numbers; a cell that still does not fit is cut with an ellipsis at draw time. Widths scale
// exactly with the font size, so measuring at one size serves every size.
import type { ReportColumn, ReportRow, ReportTable } from '../../read/reports/contract.js';
import { formatCell, isNumericUnit } from './format-value.js';
import { FONT, lineHeight, setFont, textWidth, wrapText, type Pdf } from './pdf-layout.js';

export const BASE_SIZE = 8;
export const MIN_SIZE = 6;
const PAD = 4;
const TEXT_FLOOR = 36;
/** How much wider than its widest cell a column of figures may be drawn. */
const MAX_FIGURE_STRETCH = 1.6;

export type Align = 'left' | 'right';

export type TableLayout = {
  /** The table's width: the content width, or less for a narrow table. */
  width: number;
  size: number;
  widths: number[];
  align: Align[];
  /** Formatted cells, row by row, and their widths at `size`. */
  cells: string[][];
  cellWidths: Float64Array[];
  total: string[] | null;
  totalWidths: Float64Array | null;
  headerLines: string[][];
  headerHeight: number;
  rowHeight: number;
  padding: number;
};

export function alignOf(column: ReportColumn): Align {
  return isNumericUnit(column.unit) ? 'right' : 'left';
}

function measureRow(doc: Pdf, texts: string[], widths: number[], into: Float64Array): void {
  texts.forEach((text, c) => {
    const w = text === '' ? 0 : textWidth(doc, text);
    into[c] = w;
    if (w > (widths[c] ?? 0)) widths[c] = w;
  });
}

export function layoutTable(doc: Pdf, table: ReportTable, available: number): TableLayout {
  const { columns } = table;
  const n = columns.length;
  const cells = table.rows.map((row) => columns.map((column) => formatCell(table, column, row)));
  const total = table.total ? columns.map((column) => formatCell(table, column, table.total as ReportRow)) : null;

  // Natural widths at BASE_SIZE.
  const body = new Array<number>(n).fill(0);
  setFont(doc, FONT.regular, BASE_SIZE);
  const cellWidths = cells.map((row) => {
    const widths = new Float64Array(n);
    measureRow(doc, row, body, widths);
    return widths;
  });
  setFont(doc, FONT.bold, BASE_SIZE);
  const totalWidths = total ? new Float64Array(n) : null;
  if (total && totalWidths) measureRow(doc, total, body, totalWidths);
  const headerFull = columns.map((column) => textWidth(doc, column.label));
  const headerWord = columns.map((column) => Math.max(0, ...column.label.split(/\s+/).map((word) => textWidth(doc, word))));

  const fit = (scale: number) => {
    const want = body.map((w, c) => Math.max(w, headerFull[c] ?? 0) * scale + 2 * PAD);
    const need = body.map((w, c) => Math.max(w, headerWord[c] ?? 0) * scale + 2 * PAD);
    return { want, need, sumWant: sum(want), sumNeed: sum(need) };
  };

  let size = BASE_SIZE;
  let { want, need, sumWant, sumNeed } = fit(1);
  if (sumNeed > available) {
    const content = sumNeed - 2 * PAD * n;
    size = Math.max(MIN_SIZE, Math.floor(BASE_SIZE * Math.min(1, (available - 2 * PAD * n) / content) * 4) / 4);
    ({ want, need, sumWant, sumNeed } = fit(size / BASE_SIZE));
  }

  const align = columns.map(alignOf);
  // A table of a few short columns is not stretched across the page: its figures would sit far from their labels.
  const width = sumWant * 2 < available ? Math.max(sumWant * 1.5, available / 2) : available;
  let widths: number[];
  if (sumWant <= width) widths = spread(want, align, width);
  else if (sumNeed <= available) widths = need.map((w, c) => w + (((want[c] ?? w) - w) * (available - sumNeed)) / (sumWant - sumNeed));
  else widths = squeeze(need, align, available);

  const scale = size / BASE_SIZE;
  if (scale !== 1) {
    for (const row of cellWidths) for (let c = 0; c < n; c++) row[c] = (row[c] ?? 0) * scale;
    if (totalWidths) for (let c = 0; c < n; c++) totalWidths[c] = (totalWidths[c] ?? 0) * scale;
  }

  setFont(doc, FONT.bold, size);
  const headerLines = columns.map((column, c) => wrapText(doc, column.label, (widths[c] ?? 0) - 2 * PAD, 2));
  const line = lineHeight(doc);
  const padY = Math.round(size * 0.45 * 10) / 10;
  return {
    width,
    size,
    widths,
    align,
    cells,
    cellWidths,
    total,
    totalWidths,
    headerLines,
    headerHeight: Math.max(1, ...headerLines.map((lines) => lines.length)) * line + 2 * padY,
    rowHeight: line + 2 * padY,
    padding: PAD,
  };
}

/** Room to spare: figures get a little of it, the text columns the rest, so a row's figures stay near each other. */
function spread(want: number[], align: Align[], available: number): number[] {
  const factor = available / sum(want);
  const textWant = sum(want.filter((_, c) => align[c] === 'left'));
  if (textWant === 0) return want.map((w) => w * factor);
  const numbers = want.map((w, c) => (align[c] === 'right' ? w * Math.min(factor, MAX_FIGURE_STRETCH) : 0));
  const textRoom = available - sum(numbers);
  return want.map((w, c) => (align[c] === 'right' ? (numbers[c] ?? w) : (w * textRoom) / textWant));
}

/** Widths that sum to `available`: text columns are narrowed first (not below TEXT_FLOOR), then every column alike. */
function squeeze(need: number[], align: Align[], available: number): number[] {
  const fixedNumbers = sum(need.filter((_, c) => align[c] === 'right'));
  const textNeeds = need.filter((_, c) => align[c] === 'left');
  if (textNeeds.length > 0 && fixedNumbers + sum(textNeeds.map((w) => Math.min(w, TEXT_FLOOR))) <= available) {
    const cap = waterLevel(textNeeds, available - fixedNumbers);
    return need.map((w, c) => (align[c] === 'left' ? Math.min(w, cap) : w));
  }
  const cap = waterLevel(need, available);
  return need.map((w) => Math.min(w, cap));
}

/** The cap c with Σ min(wᵢ, c) = total (total below Σ wᵢ). */
function waterLevel(widths: number[], total: number): number {
  const sorted = [...widths].sort((a, b) => a - b);
  let used = 0;
  for (let i = 0; i < sorted.length; i++) {
    const cap = (total - used) / (sorted.length - i);
    if (cap <= (sorted[i] ?? 0)) return cap;
    used += sorted[i] ?? 0;
  }
  return sorted.at(-1) ?? total;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
