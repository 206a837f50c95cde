// The retention heatmap: one row per first-paid month, one column per month of age, each cell
// coloured by retention on one sequential scale (legend above), the weighted average last.
import { formatCount, formatMoney } from '../../lib/format.js';
import { formatPercent } from '../../lib/percent.js';
import { cellLabel, type HeatCell, type Heatmap } from './cohort-grid.js';
import { EXPANSION_STOPS, heatStyle, SCALE_STOPS } from './heat-scale.js';

function Cell({ cell, label }: { cell: HeatCell; label: string }) {
  if (!cell.style) return <td className="heat-cell heat-empty" title={label} />;
  return (
    <td className="heat-cell" title={label} style={{ background: cell.style.background, color: cell.style.color }}>
      {formatPercent(cell.retention, { digits: 0 })}
    </td>
  );
}

export function HeatmapLegend({ kind }: { kind: 'logo' | 'revenue' }) {
  return (
    <div className="heat-legend" aria-hidden="true">
      <span className="heat-legend-label">Retention</span>
      <span className="heat-legend-scale">
        {[...SCALE_STOPS, ...(kind === 'revenue' ? EXPANSION_STOPS : [])].map((stop, i, all) => {
          const style = heatStyle(stop)!;
          return (
            <span key={stop} className="heat-legend-step" style={{ background: style.background, color: style.color }}>
              {formatPercent(stop, { digits: 0 })}
              {i === all.length - 1 && stop > 1 ? '+' : ''}
            </span>
          );
        })}
      </span>
      <span className="heat-legend-label muted">Blank: not reached yet</span>
    </div>
  );
}

export function HeatmapView({ map, currency, locale }: { map: Heatmap; currency: string; locale?: string }) {
  const logo = map.kind === 'logo';
  const pct = (v: number) => formatPercent(v, { locale, digits: 1 });
  const money = (v: number) => formatMoney(v, currency, locale);
  return (
    <div className="table-scroll heatmap-scroll" tabIndex={0} role="region" aria-label={`${logo ? 'Logo' : 'Revenue'} retention heatmap, scrollable`}>
      <table className="heatmap" data-testid={`heatmap-${map.kind}`}>
        <caption className="visually-hidden">
          {logo ? 'Share of each cohort’s customers still paying' : 'Each cohort’s MRR as a share of its first month’s MRR'}, by months since they first paid
        </caption>
        <thead>
          <tr>
            <th scope="col" className="sticky-col heat-cohort">
              Cohort
            </th>
            <th scope="col" className="sticky-col-2 num heat-size">
              {logo ? 'Customers' : 'Start MRR'}
            </th>
            {map.ages.map((age) => (
              <th key={age} scope="col" className="heat-age" title={`${age} month${age === 1 ? '' : 's'} after the first payment`}>
                M{age}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.rows.map((row) => (
            <tr key={row.cohort} data-testid={`cohort-${row.cohort}`}>
              <th scope="row" className="sticky-col heat-cohort">
                {row.label}
              </th>
              <td className="sticky-col-2 num heat-size">{logo ? formatCount(row.customers, locale) : money(row.startMrr)}</td>
              {row.cells.map((cell) => (
                <Cell key={cell.age} cell={cell} label={cellLabel(row, cell, map.kind, pct, money)} />
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" className="sticky-col heat-cohort">
              Average
            </th>
            <td className="sticky-col-2 num heat-size muted">weighted</td>
            {map.average.map((cell) => (
              <Cell key={cell.age} cell={cell} label={cell.retention === null ? `Month ${cell.age}: no cohort has reached it` : `Month ${cell.age}, all cohorts: ${pct(cell.retention)}`} />
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
