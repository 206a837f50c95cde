// The workbook's first sheet, "Summary": what the report is (title, workspace, period, as-of), the
// written summary, every KPI of the report (value, previous, change, what it is compared with, and
// the reason when a figure is missing), then the notes — each section's note and its text blocks —
// and which sheet holds each table and chart.
import type { ReportDocument, ReportKpi } from '../../read/reports/contract.js';
import { FORMATS, textCell, xlsxCell, type XlsxCell } from './xlsx-formats.js';
import { writeRow, type StyledCell } from './xlsx-grid.js';
import type ExcelJS from 'exceljs';

export const SUMMARY_SHEET = 'Summary';

const KPI_HEADERS = ['Section', 'Figure', 'Value', 'Previous', 'Change', 'Compared with', 'Note'];
const WIDTHS = [26, 30, 16, 16, 10, 22, 60];

const text = (value: string | null): XlsxCell => (value === null ? { value: null, numFmt: null } : textCell(value));

function kpiRow(section: string, kpi: ReportKpi, documentCurrency: string): XlsxCell[] {
  const { figure } = kpi;
  const currency = figure.unit === 'money' ? (figure.currency ?? documentCurrency) : null;
  const where = `KPI "${figure.label}"`;
  return [
    text(section),
    text(figure.label),
    xlsxCell(figure.value, figure.unit, currency, where),
    xlsxCell(kpi.previous, figure.unit, currency, `${where} (previous)`),
    kpi.change === null || !Number.isFinite(kpi.change) ? text(null) : changeCell(kpi),
    text(kpi.comparedWith),
    text(figure.reason ?? null),
  ];
}

/** Relative changes as signed percentages; a ratio's change in percentage points, a score's in points. */
function changeCell(kpi: ReportKpi): XlsxCell {
  const change = kpi.change!;
  if (kpi.figure.unit === 'ratio') return { value: Math.round(change * 1e6) / 1e4, numFmt: FORMATS.pointsChange };
  if (kpi.figure.unit === 'score') return { value: change, numFmt: FORMATS.scoreChange };
  return { value: change, numFmt: FORMATS.change };
}

function timestampCell(iso: string): XlsxCell {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? textCell(iso) : { value: date, numFmt: FORMATS.timestamp };
}

/** `sheets`: the sheet each table and chart went to, by block id, in document order. */
export function writeSummary(workbook: ExcelJS.Workbook, doc: ReportDocument, sheets: readonly { title: string; sheet: string }[]): void {
  const sheet = workbook.addWorksheet(SUMMARY_SHEET);
  sheet.columns = WIDTHS.map((width) => ({ width }));
  let number = 1;
  const row = (cells: StyledCell[], look?: Parameters<typeof writeRow>[3]) => writeRow(sheet, number++, cells, look);
  const pair = (label: string, value: XlsxCell) => row([{ ...textCell(label), look: 'bold' }, value]);

  row([textCell(doc.title)], 'title');
  pair('Workspace', textCell(doc.workspace.name));
  pair('Period', textCell(doc.period.label));
  pair('From', xlsxCell(doc.period.from, 'date', null, 'period'));
  pair('To', xlsxCell(doc.period.to, 'date', null, 'period'));
  pair('As of', timestampCell(doc.asOf));
  pair('Currency', textCell(doc.currency.toUpperCase()));
  pair('Generated', timestampCell(doc.generatedAt));

  if (doc.summary.length > 0) {
    number++;
    row([textCell('Summary')], 'bold');
    for (const sentence of doc.summary) row([textCell(sentence)]);
  }

  const kpis = doc.sections.flatMap((section) =>
    section.blocks.flatMap((block) => (block.type === 'kpis' ? block.kpis.map((kpi) => kpiRow(section.title, kpi, doc.currency)) : [])),
  );
  if (kpis.length > 0) {
    number++;
    row(KPI_HEADERS.map((header) => textCell(header)), 'header');
    for (const cells of kpis) row(cells);
  }

  const notes: XlsxCell[][] = [];
  for (const section of doc.sections) {
    if (section.note) notes.push([textCell(section.title), textCell(section.note)]);
    for (const block of section.blocks) {
      if (block.type === 'text') for (const paragraph of block.paragraphs) notes.push([textCell(section.title), textCell(paragraph)]);
    }
  }
  if (notes.length > 0) {
    number++;
    row([textCell('Notes')], 'bold');
    for (const cells of notes) row(cells);
  }

  if (sheets.length > 0) {
    number++;
    row([textCell('Sheets')], 'bold');
    for (const entry of sheets) row([textCell(entry.sheet), textCell(entry.title)]);
  }
  sheet.commit();
}
