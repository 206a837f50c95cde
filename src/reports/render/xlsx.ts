// Renders a report document as an Excel workbook (exceljs): a "Summary" sheet (the report, its
// written summary, every KPI, the notes), then one sheet per table and one per chart in document
// order, named from their titles. Numbers are numbers with number formats — money the exact major
// unit decimal in its currency's format, ratios fractions as percentages, days and months real
// dates — and text is text (a cell reading "=HYPERLINK(…)" is a string, never a formula). The
// workbook is streamed (rows committed as written) so a 100,000-row export stays small in memory.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ReportDocument } from '../../read/reports/contract.js';
import { chartGrid, tableGrid } from './xlsx-blocks.js';
import { writeGrid, type GridSheet } from './xlsx-grid.js';
import { createSheetNamer } from './xlsx-sheet-names.js';
import { SUMMARY_SHEET, writeSummary } from './xlsx-summary.js';

type DataSheet = { title: string; sheet: string; grid: () => GridSheet };

function dataSheets(doc: ReportDocument): DataSheet[] {
  const nameFor = createSheetNamer([SUMMARY_SHEET]);
  return doc.sections.flatMap((section) =>
    section.blocks.flatMap((block): DataSheet[] => {
      if (block.type === 'table') return [{ title: block.table.title, sheet: nameFor(block.table.title), grid: () => tableGrid(block.table, doc.currency) }];
      if (block.type === 'chart') return [{ title: block.chart.title, sheet: nameFor(block.chart.title), grid: () => chartGrid(block.chart, doc.currency) }];
      return [];
    }),
  );
}

export async function renderXlsx(doc: ReportDocument): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  workbook.creator = 'Revpulse';
  workbook.lastModifiedBy = 'Revpulse';
  workbook.title = doc.title;
  const generated = new Date(doc.generatedAt);
  workbook.created = Number.isNaN(generated.getTime()) ? new Date() : generated;
  workbook.modified = workbook.created;

  const sheets = dataSheets(doc);
  writeSummary(workbook, doc, sheets);
  for (const entry of sheets) writeGrid(workbook, entry.sheet, entry.grid());
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}
