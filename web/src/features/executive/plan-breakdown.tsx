import { formatCount, formatMoney } from '../../lib/format.js';
import { formatPercent } from '../../lib/percent.js';
import { ChartFrame } from '../../components/chart-frame.js';
import type { ExportTarget } from '../../components/export-menu.js';
import type { PlanRow } from './plans.js';

const PLAN_COLORS = ['#6366f1', '#8b5cf6', '#0ea5e9', '#14b8a6', '#f59e0b', '#94a3b8'];

/** Revenue by plan as horizontal bars (legible names, exact amounts); a plan opens its customers.
 *  The MRR is the range's last day's: `subtitle` says which day (planShareSubtitle). */
export function PlanBreakdown({ rows, currency, subtitle, loading, error, onRetry, planHref, locale, exportTarget }: { rows: PlanRow[] | undefined; currency: string | undefined; subtitle: string; loading: boolean; error: unknown; onRetry: () => void; planHref: (planId: string) => string; locale?: string; exportTarget?: ExportTarget }) {
  const top = rows?.[0];
  return (
    <ChartFrame
      title="Revenue by plan"
      testId="revenue-by-plan"
      export={exportTarget}
      subtitle={subtitle}
      loading={loading && !rows}
      error={rows ? null : error}
      onRetry={onRetry}
      empty={rows && rows.length === 0 ? <p className="muted">No paying plans yet.</p> : undefined}
      summary={top && currency ? `${rows!.length} plans; the largest, ${top.name}, brings ${formatMoney(top.mrr, currency, locale)} (${formatPercent(top.share, { locale })} of MRR).` : ''}
      height="auto"
      body="content"
    >
      {rows && currency && (
        <ul className="bar-list">
          {rows.map((row, i) => {
            const body = (
              <>
                <span className="bar-list-head">
                  <span className="bar-list-name">{row.name}</span>
                  <span className="bar-list-value">
                    <span data-figure={row.planId ? `plan-mrr@${row.planId}` : undefined}>{formatMoney(row.mrr, currency, locale)}</span> <span className="muted">· {formatPercent(row.share, { locale, digits: 0 })}</span>
                  </span>
                </span>
                <span className="bar-track" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${Math.max(1, row.share * 100)}%`, background: PLAN_COLORS[i % PLAN_COLORS.length] }} />
                </span>
                <span className="bar-list-meta muted">{formatCount(row.customers, locale)} {row.customers === 1 ? 'customer' : 'customers'}</span>
              </>
            );
            return (
              <li key={row.key}>
                {row.planId ? (
                  <a className="bar-list-row" href={planHref(row.planId)} aria-label={`${row.name}: ${formatMoney(row.mrr, currency, locale)}, ${formatPercent(row.share, { locale })} of MRR. Show its customers`}>
                    {body}
                  </a>
                ) : (
                  <div className="bar-list-row">{body}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </ChartFrame>
  );
}
