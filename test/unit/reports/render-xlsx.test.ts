import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportColumn, ReportDocument, ReportRow, ReportTable, ValueUnit } from '../../../src/read/reports/contract.js';
import { renderXlsx } from '../../../src/reports/render/xlsx.js';
import { currencyFormat } from '../../../src/reports/render/xlsx-formats.js';
import { createSheetNamer, sheetNameOf } from '../../../src/reports/render/xlsx-sheet-names.js';
import { fixtureReport } from '../../helpers/report-fixture.js';
import { columnLetter, majorNumber, readXlsx, utcDay, type CellValue, type SheetRead } from '../../helpers/xlsx-read.js';

const USD = '"$"#,##0.00;-"$"#,##0.00';
const JPY = '[$¥]#,##0;-[$¥]#,##0';
const EUR = '[$€]#,##0.00;-[$€]#,##0.00';

const tables = (doc: ReportDocument) => doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : [])));
const charts = (doc: ReportDocument) => doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'chart' ? [b.chart] : [])));

function oneTable(table: Partial<ReportTable> & Pick<ReportTable, 'columns' | 'rows'>, overrides: Partial<ReportDocument> = {}): ReportDocument {
  const full: ReportTable = { id: 't', title: 'Table', currency: 'usd', total: null, note: null, ...table };
  return fixtureReport({ sections: [{ id: 's', title: 'Section', note: null, blocks: [{ type: 'table', table: full }] }], ...overrides });
}

/** The value a cell must hold for a document value, computed from the document alone. */
function expected(value: string | number | null | undefined, unit: ValueUnit, currency: string | null): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (unit === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return utcDay(value);
    if (unit === 'month' && /^\d{4}-\d{2}$/.test(value)) return utcDay(`${value}-01`);
    return value;
  }
  return unit === 'money' ? majorNumber(value, currency!) : value;
}

function expectNoFormulas(sheet: SheetRead): void {
  expect(sheet.formulas.flat().some(Boolean), `formula in sheet ${sheet.name}`).toBe(false);
}

