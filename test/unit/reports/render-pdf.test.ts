import { inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportBlock, ReportColumn, ReportDocument, ReportKpi, ReportRow, ReportSection, ReportTable } from '../../../src/read/reports/contract.js';
import { formatValue, kpiChange } from '../../../src/reports/render/format-value.js';
import { renderReport } from '../../../src/reports/render/index.js';
import { opaquePng } from '../../../src/reports/render/pdf-png.js';
import { renderPdf } from '../../../src/reports/render/pdf.js';
import { normaliseText, readPdf, readPdfColours, type ColouredText, type PdfPage } from '../../helpers/pdf-text.js';
import { fixtureReport } from '../../helpers/report-fixture.js';

const HOSTILE = '<script>alert("x")</script> & Robert\'); DROP TABLE reports;-- %PDF-1.7 ) Tj (';
const GREEN = '#1a7f37';
const RED = '#c0312b';

const blocksOf = (doc: ReportDocument) => doc.sections.flatMap((s) => s.blocks);
const tablesOf = (doc: ReportDocument) => blocksOf(doc).flatMap((b) => (b.type === 'table' ? [b.table] : []));
const kpisOf = (doc: ReportDocument) => blocksOf(doc).flatMap((b) => (b.type === 'kpis' ? b.kpis : []));
const all = (pages: PdfPage[]) => normaliseText(pages.map((p) => p.text).join('\n'));
const landscape = (page: PdfPage) => page.width > page.height;

/** What a cell must read, from the contract alone: the row's currency column, else the table's currency. */
function expectedCell(table: ReportTable, column: ReportColumn, row: ReportRow): string {
  const currency = column.currencyColumn && /^[a-z]{3}$/i.test(String(row[column.currencyColumn])) ? String(row[column.currencyColumn]) : table.currency;
  return formatValue(row[column.key], column.unit, column.unit === 'money' ? currency : null);
}

function table(rows: number, columns: ReportColumn[], make: (i: number) => ReportRow, extra: Partial<ReportTable> = {}): ReportTable {
  return { id: 'big', title: 'Customers', currency: 'usd', columns, rows: Array.from({ length: rows }, (_, i) => make(i)), total: null, note: null, ...extra };
}

function singleSection(blocks: ReportBlock[], overrides: Partial<ReportDocument> = {}, section: Partial<ReportSection> = {}): ReportDocument {
  return fixtureReport({ kind: 'custom', key: 'rpt_AAAAAAAAAAAAAAAA', title: 'Export', summary: [], sections: [{ id: 's', title: 'Export', note: null, blocks, ...section }], ...overrides });
}

function pageOf(pages: PdfPage[], needle: string): number {
  const found = pages.find((p) => normaliseText(p.text).includes(normaliseText(needle)));
  return found ? found.number : -1;
}

