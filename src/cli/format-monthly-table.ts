import { currencyExponent } from '../core/currency.js';
import type { MonthlyReport } from '../read/periods/contract.js';

function money(minor: number, exponent: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (exponent === 0) return `${sign}${abs.toLocaleString('en-US')}`;
  const scale = 10 ** exponent;
  const whole = Math.floor(abs / scale).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % scale).padStart(exponent, '0')}`;
}

/** The monthly report as a readable, aligned table (amounts in major units). */
export function formatMonthlyTable(report: MonthlyReport): string {
  const exponent = currencyExponent(report.currency);
  const header = ['month', 'MRR', 'customers', 'ARPA', 'new', 'expansion', 'contraction', 'churn', 'reactivation', 'fx'];
  const rows = report.months.map((m) => [
    m.month,
    money(m.mrr, exponent),
    String(m.customers),
    money(m.arpa, exponent),
    ...(['new', 'expansion', 'contraction', 'churn', 'reactivation', 'fx'] as const).map((k) => money(m.movements[k], exponent)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [`Amounts in ${report.currency.toUpperCase()}`, line(header), ...rows.map(line)].join('\n') + '\n';
}
