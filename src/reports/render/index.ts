// Renders a report document into each format; every format from the same document, so the
// numbers of the e-mail, the PDF, the workbook and the CSV are the same numbers.
import type { AttachmentFormat, ReportChart, ReportDocument, ReportFormat } from '../../read/reports/contract.js';
import { chartPng } from './chart-png.js';
import { renderCsv } from './csv.js';
import { CHART_SIZE, renderHtml, reportHtml, reportUrl } from './html.js';
import { renderPdf } from './pdf.js';
import { renderText } from './text.js';
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
      return file(Buffer.from(renderHtml(doc)));
    case 'pdf':
      return file(await renderPdf(doc));
    case 'xlsx':
      return file(await renderXlsx(doc));
    case 'csv':
      return file(Buffer.from(renderCsv(doc)));
  }
}

/** Tables in an e-mail stop after this many rows (the attachments and the page have them all). */
export const EMAIL_ROW_LIMIT = 25;

/** "Revpulse · Daily summary — 1 Dec 2026 · Acme" (the period added when the title lacks it). */
export function emailSubject(doc: ReportDocument): string {
  const title = doc.title.includes(doc.period.label) ? doc.title : `${doc.title} — ${doc.period.label}`;
  return `Revpulse · ${title} · ${doc.workspace.name}`.replace(/[\r\n\t]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * The e-mail of a report: HTML (charts as cid:chart-<id> inline PNGs at twice their size), the
 * plain-text part with the same figures, tables cut at EMAIL_ROW_LIMIT rows. `attachments`: the
 * formats attached to this e-mail; without any, a cut table points to Revpulse instead.
 */
export async function renderEmail(doc: ReportDocument, options: { publicUrl: string; attachments?: readonly AttachmentFormat[] }): Promise<RenderedEmail> {
  const attached = options.attachments === undefined || options.attachments.length > 0;
  const moreText = (hidden: number) => `… and ${hidden} more ${hidden === 1 ? 'row' : 'rows'} ${attached ? 'in the attachment' : 'in Revpulse'}`;
  const link = reportUrl(options.publicUrl, doc);
  const images = new Map<ReportChart, { cid: string; filename: string; content: Buffer }>();
  const used = new Set<string>();
  for (const section of doc.sections) {
    for (const block of section.blocks) {
      if (block.type !== 'chart') continue;
      const base = `chart-${block.chart.id.replace(/[^A-Za-z0-9._-]+/g, '-') || 'chart'}`;
      let cid = base;
      for (let i = 2; used.has(cid); i++) cid = `${base}-${i}`;
      used.add(cid);
      images.set(block.chart, { cid, filename: `${cid}.png`, content: chartPng(block.chart, CHART_SIZE, 2) });
    }
  }
  const html = reportHtml(doc, {
    image: (chart) => ({ src: `cid:${images.get(chart)!.cid}`, ...CHART_SIZE }),
    rowLimit: EMAIL_ROW_LIMIT,
    moreText,
    link,
  });
  const text = renderText(doc, { rowLimit: EMAIL_ROW_LIMIT, moreText, link });
  return { subject: emailSubject(doc), html, text, inlineImages: [...images.values()] };
}

export type { AttachmentFormat };