describe('renderPdf: the board pack fixture', () => {
  const doc = fixtureReport();
  let pdf: Buffer;
  let pages: PdfPage[];
  let text: string;
  let colours: ColouredText[];

  beforeAll(async () => {
    pdf = await renderPdf(doc);
    pages = await readPdf(pdf);
    text = all(pages);
    colours = await readPdfColours(pdf);
  });

  it('is an A4 PDF with the fonts embedded (no standard font, so every sign has a glyph)', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    for (const page of pages) expect([page.width, page.height].sort()).toEqual([595, 842]);
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).not.toMatch(/Helvetica|Times-Roman|Courier/);
  });

  it('opens with a cover: title, workspace, period, as-of and the summary, and nothing of the content', () => {
    const cover = normaliseText(pages[0]!.text);
    for (const part of [doc.title, doc.workspace.name, doc.period.label, 'as of 1 Dec 2026, 06:00 UTC', ...doc.summary]) expect(cover).toContain(normaliseText(part));
    for (const section of doc.sections) expect(cover).not.toContain(section.title);
    expect(pageOf(pages, doc.sections[0]!.title)).toBe(2);
  });

  it('shows every KPI value as formatValue writes it, the change coloured by whether a rise is good news, and the reason for a missing figure', () => {
    // Tiles stand side by side, so their lines interleave in reading order: read them in drawing order.
    const drawn = normaliseText(colours.map((c) => c.text).join(' '));
    for (const kpi of kpisOf(doc)) {
      expect(drawn).toContain(normaliseText(kpi.figure.label));
      expect(drawn).toContain(normaliseText(formatValue(kpi.figure.value, kpi.figure.unit, kpi.figure.currency)));
      if (kpi.figure.reason) expect(drawn).toContain(normaliseText(kpi.figure.reason));
      if (kpi.comparedWith) expect(drawn).toContain(kpi.comparedWith);
    }
    expect(text).toContain('$112,345.67 981 2.0% —');
    const colourOf = (kpi: ReportKpi) => colours.find((c) => c.text.includes(kpiChange(kpi)!.text))?.colour;
    const [mrr, customers, churn] = kpisOf(doc);
    expect(colourOf(mrr!)).toBe(GREEN); // MRR up: good
    expect(colourOf(customers!)).toBe(GREEN);
    expect(churn!.lowerIsBetter && churn!.change! < 0).toBe(true);
    expect(colourOf(churn!)).toBe(GREEN); // churn down: good
  });

  it('shows every table cell and totals cell as formatValue writes it, in its row', () => {
    for (const t of tablesOf(doc)) {
      for (const row of [...t.rows, ...(t.total ? [t.total] : [])]) {
        const cells = t.columns.map((c) => normaliseText(expectedCell(t, c, row)));
        // A row is one line: its cells, in order.
        const line = pages.flatMap((p) => p.lines).map(normaliseText).find((l) => l.startsWith(cells[0]!));
        expect(line, `row ${cells.join(' | ')}`).toBeDefined();
        let at = 0;
        for (const cell of cells) {
          const found = line!.indexOf(cell, at);
          expect(found, `${cell} in "${line}"`).toBeGreaterThanOrEqual(0);
          at = found + cell.length;
        }
      }
    }
    // The multi-currency table in each row's own currency.
    expect(text).toContain('¥1,234,567');
    expect(text).toContain('-€0.05');
    expect(text).toContain('$81,234.56');
  });

  it('shows section notes and table notes (in amber), text blocks, chart titles and the charts as images', () => {
    const sectionNote = doc.sections.find((s) => s.note)!.note!;
    expect(text).toContain(normaliseText(sectionNote));
    const noteColour = colours.find((c) => sectionNote.startsWith(c.text.trim()) && c.text.trim().length > 10)?.colour;
    expect(noteColour).toBe('#7a4a00');
    for (const block of blocksOf(doc)) {
      if (block.type === 'text') for (const p of block.paragraphs) expect(text).toContain(normaliseText(p));
      if (block.type === 'chart') expect(text).toContain(block.chart.title);
      if (block.type === 'table' && block.table.note) expect(text).toContain(block.table.note);
    }
    const charts = blocksOf(doc).filter((b) => b.type === 'chart').length;
    expect(pdf.toString('latin1').match(/\/Subtype \/Image/g)?.length ?? 0).toBeGreaterThanOrEqual(charts);
  });

  it('numbers pages "Page N of M" and heads every page but the cover with title, workspace and period', () => {
    pages.forEach((page, i) => {
      expect(normaliseText(page.text)).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(normaliseText(page.text)).toContain('Generated 1 Dec 2026, 06:00 UTC');
      if (i === 0) return;
      const head = normaliseText(page.lines[0]!);
      expect(head).toContain(doc.title);
      expect(head).toContain(`${doc.workspace.name} · ${doc.period.label}`);
    });
    expect(pages.length).toBeGreaterThan(2);
  });

  it('keeps every section title on the page where its first block starts', () => {
    for (const section of doc.sections) {
      const first = section.blocks[0]!;
      const marker = first.type === 'kpis' ? first.kpis[0]!.figure.label : first.type === 'chart' ? first.chart.title : first.type === 'table' ? first.table.title : first.paragraphs[0]!;
      const page = pages[pageOf(pages, section.title) - 1]!;
      expect(normaliseText(page.text), section.title).toContain(normaliseText(marker));
    }
  });

  it('is what renderReport returns for format pdf', async () => {
    const file = await renderReport(doc, 'pdf');
    expect(file.contentType).toBe('application/pdf');
    expect(file.filename).toBe('revpulse-board-2026-11.pdf');
    expect(normaliseText((await readPdf(file.body))[0]!.text)).toContain(doc.title);
  });
});

