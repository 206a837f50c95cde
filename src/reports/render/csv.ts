// Renders a report document as one CSV in a tidy long format: one line per figure, with the columns
// section, block, row, column, value, unit, currency. KPIs (block `kpis`, row the KPI's label,
// columns Value, Previous, Change — and Compared with and Note when there is one), every table cell
// (block the table's id, row the row's first text, month or date cell, column the column's label)
// and every chart point (block the chart's id, row the category, column the series, the band as
// "<band> (lower)" and "(upper)"). Values stay exact: money the decimal in major units of `currency`
// ("-0.05", "1234" for JPY), ratios fractions, counts integers, days and months ISO; an empty value
// is a missing figure. Text that a spreadsheet would run as a formula is neutralised.
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../../core/csv-cell.js';
import type { ReportChart, ReportDocument, ReportKpi, ReportRow, ReportTable, ValueUnit } from '../../read/reports/contract.js';
import { cellCurrency, labelColumn, moneyText, rowName } from './xlsx-cells.js';

export const CSV_COLUMNS = ['section', 'block', 'row', 'column', 'value', 'unit', 'currency'] as const;
/** A line's cells in CSV_COLUMNS order (arrays, not objects: a large table writes millions). */
type Line = [section: string, block: string, row: string, column: string, value: string, unit: string, currency: string];
type Place = { section: string; block: string; row: string; column: string };

/** A number as a plain decimal, never in exponent notation (1e-7 → "0.0000001"). */
export function plainNumber(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, rest = '', exp] = match;
  const digits = `${lead}${rest}`;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function line(place: Place, value: string | number | null | undefined, unit: ValueUnit, currency: string | null): Line {
  const at = (written: string, code: string): Line => [
    neutraliseFormula(place.section),
    neutraliseFormula(place.block),
    neutraliseFormula(place.row),
    neutraliseFormula(place.column),
    written,
    unit,
    code,
  ];
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return at('', '');
  if (typeof value === 'string') return at(neutraliseFormula(value), '');
  if (unit === 'money') {
    const where = `${place.block}, ${place.row}, ${place.column}`;
    if (currency === null) throw new Error(`${where}: a money value needs a currency`);
    return at(moneyText(value, currency, where), currency);
  }
  return at(plainNumber(value), '');
}

function* kpiLines(section: string, kpi: ReportKpi, documentCurrency: string): Generator<Line> {
  const { figure } = kpi;
  const currency = figure.unit === 'money' ? (figure.currency ?? documentCurrency) : null;
  const at = (column: string): Place => ({ section, block: 'kpis', row: figure.label, column });
  yield line(at('Value'), figure.value, figure.unit, currency);
  yield line(at('Previous'), kpi.previous, figure.unit, currency);
  yield line(at('Change'), kpi.change, 'ratio', null);
  if (kpi.comparedWith !== null) yield line(at('Compared with'), kpi.comparedWith, 'text', null);
  if (figure.reason !== undefined) yield line(at('Note'), figure.reason, 'text', null);
}

function* tableLines(section: string, table: ReportTable, documentCurrency: string): Generator<Line> {
  const label = labelColumn(table.columns);
  const columns = table.columns.filter((column) => column !== label);
  const cells = function* (row: ReportRow, name: string): Generator<Line> {
    for (const column of columns) {
      const currency = column.unit === 'money' ? cellCurrency(table, column, row, documentCurrency) : null;
      yield line({ section, block: table.id, row: name, column: column.label }, row[column.key], column.unit, currency);
    }
  };
  for (const [index, row] of table.rows.entries()) yield* cells(row, rowName(label, row, String(index + 1)));
  if (table.total) yield* cells(table.total, rowName(label, table.total, 'Total'));
}

function* chartLines(section: string, chart: ReportChart, documentCurrency: string): Generator<Line> {
  const currency = chart.unit === 'money' ? (chart.currency ?? documentCurrency) : null;
  const columns = [
    ...chart.series.map((series) => ({ name: series.name, values: series.values })),
    ...(chart.band ? [{ name: `${chart.band.name} (lower)`, values: chart.band.lower }, { name: `${chart.band.name} (upper)`, values: chart.band.upper }] : []),
  ];
  for (const [index, category] of chart.categories.entries()) {
    for (const column of columns) yield line({ section, block: chart.id, row: category, column: column.name }, column.values[index], chart.unit, currency);
  }
}

function* documentLines(doc: ReportDocument): Generator<Line> {
  for (const section of doc.sections) {
    for (const block of section.blocks) {
      if (block.type === 'kpis') for (const kpi of block.kpis) yield* kpiLines(section.id, kpi, doc.currency);
      else if (block.type === 'table') yield* tableLines(section.id, block.table, doc.currency);
      else if (block.type === 'chart') yield* chartLines(section.id, block.chart, doc.currency);
    }
  }
}

/** Lines are written a batch at a time: a 100,000-row table never exists as a million objects. */
const BATCH = 5_000;

export function renderCsv(doc: ReportDocument): string {
  const parts: string[] = [];
  let batch: Line[] = [];
  const flush = () => {
    parts.push(stringify(batch, { header: parts.length === 0, columns: CSV_COLUMNS.map((key) => ({ key })) }));
    batch = [];
  };
  for (const entry of documentLines(doc)) {
    batch.push(entry);
    if (batch.length === BATCH) flush();
  }
  if (batch.length > 0 || parts.length === 0) flush();
  return parts.join('');
}
