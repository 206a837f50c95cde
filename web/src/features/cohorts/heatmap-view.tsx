// The retention heatmap: one row per first-paid month, one column per month of age, each cell
// coloured by retention on one sequential scale (legend above), the weighted average last with
// the number of cohorts it pools. Columns averaged over fewer cohorts than the minimum are marked.
// A cell opens the list of the cohort's customers behind it.
import type { CohortKind } from '@read/cohorts/contract.js';
import { formatCount, formatMoney } from '../../lib/format.js';
import { formatPercent } from '../../lib/percent.js';
import { averageLabel, cellLabel, fewCohortAges, type HeatCell, type Heatmap, type HeatRow } from './cohort-grid.js';
import { EXPANSION_STOPS, heatStyle, SCALE_STOPS } from './heat-scale.js';

function Cell({ cell, label, onOpen, few }: { cell: HeatCell; label: string; onOpen?: (() => void) | undefined; few?: boolean }) {
  if (!cell.style) return <td className={`heat-cell heat-empty${few ? ' heat-few' : ''}`} title={label} />;
  const text = `${formatPercent(cell.retention, { digits: 0 })}${few ? '*' : ''}`;
  const style = { background: cell.style.background, color: cell.style.color };
  return (
    <td className={`heat-cell${few ? ' heat-few' : ''}`} title={label} style={style}>
      {onOpen ? (
        <button type="button" className="heat-open" onClick={onOpen} aria-label={`${label}. Show the customers`} style={{ color: cell.style.color }}>
          {text}
        </button>
      ) : (
        text
      )}
    </td>
  );
}

export function HeatmapLegend({ kind }: { kind: CohortKind }) {
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

export type OpenCell = (row: HeatRow, cell: HeatCell) => void;

export function HeatmapView({ map, currency, locale, onOpen }: { map: Heatmap; currency: string; locale?: string; onOpen?: OpenCell }) {
  const logo = map.kind === 'logo';
  const pct = (v: number) => formatPercent(v, { locale, digits: 1 });
  const money = (v: number) => formatMoney(v, currency, locale);
  const few = fewCohortAges(map.average);
  return (
    <>
      <div className="table-scroll heatmap-scroll" tabIndex={0} role="region" aria-label={`${logo ? 'Logo' : 'Revenue'} retention heatmap, scrollable`}>
        <table className="heatmap" data-testid={`heatmap-${map.kind}`}>
          <caption className="visually-hidden">
            {logo ? 'Share of each cohort’s customers still paying' : 'Each cohort’s MRR as a share of its starting MRR'}, by months since they first paid (M0: at the start, 100%)
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
                <th key={age} scope="col" className={`heat-age${map.average[age]?.fewCohorts && map.average[age]?.cohorts ? ' heat-few' : ''}`} title={age === 0 ? 'At the start: every customer of the cohort, with their first MRR' : `${age} month${age === 1 ? '' : 's'} after the first payment`}>
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
                  <Cell key={cell.age} cell={cell} label={cellLabel(row, cell, map.kind, pct, money)} onOpen={onOpen && row.customers > 0 ? () => onOpen(row, cell) : undefined} />
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="cohort-average">
              <th scope="row" className="sticky-col heat-cohort">
                Average
              </th>
              <td className="sticky-col-2 num heat-size muted">weighted</td>
              {map.average.map((cell) => (
                <Cell key={cell.age} cell={cell} few={cell.fewCohorts && cell.cohorts > 0} label={averageLabel(cell, map.minAverageCohorts, pct)} />
              ))}
            </tr>
            <tr data-testid="cohort-counts" className="heat-counts">
              <th scope="row" className="sticky-col heat-cohort">
                Cohorts
              </th>
              <td className="sticky-col-2 num heat-size muted">averaged</td>
              {map.average.map((cell) => (
                <td key={cell.age} className={`num heat-count${cell.fewCohorts ? ' heat-few' : ''}`}>
                  {cell.cohorts}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="heat-note muted" data-testid="cohort-note">
        M0 is each cohort at its start: every customer who first paid that month, with their first MRR (100%). Later months are read at each month’s end. The average pools the cohorts that
        reached a month, weighted by {logo ? 'customers' : 'starting MRR'}.
        {few ? (
          <>
            {' '}
            <strong>*</strong> {few}: fewer than {map.minAverageCohorts} cohorts reached {few.includes('–') || few.includes(',') ? 'these months' : 'this month'}, so the average rests on one or two cohorts.
          </>
        ) : null}
      </p>
    </>
  );
}