describe('renderPdf: other reports, long and wide tables, hostile text', () => {
  it('starts a daily report with its title and summary on page 1, the first section after them', async () => {
    const doc = fixtureReport({ kind: 'daily', key: 'daily', title: 'Daily CEO report — 30 Nov 2026' });
    const pages = await readPdf(await renderPdf(doc));
    const first = normaliseText(pages[0]!.text);
    for (const part of [doc.title, doc.workspace.name, ...doc.summary]) expect(first).toContain(normaliseText(part));
    expect(first.indexOf(normaliseText(doc.summary[0]!))).toBeLessThan(first.indexOf(doc.sections[0]!.title));
  });

  it('runs a 3,000-row table over many pages with the header row on each, rows whole and in order, the totals row last', async () => {
    const columns: ReportColumn[] = [
      { key: 'name', label: 'Customer', unit: 'text' },
      { key: 'since', label: 'Since', unit: 'date' },
      { key: 'mrr', label: 'MRR', unit: 'money' },
      { key: 'risk', label: 'Churn risk', unit: 'ratio' },
    ];
    const t = table(3000, columns, (i) => ({ name: `Customer ${i + 1}`, since: '2026-03-14', mrr: 1000 * (i + 1) + 7, risk: (i % 100) / 100 }), {
      total: { name: 'Total', since: null, mrr: 4_501_521_000, risk: null },
      note: 'Paying customers at the end of the period.',
    });
    const started = performance.now();
    const pdf = await renderPdf(singleSection([{ type: 'table', table: t }], {}, { title: 'All customers' }));
    const ms = performance.now() - started;
    const pages = await readPdf(pdf);
    expect(pages.length).toBeGreaterThan(10);
    const header = 'Customer Since MRR Churn risk';
    let next = 0;
    for (const page of pages) {
      const lines = page.lines.map(normaliseText);
      const at = lines.findIndex((l) => l === header);
      expect(at, `header on page ${page.number}`).toBeGreaterThan(0);
      if (page.number > 1) expect(lines[at - 1]).toBe('Customers (continued)');
      for (const line of lines.slice(at + 1)) {
        const m = /^Customer (\d+) /.exec(line);
        if (!m) continue;
        const row = t.rows[Number(m[1]) - 1]!;
        expect(Number(m[1]) - 1).toBe(next++);
        expect(line).toBe(normaliseText(columns.map((c) => expectedCell(t, c, row)).join(' ')));
      }
      expect(normaliseText(page.text)).toContain(`Page ${page.number} of ${pages.length}`);
    }
    expect(next).toBe(3000);
    const last = pages.at(-1)!.lines.map(normaliseText);
    expect(last).toContain(normaliseText(`Total — ${formatValue(4_501_521_000, 'money', 'usd')} —`));
    expect(last.join(' ')).toContain('Paying customers at the end of the period.');
    expect(ms).toBeLessThan(30_000);
  });

  it('sets a section with a wide table on landscape pages (and the sections around it on portrait ones)', async () => {
    const columns: ReportColumn[] = Array.from({ length: 12 }, (_, c) => ({ key: `c${c}`, label: `Column ${c}`, unit: c === 0 ? 'text' : 'money' }));
    const wide = table(120, columns, (i) => Object.fromEntries(columns.map((c, k) => [c.key, k === 0 ? `Row ${i}` : i * 1000 + k])), { title: 'Wide' });
    const doc = fixtureReport({
      kind: 'weekly',
      sections: [
        { id: 'a', title: 'Before', note: null, blocks: [{ type: 'text', paragraphs: ['Before the wide table.'] }] },
        { id: 'b', title: 'Wide section', note: null, blocks: [{ type: 'table', table: wide }] },
        { id: 'c', title: 'After', note: null, blocks: [{ type: 'text', paragraphs: ['After the wide table.'] }] },
      ],
    });
    const pages = await readPdf(await renderPdf(doc));
    const before = pageOf(pages, 'Before the wide table.');
    const wideFirst = pageOf(pages, 'Wide section');
    const after = pageOf(pages, 'After the wide table.');
    expect(landscape(pages[before - 1]!)).toBe(false);
    expect(wideFirst).toBe(before + 1);
    for (const page of pages.slice(wideFirst - 1, after - 1)) expect(landscape(page), `page ${page.number}`).toBe(true);
    expect(after - wideFirst).toBeGreaterThan(1); // 120 rows take more than one page
    expect(landscape(pages[after - 1]!)).toBe(false);
    // Every column's figures are shown whole.
    const text = all(pages);
    for (const row of [wide.rows[0]!, wide.rows[119]!]) for (const c of columns) expect(text).toContain(normaliseText(expectedCell(wide, c, row)));
  });

  it('renders a table export of 5,000 rows × 15 columns within seconds, on landscape pages, header on each', async () => {
    const units: ReportColumn['unit'][] = ['text', 'text', 'text', 'money', 'money', 'date', 'month', 'count', 'score', 'ratio', 'days', 'money', 'text', 'text', 'count'];
    const labels = ['Customer', 'E-mail', 'Currency', 'MRR', 'ARR', 'Since', 'Cohort', 'Seats', 'Health', 'Risk', 'Idle', 'LTV', 'Country', 'Owner', 'Tickets'];
    const columns: ReportColumn[] = units.map((unit, c) => ({ key: `k${c}`, label: labels[c]!, unit, ...(c === 3 ? { currencyColumn: 'k2' } : {}) }));
    const currencies = ['usd', 'eur', 'jpy', 'inr', 'krw'];
    const t = table(5000, columns, (i) => ({
      k0: `Customer ${i + 1}`, k1: `billing+${i}@customer-${i}.example.com`, k2: currencies[i % 5]!, k3: 100_000 + i * 37, k4: i * 1200, k5: '2025-03-14', k6: '2025-03',
      k7: i % 50, k8: i % 100, k9: (i % 100) / 100, k10: i % 30, k11: i * 123, k12: 'Germany', k13: 'Alexandra Richardson-Smythe', k14: i,
    }));
    const started = performance.now();
    const pdf = await renderPdf(singleSection([{ type: 'table', table: t }]));
    const ms = performance.now() - started;
    console.info(`PDF of 5,000 rows × 15 columns: ${Math.round(ms)} ms, ${pdf.length} bytes`);
    const pages = await readPdf(pdf);
    expect(pages.every(landscape)).toBe(true);
    for (const page of pages) expect(page.lines.map(normaliseText), `header on page ${page.number}`).toContain(labels.join(' '));
    const text = all(pages);
    for (const i of [0, 1, 2, 3, 4, 4999]) {
      const row = t.rows[i]!;
      expect(text).toContain(normaliseText(`Customer ${i + 1} `));
      expect(text).toContain(normaliseText(expectedCell(t, columns[3]!, row))); // in the row's own currency: $, €, ¥, ₹, ₩
    }
    expect(text).toMatch(/₹/);
    expect(text).toMatch(/₩/);
    expect(ms).toBeLessThan(60_000); // a few seconds on an idle machine; generous for a loaded CI runner
  });

  it('never leaves a section title at the foot of a page, and moves a short table to the next page whole', async () => {
    const filler = (k: number, n: number) => Array.from({ length: n }, (_, i) => `Filler ${k}.${i + 1}, a paragraph long enough to take a line of its own on an A4 page.`);
    const fillerLines = (k: number) => 2 + ((k * 7) % 19);
    const kpi = (label: string): ReportKpi => ({ figure: { metric: null, label, unit: 'count', value: 7, currency: null }, previous: null, change: null, comparedWith: null, lowerIsBetter: false });
    const sections: ReportSection[] = [];
    for (let k = 0; k < 24; k++) {
      sections.push({ id: `f${k}`, title: `Filler ${k}`, note: null, blocks: [{ type: 'text', paragraphs: filler(k, fillerLines(k)) }] });
      const first: ReportBlock = k % 2 === 0
        ? { type: 'table', table: table(8, [{ key: 'name', label: 'Name', unit: 'text' }, { key: 'mrr', label: 'MRR', unit: 'money' }], (r) => ({ name: `Row ${k}.${r}`, mrr: 100 * r }), { title: `Small table ${k}` }) }
        : { type: 'kpis', kpis: [kpi(`Tile ${k}.a`), kpi(`Tile ${k}.b`)] };
      sections.push({ id: `s${k}`, title: `Section ${k}`, note: k % 4 === 1 ? `Note of section ${k}.` : null, blocks: [first] });
    }
    const pages = await readPdf(await renderPdf(fixtureReport({ kind: 'weekly', sections })));
    const pageWithLine = (line: string) => pages.find((p) => p.lines.map(normaliseText).some((l) => l === line || l.startsWith(`${line} `)))?.number;
    let moved = 0;
    for (let k = 0; k < 24; k++) {
      const titlePage = pageWithLine(`Section ${k}`);
      expect(titlePage, `Section ${k}`).toBeDefined();
      if (k % 2 === 0) {
        for (let r = 0; r < 8; r++) expect(pageWithLine(`Row ${k}.${r}`), `row ${k}.${r}`).toBe(titlePage);
        // The filler before it ended on an earlier page: the title went over with its table.
        if (pageWithLine(`Filler ${k}.${fillerLines(k)}, a paragraph`)! < titlePage!) moved++;
      } else {
        expect(pages[titlePage! - 1]!.text, `Section ${k}`).toContain(`Tile ${k}.a`);
      }
    }
    expect(pages.length).toBeGreaterThan(8);
    expect(moved).toBeGreaterThan(0);
  });

  it('writes a hostile name as text, cuts what does not fit with an ellipsis and never overflows a cell', async () => {
    const long = `Customer ${'with an extremely long name '.repeat(20)}END`;
    const t = table(3, [{ key: 'name', label: 'Customer', unit: 'text' }, { key: 'mrr', label: 'MRR', unit: 'money' }], (i) => ({ name: i === 0 ? HOSTILE : i === 1 ? long : 'Plain', mrr: 12345 }));
    const longName = `${HOSTILE} ${'Very long workspace name '.repeat(12)}`;
    const doc = singleSection([{ type: 'table', table: t }], { workspace: { id: 'ws_x', name: longName }, title: HOSTILE, summary: [HOSTILE] });
    const pages = await readPdf(await renderPdf(doc));
    const text = all(pages);
    expect(text).toContain(normaliseText(HOSTILE));
    const longLine = pages[0]!.lines.map(normaliseText).find((l) => l.startsWith('Customer with an extremely long'))!;
    expect(longLine).toMatch(/… \$123\.45$/);
    expect(longLine).not.toContain('END');
    // The running header cuts the workspace name rather than run into the title or off the page.
    const header = normaliseText(pages[0]!.lines[0]!);
    expect(header).toContain('…');
    expect(header).not.toContain(doc.period.label);
  });

  it('colours a KPI change red when it is bad news, and writes a change from zero as where it came from', async () => {
    const kpi = (label: string, change: number | null, previous: number | null, lowerIsBetter: boolean): ReportKpi => ({
      figure: { metric: null, label, unit: 'count', value: 12, currency: null }, previous, change, comparedWith: 'vs yesterday', lowerIsBetter,
    });
    const doc = singleSection([{ type: 'kpis', kpis: [kpi('Churned', 0.5, 8, true), kpi('New', -0.25, 16, false), kpi('Failed', null, 0, true), kpi('Flat', 0, 12, false)] }]);
    const pdf = await renderPdf(doc);
    const colours = await readPdfColours(pdf);
    expect(colours.find((c) => c.text.includes('+50.0%'))?.colour).toBe(RED);
    expect(colours.find((c) => c.text.includes('-25.0%'))?.colour).toBe(RED);
    expect(all(await readPdf(pdf))).toContain('from 0');
  });
});

