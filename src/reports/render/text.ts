// A report as plain text: the e-mail's text part, with the same figures as its HTML (every value
// through formatValue). Tables as aligned columns (numbers right-aligned), charts as a table of
// their values, notes and paragraphs wrapped at 76 characters.
import type { ReportBlock, ReportChart, ReportDocument, ReportKpi, ReportTable } from '../../read/reports/contract.js';
import { formatCell, formatDay, formatInstant, formatMonth, formatValue, isNumericUnit, kpiChange } from './format-value.js';

const WIDTH = 76;

export type TextOptions = {
  /** At most this many rows per table (null: all), then `moreText(hidden)`. */
  rowLimit?: number | null;
  moreText?: (hidden: number) => string;
  /** "View in Revpulse: <link>" at the end, when set. */
  link?: string | null;
};

const length = (s: string) => [...s].length;
const pad = (s: string, width: number, right: boolean) => (right ? ' '.repeat(width - length(s)) + s : s + ' '.repeat(width - length(s)));

/** Words of `text` in lines of at most WIDTH characters (a longer word stands alone). */
export function wrap(text: string, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && length(indent + line + ' ' + word) > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

type Column = { label: string; right: boolean };

/** Rows as aligned columns, a rule under the header and above `footer` rows. */
function columns(cols: Column[], rows: string[][], footer: string[][] = []): string {
  const widths = cols.map((c, i) => Math.max(length(c.label), ...[...rows, ...footer].map((r) => length(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i]!, cols[i]!.right)).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(cols.map((c) => c.label)), rule, ...rows.map(line), ...(footer.length ? [rule, ...footer.map(line)] : [])].join('\n');
}

function kpisText(kpis: ReportKpi[]): string {
  const rows = kpis.map((kpi) => {
    const f = kpi.figure;
    const change = kpiChange(kpi);
    const compared = kpi.comparedWith ? ` ${kpi.comparedWith}` : '';
    let detail = '';
    if (f.value === null) detail = f.reason ?? '';
    else if (change) detail = `${change.text}${compared}`;
    else if (kpi.previous !== null) detail = `was ${formatValue(kpi.previous, f.unit, f.currency)}${compared}`;
    return [f.label, formatValue(f.value, f.unit, f.currency), detail];
  });
  return columns([{ label: 'Figure', right: false }, { label: 'Value', right: true }, { label: 'Change', right: false }], rows);
}

function tableText(table: ReportTable, options: TextOptions): string {
  const title = `${table.title}\n${'-'.repeat(length(table.title))}`;
  if (table.rows.length === 0) return `${title}\n${wrap(table.note ?? 'Nothing to show.')}`;
  const limit = options.rowLimit ?? null;
  const shown = limit === null ? table.rows : table.rows.slice(0, limit);
  const cells = (row: ReportTable['rows'][number]) => table.columns.map((c) => formatCell(table, c, row));
  const body = columns(
    table.columns.map((c) => ({ label: c.label, right: isNumericUnit(c.unit) })),
    shown.map(cells),
    table.total ? [cells(table.total)] : [],
  );
  const hidden = table.rows.length - shown.length;
  const more = hidden > 0 && options.moreText ? `\n${options.moreText(hidden)}` : '';
  return `${title}\n${body}${more}${table.note ? `\n${wrap(table.note)}` : ''}`;
}

const categoryText = (category: string) => formatMonth(formatDay(category));

function chartText(chart: ReportChart): string {
  const title = `${chart.title}\n${'-'.repeat(length(chart.title))}`;
  const value = (v: number | null | undefined) => formatValue(v ?? null, chart.unit, chart.currency);
  const cols: Column[] = [{ label: '', right: false }, ...chart.series.map((s) => ({ label: s.name, right: true }))];
  if (chart.band) cols.push({ label: chart.band.name, right: true });
  const rows = chart.categories.map((category, i) => {
    const row = [categoryText(category), ...chart.series.map((s) => value(s.values[i]))];
    if (chart.band) {
      const lower = chart.band.lower[i];
      const upper = chart.band.upper[i];
      row.push(lower === null || lower === undefined || upper === null || upper === undefined ? '—' : `${value(lower)} – ${value(upper)}`);
    }
    return row;
  });
  return `${title}\n${rows.length ? columns(cols, rows) : 'No data.'}`;
}

function blockText(block: ReportBlock, options: TextOptions): string {
  switch (block.type) {
    case 'kpis':
      return kpisText(block.kpis);
    case 'table':
      return tableText(block.table, options);
    case 'chart':
      return chartText(block.chart);
    case 'text':
      return block.paragraphs.map((p) => wrap(p)).join('\n\n');
  }
}

export function renderText(doc: ReportDocument, options: TextOptions = {}): string {
  const head = [
    doc.title,
    `${doc.workspace.name} · ${doc.period.label} · figures as of ${formatInstant(doc.asOf)}`,
  ].join('\n');
  const parts = [head];
  if (doc.summary.length) parts.push(doc.summary.map((s) => wrap(s)).join('\n\n'));
  for (const section of doc.sections) {
    const title = section.title.toUpperCase();
    parts.push(`${title}\n${'='.repeat(length(title))}`);
    if (section.note) parts.push(wrap(`Note: ${section.note}`));
    for (const block of section.blocks) parts.push(blockText(block, options));
  }
  if (options.link) parts.push(`View in Revpulse: ${options.link}`);
  parts.push(wrap(`Generated by Revpulse on ${formatInstant(doc.generatedAt)} for ${doc.workspace.name}. Amounts in ${doc.currency.toUpperCase()} unless a table says otherwise.`));
  return `${parts.join('\n\n')}\n`;
}
