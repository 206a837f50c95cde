// The blocks of a report in e-mail-safe HTML: KPI tiles, tables, charts (an <img> whose source
// the caller chooses: cid: in an e-mail, data: in the standalone page), paragraphs and the amber
// note box. Table layout and inline style attributes only — mail clients drop <style> elements,
// scripts and external resources — and every text escaped: names are user data.
import type { ReportChart, ReportKpi, ReportTable } from '../../read/reports/contract.js';
import { formatCell, formatValue, isNumericUnit, kpiChange } from './format-value.js';

export const COLOURS = { text: '#0f172a', muted: '#5b6478', border: '#e3e6ef', rule: '#eef0f6', tint: '#f6f7fb', brand: '#4f46e5', good: '#046c4c', bad: '#be1e1e' };
export const FONT_STACK = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A layout table (role=presentation: screen readers skip it as a table). */
export const layoutTable = (style: string, body: string, width = '100%') =>
  `<table role="presentation" width="${width}" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;${style}">${body}</table>`;

const blockTitle = (title: string) => `<p style="margin:20px 0 8px;font-size:14px;font-weight:700;color:${COLOURS.text};">${escapeHtml(title)}</p>`;

export function noteHtml(note: string): string {
  return layoutTable(
    'margin:0 0 12px;',
    `<tr><td style="background-color:#fffbeb;border:1px solid #fcd34d;border-left:4px solid #f59e0b;padding:8px 12px;font-size:13px;line-height:1.45;color:#78350f;"><strong>Note:</strong> ${escapeHtml(note)}</td></tr>`,
  );
}

export function paragraphsHtml(paragraphs: string[]): string {
  return paragraphs.map((p) => `<p style="margin:12px 0 0;font-size:14px;line-height:1.5;color:${COLOURS.text};">${escapeHtml(p)}</p>`).join('\n');
}

const TONE_COLOUR = { good: COLOURS.good, bad: COLOURS.bad, flat: COLOURS.muted } as const;

function kpiTile(kpi: ReportKpi): string {
  const f = kpi.figure;
  const lines = [
    `<div style="font-size:12px;line-height:1.3;color:${COLOURS.muted};">${escapeHtml(f.label)}</div>`,
    `<div style="margin-top:4px;font-size:22px;line-height:1.25;font-weight:700;color:${COLOURS.text};white-space:nowrap;">${escapeHtml(formatValue(f.value, f.unit, f.currency))}</div>`,
  ];
  if (f.value === null && f.reason) lines.push(`<div style="margin-top:4px;font-size:12px;line-height:1.35;color:${COLOURS.muted};font-style:italic;">${escapeHtml(f.reason)}</div>`);
  const change = kpiChange(kpi);
  const compared = kpi.comparedWith ? ` <span style="color:${COLOURS.muted};">${escapeHtml(kpi.comparedWith)}</span>` : '';
  if (change) {
    const arrow = change.tone === 'flat' ? '' : kpi.change! > 0 ? '▲ ' : '▼ ';
    lines.push(`<div style="margin-top:6px;font-size:13px;line-height:1.35;"><span style="color:${TONE_COLOUR[change.tone]};font-weight:600;">${arrow}${escapeHtml(change.text)}</span>${compared}</div>`);
  } else if (kpi.previous !== null && f.value !== null) {
    lines.push(`<div style="margin-top:6px;font-size:13px;line-height:1.35;color:${COLOURS.muted};">was ${escapeHtml(formatValue(kpi.previous, f.unit, f.currency))}${compared}</div>`);
  }
  return `<td width="49%" valign="top" style="border:1px solid ${COLOURS.border};border-radius:8px;background-color:${COLOURS.tint};padding:12px 14px;">${lines.join('')}</td>`;
}

export function kpisHtml(kpis: ReportKpi[]): string {
  if (kpis.length === 0) return '';
  const rows: string[] = [];
  // Two tiles a row with a spacer cell between them and a spacer row under them: the tiles line up
  // with the text edges and a row's tiles are as tall as each other, in every mail client.
  for (let i = 0; i < kpis.length; i += 2) {
    const pair = kpis.slice(i, i + 2).map(kpiTile);
    if (i > 0) rows.push('<tr><td colspan="3" height="8" style="height:8px;font-size:0;line-height:0;">&nbsp;</td></tr>');
    rows.push(`<tr>${pair[0]}<td width="8" style="width:8px;font-size:0;line-height:0;">&nbsp;</td>${pair[1] ?? '<td width="49%"></td>'}</tr>`);
  }
  return layoutTable('width:100%;border-collapse:separate;', rows.join(''));
}

export type TableOptions = { rowLimit: number | null; moreText: (hidden: number) => string };

export function tableHtml(table: ReportTable, options: TableOptions): string {
  const title = blockTitle(table.title);
  if (table.rows.length === 0) {
    return `${title}<p style="margin:0;font-size:13px;color:${COLOURS.muted};">${escapeHtml(table.note ?? 'Nothing to show.')}</p>`;
  }
  const small = table.columns.length > 6;
  const cellPad = small ? '5px 6px' : '6px 8px';
  const align = (unit: ReportTable['columns'][number]['unit']) => (isNumericUnit(unit) ? 'right' : 'left');
  const head = table.columns
    .map((c) => `<th scope="col" style="text-align:${align(c.unit)};padding:${cellPad};border-bottom:2px solid ${COLOURS.border};font-size:12px;font-weight:600;color:${COLOURS.muted};">${escapeHtml(c.label)}</th>`)
    .join('');
  const cells = (row: ReportTable['rows'][number], extra: string) =>
    table.columns
      .map((c) => {
        // Figures and dates never break across lines; names may.
        const nowrap = c.unit !== 'text';
        return `<td style="text-align:${align(c.unit)};padding:${cellPad};border-bottom:1px solid ${COLOURS.rule};${nowrap ? 'white-space:nowrap;' : ''}${extra}">${escapeHtml(formatCell(table, c, row))}</td>`;
      })
      .join('');
  const shown = options.rowLimit === null ? table.rows : table.rows.slice(0, options.rowLimit);
  const body = shown.map((row) => `<tr>${cells(row, '')}</tr>`);
  const hidden = table.rows.length - shown.length;
  if (hidden > 0) body.push(`<tr><td colspan="${table.columns.length}" style="padding:${cellPad};color:${COLOURS.muted};font-style:italic;border-bottom:1px solid ${COLOURS.rule};">${escapeHtml(options.moreText(hidden))}</td></tr>`);
  if (table.total) body.push(`<tr>${cells(table.total, `font-weight:700;background-color:${COLOURS.tint};border-top:2px solid ${COLOURS.border};`)}</tr>`);
  const note = table.note ? `<p style="margin:6px 0 0;font-size:12px;color:${COLOURS.muted};">${escapeHtml(table.note)}</p>` : '';
  return `${title}<table width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;font-size:${small ? 12 : 13}px;color:${COLOURS.text};"><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>${note}`;
}

export type ChartImage = { src: string; width: number; height: number };

export function chartHtml(chart: ReportChart, image: ChartImage): string {
  return `${blockTitle(chart.title)}<img src="${escapeHtml(image.src)}" width="${image.width}" height="${image.height}" alt="${escapeHtml(chart.title)}" style="display:block;width:100%;max-width:${image.width}px;height:auto;border:0;outline:none;">`;
}
