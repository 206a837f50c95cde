import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportDocument, ReportKpi, ReportTable } from '../../../src/read/reports/contract.js';
import { formatValue, kpiChange } from '../../../src/reports/render/format-value.js';
import { renderEmail, renderReport, type RenderedEmail } from '../../../src/reports/render/index.js';
import { fixtureReport } from '../../helpers/report-fixture.js';

const PUBLIC_URL = 'https://revpulse.example.com/';
const HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';

const decode = (html: string) =>
  html.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim();
const allTables = (doc: ReportDocument) => doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : [])));
const allCharts = (doc: ReportDocument) => doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'chart' ? [b.chart] : [])));
const allKpis = (doc: ReportDocument) => doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'kpis' ? b.kpis : [])));

/** The data tables (not the layout ones) as rows of [cell text, style]. */
function dataTables(html: string): { text: string; style: string }[][][] {
  return [...html.matchAll(/<table width="100%"[^>]*>(.*?)<\/table>/gs)].map((t) =>
    [...t[1]!.matchAll(/<tr>(.*?)<\/tr>/gs)].map((r) => [...r[1]!.matchAll(/<t[hd]\b([^>]*)>(.*?)<\/t[hd]>/gs)].map((c) => ({ style: c[1]!, text: decode(c[2]!) }))),
  );
}

/** The KPI tiles' text. */
const tiles = (html: string) => [...html.matchAll(/<td width="49%" valign="top"[^>]*>(.*?)<\/td>/gs)].map((m) => ({ html: m[1]!, text: decode(m[1]!.replace(/<\/div>/g, '\n')) }));

/** What the cell must read, from the document alone (the currency taken as the contract says). */
function expectedCell(table: ReportTable, key: string, row: ReportTable['rows'][number]): string {
  const column = table.columns.find((c) => c.key === key)!;
  const currency = column.currencyColumn ? (row[column.currencyColumn] as string) : table.currency;
  return formatValue(row[key], column.unit, column.unit === 'money' ? currency : null);
}

function longTable(rows: number): ReportTable {
  return {
    id: 'customers', title: 'Customers', currency: 'usd',
    columns: [{ key: 'name', label: 'Customer', unit: 'text' }, { key: 'mrr', label: 'MRR', unit: 'money' }],
    rows: Array.from({ length: rows }, (_, i) => ({ name: `Customer ${i + 1}`, mrr: 1000 * (i + 1) })),
    total: null, note: null,
  };
}

