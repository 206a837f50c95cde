// Renders a report document as a PDF (pdfkit, A4, the embedded DejaVu fonts so every currency
// sign has a glyph; real text, so it can be searched and copied). The board pack opens with a
// cover page; other reports with their title and summary on page 1. Sections follow in order,
// each title kept with the start of its first block; a section holding a table of more than
// WIDE_COLUMNS columns is set on landscape pages. Header and footer ("Page 3 of 9") are drawn
// last, over the buffered pages, once the page count is known.
import PDFDocument from 'pdfkit';
import type { ReportBlock, ReportDocument, ReportSection } from '../../read/reports/contract.js';
import { FONT_BOLD, FONT_REGULAR } from './fonts.js';
import { BLOCK_GAP, drawHeading, drawNote, drawParagraphs, headingHeight, noteHeight, paragraphsLeadHeight } from './pdf-blocks.js';
import { chartHeight, drawChart } from './pdf-chart.js';
import { drawKpis, TILE_HEIGHT } from './pdf-kpis.js';
import { FONT, atPageTop, breakPage, createFlow, ensureSpace, newPage, type Flow, type Orientation } from './pdf-layout.js';
import { drawCover, drawPageFurniture, drawTitleBlock } from './pdf-pages.js';
import { drawTable, tableLeadHeight } from './pdf-table.js';

/** A table with more columns than this sets its section on landscape pages. */
export const WIDE_COLUMNS = 7;
const SECTION_GAP = 10;
const NOTE_GAP = 6;

export async function renderPdf(report: ReportDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    size: 'A4',
    margin: 0,
    pdfVersion: '1.7',
    lang: 'en-US',
    displayTitle: true,
    info: {
      Title: report.title,
      Author: 'Revpulse',
      Subject: `${report.workspace.name} · ${report.period.label}`,
      Creator: 'Revpulse',
      Producer: 'Revpulse',
      CreationDate: new Date(report.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    doc.registerFont(FONT.regular, FONT_REGULAR);
    doc.registerFont(FONT.bold, FONT_BOLD);
    const flow = createFlow(doc);
    if (report.kind === 'board') drawCover(flow, report);
    else drawTitleBlock(flow, report, report.sections[0] ? orientationOf(report.sections[0]) : 'portrait');
    for (const section of report.sections) drawSection(flow, section);
    if (flow.pages === 0) newPage(flow);
    drawPageFurniture(flow, report);
  } finally {
    doc.end();
  }
  return done;
}

function orientationOf(section: ReportSection): Orientation {
  return section.blocks.some((block) => block.type === 'table' && block.table.columns.length > WIDE_COLUMNS) ? 'landscape' : 'portrait';
}

function showTableTitle(section: ReportSection, block: ReportBlock): boolean {
  return block.type === 'table' && block.table.title.trim() !== '' && block.table.title.trim() !== section.title.trim();
}

function drawSection(flow: Flow, section: ReportSection): void {
  const orientation = orientationOf(section);
  if (orientation !== flow.orientation) breakPage(flow, orientation);
  else if (!atPageTop(flow)) flow.y += SECTION_GAP;

  const first = section.blocks[0];
  const lead = headingHeight(flow) + (section.note ? noteHeight(flow, section.note) + NOTE_GAP : 0) + (first ? leadHeight(flow, section, first) : 0);
  ensureSpace(flow, lead);
  drawHeading(flow, section.title);
  if (section.note) {
    drawNote(flow, section.note);
    flow.y += NOTE_GAP;
  }
  for (const block of section.blocks) {
    drawBlock(flow, section, block);
    flow.y += BLOCK_GAP;
  }
}

/** What of a block must fit on the page its section's title is on. */
function leadHeight(flow: Flow, section: ReportSection, block: ReportBlock): number {
  switch (block.type) {
    case 'kpis':
      return block.kpis.length > 0 ? TILE_HEIGHT : 0;
    case 'table':
      return tableLeadHeight(flow, block.table, showTableTitle(section, block));
    case 'chart':
      return chartHeight(flow);
    case 'text':
      return paragraphsLeadHeight(flow, block.paragraphs);
  }
}

function drawBlock(flow: Flow, section: ReportSection, block: ReportBlock): void {
  switch (block.type) {
    case 'kpis':
      drawKpis(flow, block.kpis);
      return;
    case 'table':
      drawTable(flow, block.table, showTableTitle(section, block));
      return;
    case 'chart':
      drawChart(flow, block.chart);
      return;
    case 'text':
      drawParagraphs(flow, block.paragraphs);
      return;
  }
}
