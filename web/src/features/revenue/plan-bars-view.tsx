// MRR by plan as a bar list: one row per plan with its share drawn as a bar, its MRR and paying
// customers as right-aligned figures, its share beside its name. A table underneath, so it reads without the bars too.
import { formatCount, formatMoney } from '../../lib/format.js';
import { formatPercent } from '../../lib/percent.js';
import { Figure, type OnExplain } from './figure.js';
import type { PlanBar } from './plan-breakdown.js';
import { numeric, TableHead } from '../../components/table-head.js';

export function PlanBarsView({ bars, currency, total, locale, date, onExplain }: { bars: PlanBar[]; currency: string; total: number; locale?: string; date?: string; onExplain?: OnExplain }) {
  const widest = Math.max(...bars.map((b) => Math.abs(b.mrr)), 1);
  return (
    <table className="bar-table" data-testid="plan-bars">
      <caption className="visually-hidden">MRR by plan in {currency.toUpperCase()}, largest first</caption>
      <TableHead columns={['Plan', numeric('Customers'), numeric('MRR')]} />
      <tbody>
        {bars.map((bar) => (
          <tr key={bar.id}>
            <th scope="row" className="bar-table-label">
              <span className="bar-table-head">
                <span className="bar-table-name" title={bar.name}>
                  {bar.name}
                </span>
                <span className="bar-table-share">{formatPercent(bar.share, { locale })}</span>
              </span>
              <span className="bar-table-track" aria-hidden="true">
                <span className="bar-table-fill" style={{ width: `${Math.max(1, (Math.abs(bar.mrr) / widest) * 100)}%` }} />
              </span>
            </th>
            <td className="num">{formatCount(bar.customers, locale)}</td>
            <td className="num" data-figure={bar.planIds.length === 1 ? `plan-mrr@${bar.planIds[0]}` : undefined}>
              <Figure target={date && bar.planIds.length === 1 ? { metric: 'plan_mrr', plan: bar.planIds[0]!, date, title: `MRR of ${bar.name}` } : null} onExplain={onExplain} label={`MRR of ${bar.name}`}>
                {formatMoney(bar.mrr, currency, locale)}
              </Figure>
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="num" data-figure={date ? `customers@${date}` : undefined}>{formatCount(bars.reduce((s, b) => s + b.customers, 0), locale)}</td>
          <td className="num" data-figure={date ? `mrr@${date}` : undefined}>{formatMoney(total, currency, locale)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