describe('renderEmail', () => {
  const doc = fixtureReport();
  let mail: RenderedEmail;
  beforeAll(async () => {
    mail = await renderEmail(doc, { publicUrl: PUBLIC_URL });
  });

  it('names the report, its period and the workspace in the subject', async () => {
    expect(mail.subject).toBe('Revpulse · Board pack — November 2026 · Acme Analytics');
    const daily = fixtureReport({ title: 'Daily summary — 1 Dec 2026', workspace: { id: 'ws_a', name: 'Acme' }, period: { key: '2026-12-01', label: '1 Dec 2026', from: '2026-12-01', to: '2026-12-01' } });
    expect((await renderEmail(daily, { publicUrl: PUBLIC_URL })).subject).toBe('Revpulse · Daily summary — 1 Dec 2026 · Acme');
    const custom = fixtureReport({ kind: 'custom', title: 'Churn watch', workspace: { id: 'ws_a', name: 'Acme\r\nBcc: x@y.z' } });
    expect((await renderEmail(custom, { publicUrl: PUBLIC_URL })).subject).toBe('Revpulse · Churn watch — November 2026 · Acme Bcc: x@y.z');
  });

  it('shows every KPI as formatValue writes it, its change coloured by whether a rise is bad news', () => {
    const kpis = allKpis(doc);
    const shown = tiles(mail.html);
    expect(shown).toHaveLength(kpis.length);
    kpis.forEach((kpi: ReportKpi, i) => {
      const tile = shown[i]!;
      const lines = tile.text.split('\n').map((l) => l.trim());
      expect(lines[0]).toBe(kpi.figure.label);
      expect(lines[1]).toBe(formatValue(kpi.figure.value, kpi.figure.unit, kpi.figure.currency));
      if (kpi.change !== null) {
        expect(tile.text).toContain(kpiChange(kpi)!.text);
        expect(tile.text).toContain(kpi.comparedWith!);
        const good = (kpi.change > 0) !== kpi.lowerIsBetter;
        expect(tile.html).toContain(`color:${good ? '#046c4c' : '#be1e1e'};font-weight:600;`);
      }
    });
  });

  it('shows a missing figure as "—" with its reason', () => {
    const nps = allKpis(doc).find((k) => k.figure.value === null)!;
    const tile = tiles(mail.html).find((t) => t.text.startsWith(nps.figure.label))!;
    expect(tile.text.split('\n')[1]).toBe('—');
    expect(tile.text).toContain(nps.figure.reason!);
  });

  it('shows every table cell as formatValue writes it, numbers right-aligned, the total last', () => {
    const tables = allTables(doc).filter((t) => t.rows.length > 0);
    const shown = dataTables(mail.html);
    expect(shown).toHaveLength(tables.length);
    tables.forEach((table, i) => {
      const [head, ...rows] = shown[i]!;
      expect(head!.map((c) => c.text)).toEqual(table.columns.map((c) => c.label));
      const expected = [...table.rows, ...(table.total ? [table.total] : [])];
      expect(rows).toHaveLength(expected.length);
      expected.forEach((row, r) => {
        table.columns.forEach((column, c) => {
          const cell = rows[r]![c]!;
          expect(cell.text, `${table.id} row ${r} ${column.key}`).toBe(expectedCell(table, column.key, row));
          const numeric = !['text', 'date', 'month'].includes(column.unit);
          expect(cell.style).toContain(`text-align:${numeric ? 'right' : 'left'}`);
        });
      });
      if (table.total) expect(rows.at(-1)![0]!.style).toContain('font-weight:700');
    });
  });

  it('says so for an empty table, and shows section notes in an amber box', () => {
    const text = decode(mail.html);
    expect(text).toContain('No open alerts.');
    for (const section of doc.sections.filter((s) => s.note)) {
      const box = [...mail.html.matchAll(/<td style="background-color:#fffbeb;[^"]*">(.*?)<\/td>/gs)].map((m) => decode(m[1]!));
      expect(box).toContain(`Note: ${section.note}`);
    }
    for (const sentence of [...doc.summary, 'The forecast extends the last 12 months’ trend; the band is an 80% interval.']) expect(text).toContain(sentence);
  });

  it('embeds every chart as an inline PNG at twice its size, each cid referenced once', () => {
    const charts = allCharts(doc);
    const referenced = [...mail.html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
    const cids = referenced.map((img) => /src="cid:([^"]+)"/.exec(img)?.[1]);
    expect(cids).toEqual(charts.map((c) => `chart-${c.id}`));
    expect(mail.inlineImages.map((i) => i.cid).sort()).toEqual([...cids].sort());
    for (const img of referenced) {
      expect(img).toContain('width="592"');
      expect(img).toContain('height="240"');
    }
    for (const image of mail.inlineImages) {
      expect(image.content.subarray(1, 4).toString()).toBe('PNG');
      expect([image.content.readUInt32BE(16), image.content.readUInt32BE(20)]).toEqual([1184, 480]);
      expect(image.filename).toBe(`${image.cid}.png`);
    }
  });

  it('is mail-client HTML: inline styles only, no script, no external resource, at most 640 px wide', () => {
    expect(mail.html).not.toMatch(/<style|<script|<link|<iframe|<form|\bclass=|\son\w+=/i);
    expect([...mail.html.matchAll(/\bsrc="([^"]*)"/g)].every((m) => m[1]!.startsWith('cid:'))).toBe(true);
    expect([...mail.html.matchAll(/\bhref="([^"]*)"/g)].map((m) => m[1])).toEqual(['https://revpulse.example.com/reports?workspace=ws_fixture']);
    expect(decode(mail.html)).toContain('View in Revpulse');
    expect(Math.max(...[...mail.html.matchAll(/\bwidth="(\d+)"/g)].map((m) => Number(m[1])))).toBeLessThanOrEqual(640);
    expect(Math.max(...[...mail.html.matchAll(/max-width:(\d+)px/g)].map((m) => Number(m[1])))).toBeLessThanOrEqual(640);
  });

  it('has no link for a public URL that is not http(s)', async () => {
    const html = (await renderEmail(doc, { publicUrl: 'javascript:alert(1)' })).html;
    expect(html).not.toContain('href=');
    expect(html).not.toContain('javascript:');
  });

  it('escapes every name: workspace, titles, series, customers', async () => {
    const hostile = fixtureReport({ title: `Report ${HOSTILE}`, workspace: { id: 'ws_"x"', name: HOSTILE }, summary: [HOSTILE] });
    hostile.sections[0]!.title = HOSTILE;
    hostile.sections[0]!.note = HOSTILE;
    const alerts = allTables(hostile).find((t) => t.id === 'alerts')!;
    alerts.rows.push({ customer: HOSTILE, opened: '2026-11-30' });
    const chart = allCharts(hostile)[0]!;
    chart.title = HOSTILE;
    const { html } = await renderEmail(hostile, { publicUrl: PUBLIC_URL });
    expect(html).not.toMatch(/<script|<img src=x/i);
    expect([...html.matchAll(/<img\b[^>]*>/g)].every((m) => m[0].startsWith('<img src="cid:'))).toBe(true);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('workspace=ws_%22x%22');
    // The customer's cell reads as the name, as written.
    expect(dataTables(html).flat().flat().map((c) => c.text)).toContain(HOSTILE);
  });

  it('writes money of a zero-decimal currency without decimals', async () => {
    const yen = fixtureReport({ currency: 'jpy' });
    const kpi = allKpis(yen)[0]!;
    kpi.figure.currency = 'jpy';
    kpi.figure.value = 1234567;
    const bridge = allTables(yen).find((t) => t.id === 'bridge')!;
    bridge.currency = 'jpy';
    const { html } = await renderEmail(yen, { publicUrl: PUBLIC_URL });
    expect(tiles(html)[0]!.text.split('\n')[1]).toBe('¥1,234,567');
    const cells = dataTables(html)[0]!.flat().map((c) => c.text);
    expect(cells).toEqual(expect.arrayContaining(['¥450,000', '-¥180,000', '¥1,271,000', '-¥394,050']));
    expect(cells.filter((c) => c.startsWith('¥') || c.startsWith('-¥')).every((c) => !c.includes('.'))).toBe(true);
  });

  it('cuts a long table at 25 rows and says where the rest is', async () => {
    const long = fixtureReport();
    long.sections[1]!.blocks.push({ type: 'table', table: longTable(40) });
    const attached = await renderEmail(long, { publicUrl: PUBLIC_URL, attachments: ['pdf'] });
    const rows = dataTables(attached.html).find((t) => t[0]![0]!.text === 'Customer')!;
    expect(rows).toHaveLength(1 + 25 + 1);
    expect(rows[25]![1]!.text).toBe(formatValue(25_000, 'money', 'usd'));
    expect(rows.at(-1)![0]!.text).toBe('… and 15 more rows in the attachment');
    const bare = await renderEmail(long, { publicUrl: PUBLIC_URL, attachments: [] });
    expect(decode(bare.html)).toContain('… and 15 more rows in Revpulse');
    // Exactly 25 rows: nothing is cut.
    const exact = fixtureReport();
    exact.sections[1]!.blocks.push({ type: 'table', table: longTable(25) });
    expect(decode((await renderEmail(exact, { publicUrl: PUBLIC_URL })).html)).not.toContain('more rows');
  });
});

describe("renderReport(doc, 'html'): the standalone page", () => {
  it('is the e-mail with data: charts, every row and no link', async () => {
    const doc = fixtureReport();
    doc.sections[1]!.blocks.push({ type: 'table', table: longTable(40) });
    const file = await renderReport(doc, 'html');
    expect(file.contentType).toBe('text/html; charset=utf-8');
    expect(file.filename).toBe('revpulse-board-2026-11.html');
    const html = file.body.toString('utf8');
    expect(html).not.toMatch(/<style|<script|cid:|href=/i);
    const sources = [...html.matchAll(/<img\b[^>]*src="([^"]*)"/g)].map((m) => m[1]!);
    expect(sources).toHaveLength(allCharts(doc).length);
    for (const src of sources) {
      expect(src.startsWith('data:image/png;base64,')).toBe(true);
      const png = Buffer.from(src.slice('data:image/png;base64,'.length), 'base64');
      expect(png.readUInt32BE(16)).toBe(1184);
    }
    expect(dataTables(html).find((t) => t[0]![0]!.text === 'Customer')).toHaveLength(41);
    // Without the added table, page and e-mail are the same markup but for the images' sources and the link.
    const page = (await renderReport(fixtureReport(), 'html')).body.toString('utf8');
    const mail = await renderEmail(fixtureReport(), { publicUrl: PUBLIC_URL });
    const strip = (h: string) => h.replace(/ src="[^"]*"/g, '').replace(/\n<table role="presentation" width="auto".*?<\/table>/s, '');
    expect(strip(page)).toBe(strip(mail.html));
  });
});