describe('opaquePng (charts embed as RGB)', () => {
  it('is resvg\'s picture composited over white, pixel for pixel, as an 8-bit RGB PNG', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="37" height="23"><rect x="3" y="2" width="20" height="15" fill="#4f46e5" fill-opacity="0.5"/>'
      + '<circle cx="25" cy="12" r="9" fill="#ea580c"/><line x1="0" y1="22" x2="36" y2="0" stroke="#0d9488" stroke-width="1.5" stroke-opacity="0.7"/></svg>';
    const rendered = new Resvg(svg).render();
    const rgba = rendered.pixels;
    const png = opaquePng(rendered.asPng());
    expect(png.readUInt32BE(16)).toBe(37);
    expect(png.readUInt32BE(20)).toBe(23);
    expect([...png.subarray(24, 29)]).toEqual([8, 2, 0, 0, 0]);
    const idat = png.indexOf('IDAT');
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    let semi = 0;
    for (let y = 0; y < 23; y++) {
      expect(raw[y * (37 * 3 + 1)]).toBe(0);
      for (let x = 0; x < 37; x++) {
        const a = rgba[(y * 37 + x) * 4 + 3]!;
        if (a > 0 && a < 255) semi++;
        for (let k = 0; k < 3; k++) {
          const expected = rgba[(y * 37 + x) * 4 + k]! + (255 - a); // resvg's pixels are premultiplied
          expect(Math.abs(raw[y * (37 * 3 + 1) + 1 + x * 3 + k]! - expected)).toBeLessThanOrEqual(1);
        }
      }
    }
    expect(semi).toBeGreaterThan(0);
    expect(opaquePng(png)).toBe(png); // already opaque: unchanged
  });
});
