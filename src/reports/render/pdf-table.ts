// Tables in the PDF: a title, a header row drawn again at the top of every page the table runs
// on (under "… (continued)"), striped rows with numbers right-aligned, a bold totals row and the
// table's note. A row is never split by a page break, and the last row stays with the totals
// row and the note. Thousands of rows (a table export) are drawn with one text call per cell and
// no re-measuring: each cell was measured once by the layout.
import type { ReportTable } from '../../read/reports/contract.js';
import { drawNote, noteHeight } from './pdf-blocks.js';
import { drawCells } from './pdf-cell-text.js';
import { COLOR, FONT, contentBottom, contentLeft, contentWidth, drawLine, ensureSpace, fitText, lineHeight, newPage, pageCapacity, setFont, textWidth, type Flow } from './pdf-layout.js';
import { layoutTable, type TableLayout } from './pdf-table-layout.js';

const TITLE_SIZE = 10;
const CONTINUED_SIZE = 8;
const NOTE_GAP = 4;
/** A table no taller than this share of a page is never split. */
const KEEP_WHOLE = 0.4;

const layouts = new WeakMap<ReportTable, { width: number; layout: TableLayout }>();

function layoutFor(flow: Flow, table: ReportTable): TableLayout {
  const width = contentWidth(flow);
  const cached = layouts.get(table);
  if (cached && cached.width === width) return cached.layout;
  const layout = layoutTable(flow.doc, table, width);
  layouts.set(table, { width, layout });
  return layout;
}

function titleHeight(flow: Flow): number {
  setFont(flow.doc, FONT.bold, TITLE_SIZE);
  return lineHeight(flow.doc) + 5;
}

/** The height of the whole table on one page. */
function fullHeight(flow: Flow, table: ReportTable, layout: TableLayout, showTitle: boolean): number {
  const note = table.rows.length > 0 ? table.note : null;
  const rows = Math.max(1, table.rows.length) + (table.total ? 1 : 0);
  return (showTitle ? titleHeight(flow) : 0) + layout.headerHeight + rows * layout.rowHeight + (note ? NOTE_GAP + noteHeight(flow, note, layout.width) : 0);
}

/**
 * What must fit for the table to start on this page: a short table (up to KEEP_WHOLE of a page)
 * whole — moved to the next page rather than split — a longer one its title, header and first row.
 */
export function tableLeadHeight(flow: Flow, table: ReportTable, showTitle: boolean): number {
  const layout = layoutFor(flow, table);
  const full = fullHeight(flow, table, layout, showTitle);
  if (full <= pageCapacity(flow) * KEEP_WHOLE) return full;
  const first = table.rows.length > 0 ? layout.rowHeight : layout.rowHeight + (table.total ? layout.rowHeight : 0);
  return (showTitle ? titleHeight(flow) : 0) + layout.headerHeight + first;
}

export function drawTable(flow: Flow, table: ReportTable, showTitle: boolean): void {
  const { doc } = flow;
  const layout = layoutFor(flow, table);
  ensureSpace(flow, tableLeadHeight(flow, table, showTitle));
  if (showTitle) {
    setFont(doc, FONT.bold, TITLE_SIZE);
    drawLine(doc, fitText(doc, table.title, contentWidth(flow)).text, contentLeft(), flow.y);
    flow.y += titleHeight(flow);
  }
  drawHeader(flow, layout, table);

  const note = table.rows.length > 0 ? table.note : null;
  const tail = (table.total ? layout.rowHeight : 0) + (note ? NOTE_GAP + noteHeight(flow, note, layout.width) : 0);
  const last = table.rows.length - 1;
  for (let r = 0; r <= last; r++) {
    const needed = layout.rowHeight + (r === last ? tail : 0);
    if (flow.y + needed > contentBottom(flow)) continueOnNewPage(flow, layout, table);
    drawRow(flow, layout, layout.cells[r] ?? [], layout.cellWidths[r], r % 2 === 1 ? COLOR.stripe : null, false);
  }
  if (table.rows.length === 0) {
    setFont(doc, FONT.regular, layout.size);
    const y = flow.y + (layout.rowHeight - lineHeight(doc)) / 2;
    drawLine(doc, fitText(doc, table.note ?? 'No rows.', layout.width - 2 * layout.padding).text, contentLeft() + layout.padding, y, { color: COLOR.muted });
    flow.y += layout.rowHeight;
  }
  if (layout.total) {
    if (flow.y + layout.rowHeight > contentBottom(flow)) continueOnNewPage(flow, layout, table);
    doc.save().lineWidth(0.8).moveTo(contentLeft(), flow.y).lineTo(contentLeft() + layout.width, flow.y).stroke(COLOR.muted).restore();
    drawRow(flow, layout, layout.total, layout.totalWidths, COLOR.totalFill, true);
  }
  if (note) {
    flow.y += NOTE_GAP;
    drawNote(flow, note, layout.width);
  }
}

function continueOnNewPage(flow: Flow, layout: TableLayout, table: ReportTable): void {
  newPage(flow);
  const { doc } = flow;
  setFont(doc, FONT.regular, CONTINUED_SIZE);
  drawLine(doc, fitText(doc, `${table.title} (continued)`, contentWidth(flow)).text, contentLeft(), flow.y, { color: COLOR.muted });
  flow.y += lineHeight(doc) + 4;
  drawHeader(flow, layout, table);
}

function drawHeader(flow: Flow, layout: TableLayout, table: ReportTable): void {
  const { doc } = flow;
  const x0 = contentLeft();
  doc.save().rect(x0, flow.y, layout.width, layout.headerHeight).fill(COLOR.headerFill).restore();
  setFont(doc, FONT.bold, layout.size);
  const step = lineHeight(doc);
  const padY = (layout.rowHeight - step) / 2;
  let x = x0;
  table.columns.forEach((_, c) => {
    const width = layout.widths[c] ?? 0;
    const inner = width - 2 * layout.padding;
    const lines = layout.headerLines[c] ?? [];
    // Labels sit on the bottom line, over their column's figures, however many lines they take.
    const top = flow.y + layout.headerHeight - padY - lines.length * step;
    lines.forEach((line, i) => drawLine(doc, line, x + layout.padding, top + i * step, { color: COLOR.text, align: layout.align[c], width: inner }));
    x += width;
  });
  flow.y += layout.headerHeight;
  doc.save().lineWidth(0.6).moveTo(x0, flow.y).lineTo(x0 + layout.width, flow.y).stroke(COLOR.rule).restore();
}

function drawRow(flow: Flow, layout: TableLayout, cells: string[], widths: Float64Array | null | undefined, fill: string | null, bold: boolean): void {
  const { doc } = flow;
  const x0 = contentLeft();
  if (fill) doc.save().rect(x0, flow.y, layout.width, layout.rowHeight).fill(fill).restore();
  setFont(doc, bold ? FONT.bold : FONT.regular, layout.size);
  const y = flow.y + (layout.rowHeight - lineHeight(doc)) / 2;
  doc.fillColor(COLOR.text);
  const placed: { text: string; x: number }[] = [];
  let x = x0;
  for (let c = 0; c < cells.length; c++) {
    const width = layout.widths[c] ?? 0;
    const inner = width - 2 * layout.padding;
    let text = cells[c] ?? '';
    let measured = widths?.[c] ?? textWidth(doc, text);
    if (measured > inner + 0.01) ({ text, width: measured } = fitText(doc, text, inner));
    placed.push({ text, x: layout.align[c] === 'right' ? x + width - layout.padding - measured : x + layout.padding });
    x += width;
  }
  drawCells(doc, placed, y);
  flow.y += layout.rowHeight;
}
