// The monthly movements table: the rows of GET /v1/metrics/monthly, newest first, with the net
// new MRR (the five movements, as docs/metrics.md defines it) and a total over the range; each
// figure knows which explain request lists the customers that make it up. The month holding the
// as-of day is to date (`through`): its levels are at that day and its movements end there, so
// it agrees with the summary.
import { firstDayOf, formatDay, formatMonth, lastDayOf, type Day, type Month } from '../../lib/calendar.js';
import type { ExplainMetric, ExplainTarget } from '../../components/explain/explain-target.js';
import type { MonthlyReport, Movements } from './schemas.js';

export type MonthlyColumnKey = 'new' | 'expansion' | 'reactivation' | 'contraction' | 'churn' | 'netNew' | 'fx' | 'mrr' | 'customers' | 'arpa';

export type MonthlyColumn = {
  key: MonthlyColumnKey;
  label: string;
  unit: 'money' | 'count';
  /** Movements are signed changes (+/−); levels are amounts at the end of the month. */
  signed: boolean;
  /** The explain metric behind the figure (ARPA is a ratio: not explained). */
  explain: Exclude<ExplainMetric, 'plan_mrr'> | null;
  hint: string;
};

export const MONTHLY_COLUMNS: readonly MonthlyColumn[] = [
  { key: 'new', label: 'New', unit: 'money', signed: true, explain: 'new', hint: 'MRR from customers who started paying' },
  { key: 'expansion', label: 'Expansion', unit: 'money', signed: true, explain: 'expansion', hint: 'MRR added by upgrades, seats and add-ons' },
  { key: 'reactivation', label: 'Reactivation', unit: 'money', signed: true, explain: 'reactivation', hint: 'MRR from customers who came back' },
  { key: 'contraction', label: 'Contraction', unit: 'money', signed: true, explain: 'contraction', hint: 'MRR lost to downgrades' },
  { key: 'churn', label: 'Churn', unit: 'money', signed: true, explain: 'churn', hint: 'MRR lost to customers who left' },
  { key: 'netNew', label: 'Net new', unit: 'money', signed: true, explain: 'net_new_mrr', hint: 'new + expansion + reactivation + contraction + churn' },
  { key: 'fx', label: 'FX', unit: 'money', signed: true, explain: 'fx', hint: 'foreign-currency MRR revalued at the new exchange rates' },
  { key: 'mrr', label: 'MRR', unit: 'money', signed: false, explain: 'mrr', hint: 'MRR at the end of the month' },
  { key: 'customers', label: 'Customers', unit: 'count', signed: false, explain: 'customers', hint: 'paying customers at the end of the month' },
  { key: 'arpa', label: 'ARPA', unit: 'money', signed: false, explain: null, hint: 'MRR ÷ paying customers' },
];

export type MonthlyTableRow = {
  id: string;
  label: string;
  /** A second, smaller line under the label (the total's range; "to date, …" on the month in progress). */
  sublabel?: string;
  from: Day;
  to: Day;
  /** The total row has movements only. */
  values: Partial<Record<MonthlyColumnKey, number>>;
  total: boolean;
};

export function netNew(m: Movements): number {
  return m.new + m.expansion + m.reactivation + m.contraction + m.churn;
}

function movementValues(m: Movements): Partial<Record<MonthlyColumnKey, number>> {
  return { new: m.new, expansion: m.expansion, reactivation: m.reactivation, contraction: m.contraction, churn: m.churn, netNew: netNew(m), fx: m.fx };
}

/** The month rows, newest first, then the total of the movements over the range. */
export function monthlyTableRows(report: MonthlyReport, locale?: string): MonthlyTableRow[] {
  if (report.months.length === 0) return [];
  const rows: MonthlyTableRow[] = report.months
    .map((m) => ({
      id: m.month,
      label: formatMonth(m.month, locale),
      ...(m.through ? { sublabel: `to date, ${formatDay(m.through, locale)}` } : {}),
      from: firstDayOf(m.month),
      to: m.through ?? lastDayOf(m.month),
      values: { ...movementValues(m.movements), mrr: m.mrr, customers: m.customers, arpa: m.arpa },
      total: false,
    }))
    .reverse();
  const sum: Movements = { new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0, fx: 0 };
  for (const m of report.months) for (const key of Object.keys(sum) as (keyof Movements)[]) sum[key] += m.movements[key];
  const first = report.months[0]!.month;
  const lastRow = report.months[report.months.length - 1]!;
  const last = lastRow.month;
  rows.push({ id: 'total', label: 'Total', sublabel: monthSpan(first, last, locale), from: firstDayOf(first), to: lastRow.through ?? lastDayOf(last), values: movementValues(sum), total: true });
  return rows;
}

export function monthSpan(first: Month, last: Month, locale?: string): string {
  return first === last ? formatMonth(first, locale) : `${formatMonth(first, locale)} – ${formatMonth(last, locale)}`;
}

/** How a row is named beside a figure: the total by its range, a month by its name (and "to date"). */
export function rowName(row: MonthlyTableRow): string {
  if (row.total) return row.sublabel ?? row.label;
  return row.sublabel ? `${row.label}, ${row.sublabel}` : row.label;
}

/** The explain request behind a cell: levels at the month's last day, movements over its days. */
export function monthlyExplainTarget(row: MonthlyTableRow, column: MonthlyColumn): ExplainTarget | null {
  const metric = column.explain;
  const value = row.values[column.key];
  if (!metric || value === undefined) return null;
  const title = `${column.label} · ${rowName(row)}`;
  if (metric === 'mrr' || metric === 'customers') return { metric, date: row.to, title };
  return { metric, from: row.from, to: row.to, title };
}