describe('renderXlsx: the fixture report', () => {
  const doc = fixtureReport();
  let sheets: SheetRead[];
  const sheet = (name: string) => sheets.find((s) => s.name === name)!;

  beforeAll(async () => {
    sheets = (await readXlsx(await renderXlsx(doc))).sheets;
  });

  it('has a Summary sheet, then one sheet per table and chart in document order, with valid unique names', () => {
    const titles = doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'table' ? [b.table.title] : b.type === 'chart' ? [b.chart.title] : [])));
    expect(sheets.map((s) => s.name)).toEqual(['Summary', ...titles]);
    for (const { name } of sheets) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\]/);
    }
    expect(new Set(sheets.map((s) => s.name.toLowerCase())).size).toBe(sheets.length);
    for (const s of sheets) expectNoFormulas(s);
  });

  it('Summary: title, workspace, period, as-of and the written summary', () => {
    const summary = sheet('Summary');
    expect(summary.values[0]![0]).toBe(doc.title);
    const field = (label: string) => summary.values.find((row) => row[0] === label)?.[1];
    expect(field('Workspace')).toBe(doc.workspace.name);
    expect(field('Period')).toBe(doc.period.label);
    expect(field('From')).toEqual(utcDay(doc.period.from));
    expect(field('To')).toEqual(utcDay(doc.period.to));
    expect(field('As of')).toEqual(new Date(doc.asOf));
    const text = summary.values.map((row) => row[0]);
    for (const sentence of doc.summary) expect(text).toContain(sentence);
    // Section notes and text blocks are kept.
    const notes = summary.values.map((row) => row[1]);
    expect(notes).toContain(doc.sections[2]!.note);
  });

  it('Summary: every KPI with its value, previous and change as numbers in the right format', () => {
    const summary = sheet('Summary');
    const header = summary.values.findIndex((row) => row[1] === 'Figure');
    expect(summary.values[header]).toEqual(['Section', 'Figure', 'Value', 'Previous', 'Change', 'Compared with', 'Note']);
    expect(summary.bold[header]!.every(Boolean)).toBe(true);
    const kpis = doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'kpis' ? b.kpis.map((kpi) => ({ section: s.title, kpi })) : [])));
    expect(kpis.length).toBeGreaterThan(0);
    for (const { section, kpi } of kpis) {
      const index = summary.values.findIndex((row) => row[1] === kpi.figure.label);
      const row = summary.values[index]!;
      const fmts = summary.numFmts[index]!;
      const currency = kpi.figure.currency ?? doc.currency;
      expect(row[0]).toBe(section);
      expect(row[2] ?? null).toEqual(expected(kpi.figure.value, kpi.figure.unit, currency));
      expect(row[3] ?? null).toEqual(expected(kpi.previous, kpi.figure.unit, currency));
      const ratio = kpi.figure.unit === 'ratio';
      expect(row[4] ?? null).toEqual(ratio && kpi.change !== null ? Math.round(kpi.change * 1e6) / 1e4 : kpi.change);
      expect(row[5] ?? null).toBe(kpi.comparedWith);
      expect(row[6] ?? null).toBe(kpi.figure.reason ?? null);
      if (kpi.figure.value !== null) expect(typeof row[2]).toBe('number');
      if (kpi.change !== null) expect(fmts[4]).toBe(ratio ? '+0.0" pp";-0.0" pp";0.0" pp"' : '+0.0%;-0.0%;0.0%');
      if (kpi.figure.value !== null) {
        expect(fmts[2]).toBe({ money: USD, ratio: '0.0%', count: '#,##0', score: '#,##0', days: '#,##0.0' }[kpi.figure.unit]);
      }
    }
    // By hand: MRR 11,234,567 cents is $112,345.67.
    expect(summary.values.find((row) => row[1] === 'MRR')![2]).toBe(112345.67);
  });

  it('every table cell equals the document value, numbers as numbers in their currency format', () => {
    for (const table of tables(doc)) {
      const s = sheet(table.title);
      expect(s.values[0]).toEqual(table.columns.map((c) => c.label));
      expect(s.bold[0]!.every(Boolean)).toBe(true);
      expect(s.frozenRows).toBe(1);
      const check = (row: ReportRow, at: number) =>
        table.columns.forEach((column, c) => {
          const currency = column.unit === 'money' ? ((column.currencyColumn ? (row[column.currencyColumn] as string) : null) ?? table.currency ?? doc.currency) : null;
          const value = s.values[at]![c] ?? null;
          expect(value, `${table.title} row ${at} ${column.key}`).toEqual(expected(row[column.key], column.unit, currency));
          if (typeof row[column.key] === 'number') expect(typeof value).toBe('number');
        });
      table.rows.forEach((row, r) => check(row, r + 1));
      if (table.rows.length > 0) expect(s.autoFilter).toBe(`A1:${columnLetter(table.columns.length)}${table.rows.length + 1}`);
      if (table.total) {
        check(table.total, table.rows.length + 1);
        const totalBold = s.bold[table.rows.length + 1]!.filter((_, c) => s.values[table.rows.length + 1]![c] !== null);
        expect(totalBold.length).toBeGreaterThan(0);
        expect(totalBold.every(Boolean)).toBe(true);
      }
    }
  });

  it('money formats follow each cell’s currency: USD two decimals, JPY none, EUR with its sign', () => {
    const byCurrency = sheet('MRR by billing currency');
    expect(byCurrency.values.slice(1).map((row) => row[1])).toEqual([81234.56, 1234567, -0.05]);
    expect(byCurrency.numFmts.slice(1).map((row) => row[1])).toEqual([USD, JPY, EUR]);
    expect(byCurrency.numFmts[2]![1]).not.toContain('.');
    expect(byCurrency.numFmts[1]![2]).toBe('0.0%');
  });

  it('months and days are real dates', () => {
    const bridge = sheet('MRR bridge');
    expect(bridge.values[1]![0]).toBeInstanceOf(Date);
    expect(bridge.values[1]![0]).toEqual(utcDay('2026-10-01'));
    expect(bridge.numFmts[1]![0]).toBe('mmm yyyy');
    // The totals row's "Total" in the month column stays text.
    expect(bridge.values[3]![0]).toBe('Total');
  });

  it('every chart: categories down, series across, the band as lower and upper columns', () => {
    for (const chart of charts(doc)) {
      const s = sheet(chart.title);
      const bandHeaders = chart.band ? [`${chart.band.name} (lower)`, `${chart.band.name} (upper)`] : [];
      expect(s.values[0]).toEqual(['Month', ...chart.series.map((x) => x.name), ...bandHeaders]);
      expect(s.frozenRows).toBe(1);
      const columns = [...chart.series.map((x) => x.values), ...(chart.band ? [chart.band.lower, chart.band.upper] : [])];
      chart.categories.forEach((category, i) => {
        expect(s.values[i + 1]![0]).toEqual(utcDay(`${category}-01`));
        columns.forEach((values, c) => {
          expect(s.values[i + 1]![c + 1]).toBe(majorNumber(values[i]!, chart.currency ?? doc.currency));
          expect(s.numFmts[i + 1]![c + 1]).toBe(USD);
        });
      });
    }
  });

  it('an empty table keeps its header and says why it is empty', () => {
    const alerts = sheet('Open alerts');
    expect(alerts.values[0]).toEqual(['Customer', 'Opened']);
    expect(alerts.values.flat()).toContain('No open alerts.');
    expect(alerts.autoFilter).toBeNull();
  });
});

