// A report's tables and charts as data sheets. A table keeps its columns, rows and totals; a chart
// becomes its data: categories down (real dates when they are days or months), one column per
// series, and its band's lower and upper bounds as two more columns.
import type { ReportChart, ReportTable } from '../../read/reports/contract.js';
import { categoryUnit, cellCurrency } from './xlsx-cells.js';
import { textCell, xlsxCell, type XlsxCell } from './xlsx-formats.js';
import type { GridSheet } from './xlsx-grid.js';

export function tableGrid(table: ReportTable, documentCurrency: string): GridSheet {
  const cellsOf = (row: ReportTable['rows'][number], which: string): XlsxCell[] =>
    table.columns.map((column) => {
      const currency = column.unit === 'money' ? cellCurrency(table, column, row, documentCurrency) : null;
      return xlsxCell(row[column.key], column.unit, currency, `table "${table.title}", ${which}, column "${column.label}"`);
    });
  return {
    headers: table.columns.map((column) => column.label),
    rowCount: table.rows.length,
    rowAt: (index) => cellsOf(table.rows[index]!, `row ${index + 1}`),
    total: table.total ? cellsOf(table.total, 'total') : null,
    filter: true,
    note: table.note ?? (table.rows.length === 0 ? 'No rows.' : null),
  };
}

/** The first column's heading: what every category is (custom reports run by week or quarter). */
function categoryHeader(categories: readonly string[], unit: 'month' | 'date' | 'text'): string {
  if (unit === 'month') return 'Month';
  if (unit === 'date') return 'Date';
  if (categories.length > 0 && categories.every((c) => /^\d{4}-W\d{2}$/.test(c))) return 'Week';
  if (categories.length > 0 && categories.every((c) => /^\d{4}-Q[1-4]$/.test(c))) return 'Quarter';
  return 'Category';
}

export function chartGrid(chart: ReportChart, documentCurrency: string): GridSheet {
  const unit = categoryUnit(chart.categories);
  const currency = chart.unit === 'money' ? (chart.currency ?? documentCurrency) : null;
  const columns = [
    ...chart.series.map((series) => ({ header: series.name, values: series.values })),
    ...(chart.band
      ? [
          { header: `${chart.band.name} (lower)`, values: chart.band.lower },
          { header: `${chart.band.name} (upper)`, values: chart.band.upper },
        ]
      : []),
  ];
  return {
    headers: [categoryHeader(chart.categories, unit), ...columns.map((column) => column.header)],
    rowCount: chart.categories.length,
    rowAt: (index) => {
      const category = chart.categories[index]!;
      return [
        unit === 'text' ? textCell(category) : xlsxCell(category, unit, null, `chart "${chart.title}"`),
        ...columns.map((column) => xlsxCell(column.values[index], chart.unit, currency, `chart "${chart.title}", ${column.header}, ${category}`)),
      ];
    },
    total: null,
    filter: false,
    note: chart.categories.length === 0 ? 'No data.' : null,
  };
}
