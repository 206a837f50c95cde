import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { currencyExponent } from '../../../src/core/currency.js';
import { minorToMajorText } from '../../../src/core/money-text.js';
import type { ReportColumn, ReportDocument, ReportRow, ReportTable, ValueUnit } from '../../../src/read/reports/contract.js';
import { CSV_COLUMNS, plainNumber, renderCsv } from '../../../src/reports/render/csv.js';
import { fixtureReport } from '../../helpers/report-fixture.js';

type Line = Record<(typeof CSV_COLUMNS)[number], string>;

function read(csv: string): Line[] {
  const header = csv.slice(0, csv.indexOf('\n'));
  expect(header).toBe(CSV_COLUMNS.join(','));
  return parse(csv, { columns: true, skip_empty_lines: true }) as Line[];
}

function oneTable(table: Partial<ReportTable> & Pick<ReportTable, 'columns' | 'rows'>): ReportDocument {
  const full: ReportTable = { id: 't', title: 'Table', currency: 'usd', total: null, note: null, ...table };
  return fixtureReport({ sections: [{ id: 's', title: 'Section', note: null, blocks: [{ type: 'table', table: full }] }] });
}

/** The exact text a value must be written as, from the document alone. */
function expected(value: string | number | null | undefined, unit: ValueUnit, currency: string | null): { value: string; currency: string } {
  if (value === null || value === undefined) return { value: '', currency: '' };
  if (typeof value === 'string') return { value, currency: '' };
  if (unit === 'money') return { value: minorToMajorText(value, currencyExponent(currency!)), currency: currency! };
  return { value: String(value), currency: '' };
}

describe('renderCsv: the fixture report', () => {
  const doc = fixtureReport();
  const lines = read(renderCsv(doc));
  const find = (block: string, row: string, column: string) => {
    const matches = lines.filter((l) => l.block === block && l.row === row && l.column === column);
    expect(matches, `${block} / ${row} / ${column}`).toHaveLength(1);
    return matches[0]!;
  };

  it('every KPI: value, previous and change, what it is compared with, and why a figure is missing', () => {
    for (const section of doc.sections) {
      for (const block of section.blocks) {
        if (block.type !== 'kpis') continue;
        for (const kpi of block.kpis) {
          const { figure } = kpi;
          const currency = figure.unit === 'money' ? (figure.currency ?? doc.currency) : null;
          for (const [column, value] of [['Value', figure.value], ['Previous', kpi.previous]] as const) {
            const line = find('kpis', figure.label, column);
            expect(line.section).toBe(section.id);
            expect(line.unit).toBe(figure.unit);
            expect({ value: line.value, currency: line.currency }).toEqual(expected(value, figure.unit, currency));
          }
          expect(find('kpis', figure.label, 'Change').value).toBe(kpi.change === null ? '' : String(kpi.change));
          if (kpi.comparedWith) expect(find('kpis', figure.label, 'Compared with').value).toBe(kpi.comparedWith);
          if (figure.reason) expect(find('kpis', figure.label, 'Note').value).toBe(figure.reason);
        }
      }
    }
    // By hand: 11,234,567 cents.
    expect(find('kpis', 'MRR', 'Value')).toMatchObject({ value: '112345.67', unit: 'money', currency: 'usd' });
    expect(find('kpis', 'NPS', 'Value').value).toBe('');
  });

  it('every table cell, named by its row’s first text, month or date cell and the column’s label', () => {
    for (const section of doc.sections) {
      for (const block of section.blocks) {
        if (block.type !== 'table') continue;
        const { table } = block;
        const label = table.columns.find((c) => c.unit === 'text' || c.unit === 'month' || c.unit === 'date');
        const rows = [...table.rows, ...(table.total ? [table.total] : [])];
        for (const row of rows) {
          const name = label && row[label.key] !== null ? String(row[label.key]) : 'Total';
          for (const column of table.columns) {
            if (column === label) continue;
            const currency = column.unit === 'money' ? ((column.currencyColumn ? (row[column.currencyColumn] as string) : null) ?? table.currency ?? doc.currency) : null;
            const line = find(table.id, name, column.label);
            expect(line.section).toBe(section.id);
            expect(line.unit).toBe(column.unit);
            expect({ value: line.value, currency: line.currency }).toEqual(expected(row[column.key], column.unit, currency));
          }
        }
      }
    }
    // By hand: the currency column names each amount's currency; JPY has no decimals.
    expect(find('by-currency', 'jpy', 'MRR')).toMatchObject({ value: '1234567', currency: 'jpy' });
    expect(find('by-currency', 'eur', 'MRR')).toMatchObject({ value: '-0.05', currency: 'eur' });
    expect(find('bridge', 'Total', 'Churn')).toMatchObject({ value: '-3940.50', currency: 'usd' });
    expect(find('bridge', '2026-11', 'Growth')).toMatchObject({ value: '0.04205', unit: 'ratio' });
    expect(lines.filter((l) => l.block === 'alerts')).toEqual([]);
  });

  it('every chart point: the category, each series and the band’s bounds', () => {
    for (const section of doc.sections) {
      for (const block of section.blocks) {
        if (block.type !== 'chart') continue;
        const { chart } = block;
        const columns = [
          ...chart.series.map((s) => [s.name, s.values] as const),
          ...(chart.band ? [[`${chart.band.name} (lower)`, chart.band.lower], [`${chart.band.name} (upper)`, chart.band.upper]] as const : []),
        ];
        chart.categories.forEach((category, i) => {
          for (const [name, values] of columns) {
            const line = find(chart.id, category, name);
            expect(line.unit).toBe(chart.unit);
            expect({ value: line.value, currency: line.currency }).toEqual(expected(values[i], chart.unit, chart.currency ?? doc.currency));
          }
        });
        expect(lines.filter((l) => l.block === chart.id)).toHaveLength(chart.categories.length * columns.length);
      }
    }
    expect(find('forecast', '2027-02', '80% interval (upper)').value).toBe('131000.00');
  });
});