describe('renderXlsx: awkward values', () => {
  it('text a spreadsheet would run as a formula stays text', async () => {
    const names = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-12.50', '@SUM(A1)', '=1+1'];
    const doc = oneTable({ columns: [{ key: 'name', label: 'Customer', unit: 'text' }], rows: names.map((name) => ({ name })) });
    const s = (await readXlsx(await renderXlsx(doc))).sheets[1]!;
    expect(s.values.slice(1).map((row) => row[0])).toEqual(names);
    expectNoFormulas(s);
  });

  it('KWD with three decimals, a currency without a symbol written after the number, dates, invalid dates as text', async () => {
    const columns: ReportColumn[] = [
      { key: 'day', label: 'Day', unit: 'date' },
      { key: 'cur', label: 'Currency', unit: 'text' },
      { key: 'amount', label: 'Amount', unit: 'money', currencyColumn: 'cur' },
    ];
    const rows: ReportRow[] = [
      { day: '2026-02-28', cur: 'kwd', amount: 1234 },
      { day: '2026-02-30', cur: 'chf', amount: -150 },
      { day: null, cur: 'jpy', amount: 9_007_199_254_740_991 },
    ];
    const s = (await readXlsx(await renderXlsx(oneTable({ columns, rows, currency: null })))).sheets[1]!;
    expect(s.values[1]).toEqual([utcDay('2026-02-28'), 'kwd', 1.234]);
    expect(s.numFmts[1]).toEqual(['yyyy-mm-dd', '', '#,##0.000 "KWD"']);
    expect(s.values[2]).toEqual(['2026-02-30', 'chf', -1.5]);
    expect(s.numFmts[2]![2]).toBe('#,##0.00 "CHF"');
    expect(s.values[3]![2]).toBe(Number('9007199254740991'));
  });

  it('refuses money that is not integer minor units, naming the cell', async () => {
    const doc = oneTable({ title: 'Top customers', columns: [{ key: 'mrr', label: 'MRR', unit: 'money' }], rows: [{ mrr: 12.5 }] });
    await expect(renderXlsx(doc)).rejects.toThrow(/Top customers.*row 1.*MRR.*integer minor units/);
  });

  it('long, duplicate and invalid titles become valid unique sheet names', async () => {
    const long = 'Top customers by MRR with their health and churn risk';
    const titles = [long, long, 'MRR: new / churn [USD]*?', 'Summary', 'history', "'quoted'", '', long.toUpperCase()];
    const doc = fixtureReport({
      sections: [{
        id: 's', title: 'S', note: null,
        blocks: titles.map((title, i) => ({ type: 'table' as const, table: { id: `t${i}`, title, currency: 'usd', columns: [{ key: 'n', label: 'N', unit: 'count' as const }], rows: [{ n: i }], total: null, note: null } })),
      }],
    });
    const { sheets } = await readXlsx(await renderXlsx(doc));
    const names = sheets.map((s) => s.name);
    expect(names).toHaveLength(titles.length + 1);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const name of names) {
      expect(name.length).toBeGreaterThan(0);
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\]|^'|'$/);
      expect(name.toLowerCase()).not.toBe('history');
    }
    // Each table went to its own sheet: the value written is the table's index.
    expect(sheets.slice(1).map((s) => s.values[1]![0])).toEqual(titles.map((_, i) => i));
    expect(names[1]).toBe(long.slice(0, 31).trimEnd());
    expect(names[2]).toMatch(/ \(2\)$/);
    expect(names[3]).toBe('MRR- new - churn (USD)');
  });

  it('sheet namer: suffixes fit in 31 characters and never split a surrogate pair', () => {
    const name = createSheetNamer(['Summary']);
    const title = `${'x'.repeat(30)}😀 more`;
    const first = name(title);
    expect(first).toBe('x'.repeat(30));
    const second = name(title);
    expect(second).toBe(`${'x'.repeat(27)} (2)`);
    expect(sheetNameOf('a\u0001b\tc')).toBe('a b c');
    expect(name('summary')).toBe('summary (2)');
  });

  it('a chart by week keeps its weeks as text; a report without blocks is its Summary alone', async () => {
    const doc = fixtureReport({
      sections: [{ id: 's', title: 'S', note: null, blocks: [{ type: 'chart', chart: { id: 'w', title: 'Churn by week', kind: 'bar', unit: 'ratio', currency: null, categories: ['2026-W47', '2026-W48'], series: [{ name: 'Churn', values: [0.012, null] }], band: null } }] }],
    });
    const s = (await readXlsx(await renderXlsx(doc))).sheets[1]!;
    expect(s.values).toEqual([['Week', 'Churn'], ['2026-W47', 0.012], ['2026-W48']]);
    expect(s.numFmts[1]).toEqual(['', '0.0%']);
    const alone = (await readXlsx(await renderXlsx(fixtureReport({ sections: [], summary: [] })))).sheets;
    expect(alone.map((x) => x.name)).toEqual(['Summary']);
  });

  it('currency formats by currency', () => {
    expect(currencyFormat('usd')).toBe(USD);
    expect(currencyFormat('JPY')).toBe(JPY);
    expect(currencyFormat('gbp')).toBe('[$£]#,##0.00;-[$£]#,##0.00');
    expect(currencyFormat('kwd')).toBe('#,##0.000 "KWD"');
    expect(currencyFormat('cad')).toBe('[$CA$]#,##0.00;-[$CA$]#,##0.00');
    expect(currencyFormat('xof')).toBe('#,##0 "XOF"');
  });

  it('control characters are dropped and a long text is cut to what Excel keeps', async () => {
    const doc = oneTable({ columns: [{ key: 'name', label: 'Name', unit: 'text' }], rows: [{ name: 'a\u0001b\u0008c' }, { name: 'y'.repeat(40_000) }] });
    const s = (await readXlsx(await renderXlsx(doc))).sheets[1]!;
    expect(s.values[1]![0]).toBe('abc');
    expect((s.values[2]![0] as string).length).toBe(32_767);
  });

  it('a table larger than the width sample reads back whole', async () => {
    const rows: ReportRow[] = Array.from({ length: 2_500 }, (_, i) => ({ name: `Customer ${i}`, mrr: 1_000 + i * 7, since: `2025-01-${String(1 + (i % 28)).padStart(2, '0')}` }));
    rows[2_400]!.name = 'A much longer customer name than the first thousand rows have';
    const columns: ReportColumn[] = [{ key: 'name', label: 'Customer', unit: 'text' }, { key: 'mrr', label: 'MRR', unit: 'money' }, { key: 'since', label: 'Since', unit: 'date' }];
    const s = (await readXlsx(await renderXlsx(oneTable({ columns, rows })))).sheets[1]!;
    expect(s.values).toHaveLength(rows.length + 1);
    expect(s.values[rows.length]).toEqual(['Customer 2499', majorNumber(1_000 + 2_499 * 7, 'usd'), utcDay('2025-01-08')]);
    // Widths come from the first 1,000 rows: a long value further down does not widen the column.
    expect(s.widths[0]).toBeLessThan(30);
    expect(s.autoFilter).toBe(`A1:C${rows.length + 1}`);
  });
});
