// An export's rows as a report document: one section, one table; money columns from CsvMoney
// (a file currency, a row's currency column, a currency named by the column's key), declared units,
// units read from values, headings in words, and the contract's shape.
import { describe, expect, it } from 'vitest';
import { columnLabel, exportDocument, type ExportTableInput } from '../../../src/api/export-document.js';
import { flatten } from '../../../src/api/csv.js';
import { reportDocument } from '../../../src/read/reports/contract.js';

const base: Omit<ExportTableInput, 'rows' | 'money'> = {
  key: 'movements',
  title: 'MRR movements',
  workspace: { id: 'ws_1', name: 'Acme' },
  period: { from: '2026-01-01', to: '2026-03-31' },
  asOf: new Date('2026-04-02T10:00:00Z'),
  generatedAt: new Date('2026-04-02T10:00:01Z'),
  currency: 'eur',
};

const tableOf = (doc: ReturnType<typeof exportDocument>) => {
  expect(doc.sections).toHaveLength(1);
  const [block] = doc.sections[0]!.blocks;
  if (block?.type !== 'table') throw new Error('expected one table');
  return block.table;
};

describe('exportDocument', () => {
  it('money in the file currency, counts, ratios as declared, dates and months read from values', () => {
    const rows = [
      { period: '2026-01', start: '2026-01-01', mrr: 123_456, 'movements.new': -500, customers: 12, 'nrr.value': 1.02, 'nrr.reason': null, live: true },
      { period: '2026-02', start: '2026-02-01', mrr: 0, 'movements.new': 7, customers: 0, 'nrr.value': null, 'nrr.reason': 'No MRR at the start', live: false },
    ];
    const doc = exportDocument({ ...base, rows, money: { currency: 'eur', columns: ['mrr', 'movements.*'] }, units: { '*.value': 'ratio' } });
    expect(reportDocument.safeParse(doc).success).toBe(true);
    expect(doc).toMatchObject({ key: 'movements', kind: 'custom', title: 'MRR movements', currency: 'eur', period: { key: '2026-01-01_2026-03-31', label: '1 Jan 2026 – 31 Mar 2026' }, asOf: '2026-04-02T10:00:00.000Z' });
    const table = tableOf(doc);
    expect(table.currency).toBe('eur');
    expect(table.columns.map((c) => [c.key, c.unit, c.label])).toEqual([
      ['period', 'month', 'Period'],
      ['start', 'date', 'Start'],
      ['mrr', 'money', 'MRR'],
      ['movements.new', 'money', 'Movements · new'],
      ['customers', 'count', 'Customers'],
      ['nrr.value', 'ratio', 'NRR'],
      ['nrr.reason', 'text', 'NRR · reason'],
      ['live', 'text', 'Live'],
    ]);
    expect(table.rows[0]).toMatchObject({ mrr: 123_456, 'movements.new': -500, customers: 12, 'nrr.value': 1.02, live: 'Yes' });
    expect(table.rows[1]).toMatchObject({ 'nrr.value': null, 'nrr.reason': 'No MRR at the start', live: 'No' });
  });

  it("a row's own currency column, and a currency named by the column key kept as a hidden cell", () => {
    const rows = [flatten({ planId: 'pro', mrr: 1000, byCurrency: { jpy: 4800, kwd: 12_345 } }), flatten({ id: 'c1', planId: 'basic', mrr: 0, byCurrency: { jpy: 0, kwd: 1 } })];
    const doc = exportDocument({ ...base, rows, money: { currency: 'usd', columns: ['mrr'], native: { 'byCurrency.*': 'key' } } });
    const table = tableOf(doc);
    const jpy = table.columns.find((c) => c.key === 'byCurrency.jpy')!;
    expect(jpy).toMatchObject({ unit: 'money', label: 'By currency · JPY' });
    expect(table.rows[0]![jpy.currencyColumn!]).toBe('jpy');
    expect(table.columns.map((c) => c.key)).not.toContain(jpy.currencyColumn);
    // a column only some rows have is still a column, empty where missing
    expect(table.rows[0]!.id).toBeNull();

    const perRow = exportDocument({ ...base, rows: [{ name: 'Kaisha', mrr: 4800, currency: 'jpy' }, { name: 'Nobody', mrr: 0, currency: null }], money: { currency: { column: 'currency' }, columns: ['mrr'] }, columns: ['name', 'mrr'] });
    const t = tableOf(perRow);
    expect(t.currency).toBeNull();
    expect(t.columns).toEqual([{ key: 'name', label: 'Name', unit: 'text' }, { key: 'mrr', label: 'MRR', unit: 'money', currencyColumn: 'currency' }]);
    expect(t.rows).toEqual([{ name: 'Kaisha', mrr: 4800, currency: 'jpy' }, { name: 'Nobody', mrr: 0, currency: null }]);
    expect(perRow.currency).toBe('eur'); // no file currency: the workspace's
  });

  it("drops the CSV's added currency column, keeps labels given, and refuses a money cell that is not minor units", () => {
    const doc = exportDocument({ ...base, rows: [{ mrr: 5 }], money: { currency: 'usd', columns: ['mrr'] }, columns: ['currency', 'mrr'], labels: { mrr: 'MRR at risk' } });
    expect(tableOf(doc).columns).toEqual([{ key: 'mrr', label: 'MRR at risk', unit: 'money' }]);
    expect(() => exportDocument({ ...base, rows: [{ mrr: '12.50' }], money: { currency: 'usd', columns: ['mrr'] } })).toThrow(/mrr is not an amount in minor units/);
    expect(() => exportDocument({ ...base, rows: [{ mrr: 12.5 }], money: { currency: 'usd', columns: ['mrr'] } })).toThrow(/minor units/);
  });

  it('a column of mixed values is text, numbers kept as written; a single day is its own period', () => {
    const doc = exportDocument({ ...base, period: { from: '2026-04-02', to: '2026-04-02' }, rows: [{ code: 'card_declined' }, { code: 42 }, { code: '=1+1' }], money: null, summary: ['Filters: status = active.'], note: 'The first 1 of 2 rows.' });
    const table = tableOf(doc);
    expect(table.columns[0]).toMatchObject({ unit: 'text' });
    expect(table.rows.map((r) => r.code)).toEqual(['card_declined', '42', '=1+1']);
    expect(table.note).toBe('The first 1 of 2 rows.');
    expect(doc.summary).toEqual(['Filters: status = active.']);
    expect(doc.period).toMatchObject({ key: '2026-04-02', label: '2 Apr 2026' });
  });

  it('headings in words', () => {
    expect(columnLabel('mrrStart')).toBe('MRR start');
    expect(columnLabel('customerChurnRate.value')).toBe('Customer churn rate');
    expect(columnLabel('succeeded.amount')).toBe('Succeeded · amount');
    expect(columnLabel('high_risk')).toBe('High risk');
    expect(columnLabel('retention.3')).toBe('Retention · 3');
  });
});
