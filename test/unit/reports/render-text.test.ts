import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportDocument, ReportTable } from '../../../src/read/reports/contract.js';
import { formatValue, kpiChange } from '../../../src/reports/render/format-value.js';
import { renderEmail } from '../../../src/reports/render/index.js';
import { renderText } from '../../../src/reports/render/text.js';
import { fixtureReport } from '../../helpers/report-fixture.js';

const allTables = (doc: ReportDocument) => doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : [])));
const allKpis = (doc: ReportDocument) => doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'kpis' ? b.kpis : [])));
const allCharts = (doc: ReportDocument) => doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'chart' ? [b.chart] : [])));

/** The lines of the block titled `title` (underlined with "-"), up to the next blank line. */
function block(text: string, title: string): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l, i) => l === title && /^-+$/.test(lines[i + 1] ?? ''));
  expect(at, `block "${title}"`).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', at);
  return lines.slice(at + 2, end === -1 ? undefined : end);
}
/** Columns are separated by two spaces or more; a rule line is dashes. */
const cells = (line: string) => line.trim().split(/ {2,}/);
const isRule = (line: string) => /^[- ]+$/.test(line);

describe('renderText', () => {
  const doc = fixtureReport();
  let text: string;
  beforeAll(() => {
    text = renderText(doc);
  });

  it('opens with the title, the workspace, the period and the summary', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe(doc.title);
    expect(lines[1]).toBe(`${doc.workspace.name} · ${doc.period.label} · figures as of 1 Dec 2026, 06:00 UTC`);
    const flat = text.replace(/\s+/g, ' ');
    for (const sentence of doc.summary) expect(flat).toContain(sentence);
  });

  it('lists every KPI with the value formatValue writes, its change, or "—" and the reason', () => {
    const lines = text.split('\n');
    for (const kpi of allKpis(doc)) {
      const line = lines.find((l) => l.startsWith(`${kpi.figure.label}  `))!;
      expect(line, kpi.figure.label).toBeDefined();
      const [label, value, detail] = cells(line);
      expect(label).toBe(kpi.figure.label);
      expect(value).toBe(formatValue(kpi.figure.value, kpi.figure.unit, kpi.figure.currency));
      if (kpi.figure.value === null) expect(detail).toBe(kpi.figure.reason);
      else expect(detail).toBe(`${kpiChange(kpi)!.text} ${kpi.comparedWith}`);
    }
  });

  it('writes every table as aligned columns with the cells formatValue writes', () => {
    for (const table of allTables(doc).filter((t) => t.rows.length > 0)) {
      const lines = block(text, table.title);
      const [head, rule, ...rest] = lines;
      expect(cells(head!)).toEqual(table.columns.map((c) => c.label));
      expect(isRule(rule!)).toBe(true);
      const body = rest.filter((l) => !isRule(l));
      const rows = [...table.rows, ...(table.total ? [table.total] : [])];
      expect(body).toHaveLength(rows.length);
      rows.forEach((row, r) => {
        const expected = table.columns.map((c) => {
          const currency = c.currencyColumn ? (row[c.currencyColumn] as string) : table.currency;
          return formatValue(row[c.key], c.unit, c.unit === 'money' ? currency : null);
        });
        expect(cells(body[r]!), `${table.id} row ${r}`).toEqual(expected);
      });
      // Numbers are right-aligned: each numeric column ends at the same place on every line.
      table.columns.forEach((column, c) => {
        if (['text', 'date', 'month'].includes(column.unit)) return;
        const ends = [head!, ...body].map((line) => {
          const parts = [...line.matchAll(/\S+(?: \S+)*/g)];
          return parts[c]!.index! + [...parts[c]![0]].length;
        });
        expect(new Set(ends).size, `${table.id}.${column.key}`).toBe(1);
      });
    }
  });

  it('says so for an empty table and shows section notes', () => {
    expect(block(text, 'Open alerts')).toEqual(['No open alerts.']);
    const flat = text.replace(/\s+/g, ' ');
    for (const section of doc.sections.filter((s) => s.note)) expect(flat).toContain(`Note: ${section.note}`);
  });

  it("writes a chart's values as a table, the band as an interval", () => {
    for (const chart of allCharts(doc)) {
      const [head, , ...rows] = block(text, chart.title);
      expect(cells(head!)).toEqual([...chart.series.map((s) => s.name), ...(chart.band ? [chart.band.name] : [])]);
      expect(rows).toHaveLength(chart.categories.length);
      rows.forEach((line, i) => {
        const expected = chart.series.map((s) => formatValue(s.values[i]!, chart.unit, chart.currency));
        if (chart.band) expected.push(`${formatValue(chart.band.lower[i]!, chart.unit, chart.currency)} – ${formatValue(chart.band.upper[i]!, chart.unit, chart.currency)}`);
        expect(cells(line).slice(1)).toEqual(expected);
        expect(cells(line)[0]).toBe(formatValue(chart.categories[i]!, 'month', null));
      });
    }
  });

  it('wraps prose at 76 characters', () => {
    const long = fixtureReport({ summary: ['word '.repeat(60).trim()] });
    const lines = renderText(long).split('\n').filter((l) => l.startsWith('word'));
    expect(lines.length).toBeGreaterThan(3);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(76);
  });

  it('keeps names as written: plain text needs no escaping', () => {
    const hostile = fixtureReport({ workspace: { id: 'ws_x', name: '<script>alert(1)</script> & Co' } });
    const out = renderText(hostile);
    expect(out.split('\n')[1]).toContain('<script>alert(1)</script> & Co');
    expect(out).not.toContain('&lt;');
  });
});

describe('the e-mail text part', () => {
  it('has the figures of the HTML part, the same 25-row cut and the link', async () => {
    const doc = fixtureReport();
    const table: ReportTable = {
      id: 'customers', title: 'Customers', currency: 'jpy',
      columns: [{ key: 'name', label: 'Customer', unit: 'text' }, { key: 'mrr', label: 'MRR', unit: 'money' }],
      rows: Array.from({ length: 30 }, (_, i) => ({ name: `Customer ${i + 1}`, mrr: 1000 * (i + 1) })),
      total: null, note: null,
    };
    doc.sections[1]!.blocks.push({ type: 'table', table });
    const mail = await renderEmail(doc, { publicUrl: 'https://revpulse.example.com' });
    const lines = block(mail.text, 'Customers');
    expect(lines).toHaveLength(2 + 25 + 1);
    expect(cells(lines[26]!)).toEqual(['Customer 25', '¥25,000']);
    expect(lines.at(-1)).toBe('… and 5 more rows in the attachment');
    expect(mail.text).toContain('View in Revpulse: https://revpulse.example.com/reports?workspace=ws_fixture');
    for (const kpi of allKpis(doc)) expect(mail.html).toContain(formatValue(kpi.figure.value, kpi.figure.unit, kpi.figure.currency));
  });
});
