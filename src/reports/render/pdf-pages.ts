// The PDF's page furniture: the board pack's cover (title, workspace, period, as-of and the
// written summary), the title block that opens every other report on page 1, and — once every
// page exists — the running header (report title, workspace, period) and footer ("Page 3 of 9",
// when it was generated and as of when its figures are).
import type { ReportDocument } from '../../read/reports/contract.js';
import { formatInstant } from './format-value.js';
import { BLOCK_GAP, drawParagraphs } from './pdf-blocks.js';
import { COLOR, CONTENT_BOTTOM, FONT, MARGIN, breakPage, contentLeft, contentWidth, drawLine, fitText, lineHeight, newPage, setFont, textWidth, wrapText, type Flow, type Orientation } from './pdf-layout.js';

const HEADER_TOP = 24;
const HEADER_SIZE = 7.5;
const FOOTER_SIZE = 7.5;

/** The board pack's cover: page 1, without the running header; the content starts on page 2. */
export function drawCover(flow: Flow, report: ReportDocument): void {
  const { doc } = flow;
  newPage(flow, 'portrait');
  flow.bareHeaderPages.add(flow.pages - 1);
  const x = contentLeft();
  const width = contentWidth(flow);
  doc.save().rect(0, 0, doc.page.width, 10).fill(COLOR.accent).restore();

  flow.y = 170;
  setFont(doc, FONT.bold, 9);
  drawLine(doc, 'REVPULSE', x, flow.y, { color: COLOR.accent });
  flow.y += lineHeight(doc) + 10;
  flow.y = drawWrapped(flow, report.title, { font: FONT.bold, size: 26, maxLines: 3, color: COLOR.text, spacing: 1.1 });
  flow.y += 10;
  flow.y = drawWrapped(flow, report.workspace.name, { font: FONT.regular, size: 15, maxLines: 2, color: COLOR.text });
  flow.y = drawWrapped(flow, report.period.label, { font: FONT.regular, size: 13, maxLines: 1, color: COLOR.muted });
  flow.y += 4;
  flow.y = drawWrapped(flow, `Figures as of ${formatInstant(report.asOf)}`, { font: FONT.regular, size: 9.5, maxLines: 1, color: COLOR.muted });

  if (report.summary.length > 0) {
    flow.y += 26;
    doc.save().lineWidth(1).moveTo(x, flow.y).lineTo(x + width, flow.y).stroke(COLOR.rule).restore();
    flow.y += 16;
    setFont(doc, FONT.bold, 12);
    drawLine(doc, 'Summary', x, flow.y);
    flow.y += lineHeight(doc) + 8;
    drawParagraphs(flow, report.summary, { size: 11 });
  }
  breakPage(flow, 'portrait');
}

/** Page 1 of a daily, weekly or custom report: title, workspace and period, then the summary. Landscape when the first section is. */
export function drawTitleBlock(flow: Flow, report: ReportDocument, orientation: Orientation): void {
  newPage(flow, orientation);
  flow.y = drawWrapped(flow, report.title, { font: FONT.bold, size: 18, maxLines: 2, color: COLOR.text, spacing: 1.1 });
  flow.y += 2;
  flow.y = drawWrapped(flow, `${report.workspace.name} · ${report.period.label}`, { font: FONT.regular, size: 10.5, maxLines: 2, color: COLOR.muted });
  flow.y = drawWrapped(flow, `Figures as of ${formatInstant(report.asOf)}`, { font: FONT.regular, size: 8.5, maxLines: 1, color: COLOR.muted });
  flow.y += 12;
  if (report.summary.length > 0) {
    drawParagraphs(flow, report.summary, { size: 10 });
    flow.y += BLOCK_GAP;
  }
}

function drawWrapped(flow: Flow, text: string, options: { font: (typeof FONT)[keyof typeof FONT]; size: number; maxLines: number; color: string; spacing?: number }): number {
  const { doc } = flow;
  setFont(doc, options.font, options.size);
  const step = lineHeight(doc) * (options.spacing ?? 1.2);
  let y = flow.y;
  for (const line of wrapText(doc, text, contentWidth(flow), options.maxLines)) {
    drawLine(doc, line, contentLeft(), y, { color: options.color });
    y += step;
  }
  return y;
}

/** Header and footer on every page, now that the page count is known. */
export function drawPageFurniture(flow: Flow, report: ReportDocument): void {
  const { doc } = flow;
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const width = doc.page.width;
    const height = doc.page.height;
    const inner = width - 2 * MARGIN;

    if (!flow.bareHeaderPages.has(i)) {
      const right = `${report.workspace.name} · ${report.period.label}`;
      setFont(doc, FONT.regular, HEADER_SIZE);
      const rightText = fitText(doc, right, inner * 0.45);
      drawLine(doc, rightText.text, MARGIN, HEADER_TOP, { color: COLOR.muted, align: 'right', width: inner });
      setFont(doc, FONT.bold, HEADER_SIZE);
      drawLine(doc, fitText(doc, report.title, inner - rightText.width - 16).text, MARGIN, HEADER_TOP, { color: COLOR.text });
      const ruleY = HEADER_TOP + lineHeight(doc) + 6;
      doc.save().lineWidth(0.5).moveTo(MARGIN, ruleY).lineTo(width - MARGIN, ruleY).stroke(COLOR.rule).restore();
    }

    const footerTop = height - CONTENT_BOTTOM + 18;
    doc.save().lineWidth(0.5).moveTo(MARGIN, footerTop - 6).lineTo(width - MARGIN, footerTop - 6).stroke(COLOR.rule).restore();
    const page = `Page ${i - range.start + 1} of ${total}`;
    setFont(doc, FONT.bold, FOOTER_SIZE);
    const pageWidth = textWidth(doc, page);
    drawLine(doc, page, MARGIN, footerTop, { color: COLOR.text, align: 'right', width: inner });
    setFont(doc, FONT.regular, FOOTER_SIZE);
    const stamp = `Generated ${formatInstant(report.generatedAt)} · figures as of ${formatInstant(report.asOf)}`;
    drawLine(doc, fitText(doc, stamp, inner - pageWidth - 16).text, MARGIN, footerTop, { color: COLOR.muted });
  }
}