describe('renderCsv: awkward values', () => {
  it('neutralises text a spreadsheet would run as a formula, never a number', () => {
    const columns: ReportColumn[] = [{ key: 'name', label: 'Customer', unit: 'text' }, { key: 'plan', label: '=Plan', unit: 'text' }, { key: 'mrr', label: 'MRR', unit: 'money' }];
    const rows: ReportRow[] = [
      { name: '=HYPERLINK("http://evil.example","x")', plan: '@SUM(A1)', mrr: -5 },
      { name: '-12.50', plan: '+1', mrr: -125_000 },
    ];
    const lines = read(renderCsv(oneTable({ columns, rows })));
    expect(lines.map((l) => [l.row, l.column, l.value])).toEqual([
      ['\'=HYPERLINK("http://evil.example","x")', '\'=Plan', '\'@SUM(A1)'],
      ['\'=HYPERLINK("http://evil.example","x")', 'MRR', '-0.05'],
      ['\'-12.50', '\'=Plan', '\'+1'],
      ['\'-12.50', 'MRR', '-1250.00'],
    ]);
  });

  it('quotes commas, quotes and line breaks so they read back as written', () => {
    const name = 'Acme, "Inc."\nsecond line';
    const lines = read(renderCsv(oneTable({ columns: [{ key: 'name', label: 'Name', unit: 'text' }, { key: 'n', label: 'Seats, "paid"', unit: 'count' }], rows: [{ name, n: 3 }] })));
    expect(lines).toEqual([{ section: 's', block: 't', row: name, column: 'Seats, "paid"', value: '3', unit: 'count', currency: '' }]);
  });

  it('rows without a text cell are named by position; a currency column names each amount’s currency (KWD three decimals)', () => {
    const columns: ReportColumn[] = [{ key: 'n', label: 'N', unit: 'count' }, { key: 'c', label: 'C', unit: 'text' }, { key: 'amount', label: 'Amount', unit: 'money', currencyColumn: 'c' }];
    const noLabel = read(renderCsv(oneTable({ columns: [columns[0]!], rows: [{ n: 1 }, { n: 2 }], total: { n: 3 } })));
    expect(noLabel.map((l) => [l.row, l.value])).toEqual([['1', '1'], ['2', '2'], ['Total', '3']]);
    const kwd = read(renderCsv(oneTable({ columns, rows: [{ n: 1, c: 'KWD', amount: 1_234 }], currency: null })));
    expect(kwd.find((l) => l.column === 'Amount')).toMatchObject({ row: 'KWD', value: '1.234', currency: 'kwd' });
  });

  it('numbers are plain decimals, never exponent notation', () => {
    expect(plainNumber(1e-7)).toBe('0.0000001');
    expect(plainNumber(-2.5e-8)).toBe('-0.000000025');
    expect(plainNumber(1.25e21)).toBe('1250000000000000000000');
    expect(plainNumber(0.052)).toBe('0.052');
    expect(plainNumber(-981)).toBe('-981');
    const lines = read(renderCsv(oneTable({ columns: [{ key: 'r', label: 'Rate', unit: 'ratio' }], rows: [{ r: 3e-7 }] })));
    expect(lines[0]!.value).toBe('0.0000003');
    expect(Number(lines[0]!.value)).toBe(3e-7);
  });

  it('refuses money that is not integer minor units, naming the cell', () => {
    expect(() => renderCsv(oneTable({ columns: [{ key: 'name', label: 'Customer', unit: 'text' }, { key: 'mrr', label: 'MRR', unit: 'money' }], rows: [{ name: 'Acme', mrr: 0.5 }] }))).toThrow(
      /t, Acme, MRR: a money value must be integer minor units/,
    );
  });

  it('a report without figures is the header alone; a large table is written whole, in order', () => {
    expect(renderCsv(fixtureReport({ sections: [] }))).toBe(`${CSV_COLUMNS.join(',')}\n`);
    const rows: ReportRow[] = Array.from({ length: 6_001 }, (_, i) => ({ name: `Customer ${i}`, mrr: i }));
    const lines = read(renderCsv(oneTable({ columns: [{ key: 'name', label: 'Customer', unit: 'text' }, { key: 'mrr', label: 'MRR', unit: 'money' }], rows })));
    expect(lines).toHaveLength(rows.length);
    expect(lines.map((l) => l.row)).toEqual(rows.map((r) => r.name));
    expect(lines[6_000]!.value).toBe('60.00');
  });
});
