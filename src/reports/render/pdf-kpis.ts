// KPI tiles in the PDF: a grid of fixed-size tiles (four to a row on a portrait page, five on a
// landscape one), each with its label, its value (the font shrinks until it fits), the change —
// green when it is good news, red when bad, so a rise in churn is red — and what it is compared
// with; a missing figure shows its reason instead. A row of tiles is never split by a page break.
import type { ReportKpi } from '../../read/reports/contract.js';
import { formatValue, kpiChange } from './format-value.js';
import { COLOR, FONT, contentLeft, contentWidth, drawLine, ensureSpace, fitText, lineHeight, setFont, textWidth, wrapText, type Flow, type Pdf } from './pdf-layout.js';

export const TILE_HEIGHT = 84;
const GAP = 10;
const PAD = 8;
const LABEL_SIZE = 8;
const VALUE_SIZE = 16;
const MIN_VALUE_SIZE = 9;
const CHANGE_SIZE = 8.5;
const SMALL_SIZE = 7.5;

export function kpisHeight(flow: Flow, count: number): number {
  const rows = Math.ceil(count / tilesPerRow(flow));
  return rows * TILE_HEIGHT + Math.max(0, rows - 1) * GAP;
}

function tilesPerRow(flow: Flow): number {
  return flow.orientation === 'portrait' ? 4 : 5;
}

export function drawKpis(flow: Flow, kpis: ReportKpi[]): void {
  const perRow = tilesPerRow(flow);
  const width = (contentWidth(flow) - GAP * (perRow - 1)) / perRow;
  for (let start = 0; start < kpis.length; start += perRow) {
    if (start > 0) flow.y += GAP;
    ensureSpace(flow, TILE_HEIGHT);
    kpis.slice(start, start + perRow).forEach((kpi, i) => drawTile(flow.doc, kpi, contentLeft() + i * (width + GAP), flow.y, width));
    flow.y += TILE_HEIGHT;
  }
}

function drawTile(doc: Pdf, kpi: ReportKpi, x: number, y: number, width: number): void {
  const inner = width - 2 * PAD;
  const { figure } = kpi;
  doc.save().lineWidth(0.6).roundedRect(x, y, width, TILE_HEIGHT, 4).fillAndStroke(COLOR.tile, COLOR.rule).restore();

  let cursor = y + PAD;
  setFont(doc, FONT.regular, LABEL_SIZE);
  const labelStep = lineHeight(doc);
  wrapText(doc, figure.label, inner, 2).forEach((line, i) => drawLine(doc, line, x + PAD, cursor + i * labelStep, { color: COLOR.muted }));
  cursor += 2 * labelStep + 3;

  const value = formatValue(figure.value, figure.unit, figure.currency);
  let size = VALUE_SIZE;
  setFont(doc, FONT.bold, size);
  while (size > MIN_VALUE_SIZE && textWidth(doc, value) > inner) setFont(doc, FONT.bold, (size -= 0.5));
  // The value's line is as tall as at full size, so tiles in a row line up whatever their value's size.
  const valueTop = cursor + (VALUE_SIZE - size) * 0.9;
  drawLine(doc, fitText(doc, value, inner).text, x + PAD, valueTop, { color: COLOR.text });
  setFont(doc, FONT.bold, VALUE_SIZE);
  cursor += lineHeight(doc) + 4;

  if (figure.value === null) {
    setFont(doc, FONT.regular, SMALL_SIZE);
    const step = lineHeight(doc);
    wrapText(doc, figure.reason ?? 'Not available', inner, 2).forEach((line, i) => drawLine(doc, line, x + PAD, cursor + i * step, { color: COLOR.muted }));
    return;
  }
  const change = changeText(kpi);
  setFont(doc, FONT.bold, CHANGE_SIZE);
  drawLine(doc, fitText(doc, change.text, inner).text, x + PAD, cursor, { color: change.color });
  cursor += lineHeight(doc) + 1;
  if (kpi.comparedWith) {
    setFont(doc, FONT.regular, SMALL_SIZE);
    drawLine(doc, fitText(doc, kpi.comparedWith, inner).text, x + PAD, cursor, { color: COLOR.muted });
  }
}

function changeText(kpi: ReportKpi): { text: string; color: string } {
  const change = kpiChange(kpi);
  if (!change) {
    const { previous, figure } = kpi;
    return { text: previous === null ? 'No comparison' : `from ${formatValue(previous, figure.unit, figure.currency)}`, color: COLOR.muted };
  }
  if (change.tone === 'flat') return { text: `${change.text} change`, color: COLOR.muted };
  const arrow = (kpi.change ?? 0) > 0 ? '▲' : '▼';
  return { text: `${arrow} ${change.text}`, color: change.tone === 'good' ? COLOR.good : COLOR.bad };
}
