// Renders a report document into each format; every format from the same document, so the
// numbers of the e-mail, the PDF, the workbook and the CSV are the same numbers.
import type { AttachmentFormat, ReportDocument, ReportFormat } from '../../read/reports/contract.js';
import { renderCsv } from './csv.js';
import { renderPdf } from './pdf.js';
import { renderXlsx } from './xlsx.js';

export type RenderedFile = { format: ReportFormat; contentType: string; filename: string; body: Buffer };

/** An e-mail's parts: charts are inline images referenced from the HTML as cid:<cid>. */
export type RenderedEmail = {
  subject: string;
  html: string;
  text: string;
  inlineImages: { cid: string; filename: string; content: Buffer }[];
};

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** "revpulse-board-2026-11.pdf" */
export function reportFilename(doc: ReportDocument, format: ReportFormat): string {
  const slug = (doc.kind === 'custom' ? doc.title : doc.key).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'report';
  return `revpulse-${slug}-${doc.period.key}.${format}`;
}

export async function renderReport(doc: ReportDocument, format: ReportFormat): Promise<RenderedFile> {
  const file = (body: Buffer): RenderedFile => ({ format, contentType: CONTENT_TYPES[format], filename: reportFilename(doc, format), body });
  switch (format) {
    case 'json':
      return file(Buffer.from(JSON.stringify(doc)));
    case 'html':
      throw new Error('rendering html is not built yet');
    case 'pdf':
      return file(await renderPdf(doc));
    case 'xlsx':
      return file(await renderXlsx(doc));
    case 'csv':
      return file(Buffer.from(renderCsv(doc)));
  }
}

export async function renderEmail(doc: ReportDocument, options: { publicUrl: string }): Promise<RenderedEmail> {
  void doc;
  void options;
  throw new Error('rendering e-mail is not built yet');
}

export type { AttachmentFormat };
