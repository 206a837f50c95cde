// The monthly movements table: months down, movements across, exactly the figures of
// GET /v1/metrics/monthly; every movement and level opens the explain panel.
import { formatCount, formatMoney, formatMoneyChange } from '../../lib/format.js';
import { Figure, type OnExplain } from './figure.js';
import { MONTHLY_COLUMNS, monthlyExplainTarget, rowName, type MonthlyColumn, type MonthlyTableRow } from './monthly-table.js';

function cellText(column: MonthlyColumn, value: number, currency: string, locale?: string): string {
  if (column.unit === 'count') return formatCount(value, locale);
  return column.signed ? formatMoneyChange(value, currency, locale) : formatMoney(value, currency, locale);
}

function tone(column: MonthlyColumn, value: number): string | undefined {
  if (!column.signed || value === 0) return value === 0 && column.signed ? 'zero' : undefined;
  return value > 0 ? 'up' : 'down';
}

/** The figure names other screens give these columns (data-figure `name@month`). */
const FIGURE_OF_COLUMN: Partial<Record<string, string>> = { netNew: 'net_new_mrr' };

export function MonthlyTableView({ rows, currency, onExplain, locale }: { rows: MonthlyTableRow[]; currency: string; onExplain?: OnExplain; locale?: string }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Monthly movements, scrollable">
      <table className="data-table numeric-table monthly-table" data-testid="monthly-table">
        <caption className="visually-hidden">MRR movements by month in {currency.toUpperCase()}, newest first; the last row totals the movements.</caption>
        <thead>
          <tr>
            <th scope="col" className="sticky-col">
              Month
            </th>
            {MONTHLY_COLUMNS.map((c) => (
              <th key={c.key} scope="col" className={`num col-${c.key}`} title={c.hint}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={row.total ? 'total-row' : undefined} data-testid={`monthly-row-${row.id}`}>
              <th scope="row" className="sticky-col">
                {row.label}
                {row.sublabel && <span className="row-sublabel">{row.sublabel}</span>}
              </th>
              {MONTHLY_COLUMNS.map((c) => {
                const value = row.values[c.key];
                return (
                  <td key={c.key} className={`num col-${c.key}`} data-tone={value === undefined ? undefined : tone(c, value)} data-col={c.key} data-figure={row.total || value === undefined ? undefined : `${FIGURE_OF_COLUMN[c.key] ?? c.key}@${row.id}`}>
                    {value === undefined ? (
                      ''
                    ) : (
                      <Figure target={monthlyExplainTarget(row, c)} onExplain={onExplain} label={`${c.label}, ${rowName(row)}`}>
                        {cellText(c, value, currency, locale)}
                      </Figure>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
