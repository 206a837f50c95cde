import { formatMoney } from '../../lib/format.js';
import { errorMessage } from '../../lib/api-client.js';
import { SkeletonLines } from '../../components/skeleton.js';
import { numeric, TableHead } from '../../components/table-head.js';
import { ExportMenu, type ExportTarget } from '../../components/export-menu.js';
import type { TopCustomer } from './executive-data.js';

/** The largest customers by MRR now (customers are read as they stand today, whatever the range):
 *  `subtitle` says so (topCustomersSubtitle). */
export function TopCustomers({ rows, subtitle, loading, error, customerHref, allHref, locale, exportTarget }: { rows: TopCustomer[] | undefined; subtitle: string; loading: boolean; error: unknown; customerHref: (id: string) => string; allHref: string; locale?: string; exportTarget?: ExportTarget }) {
  return (
    <section className="panel" data-testid="top-customers" aria-labelledby="top-customers-title">
      <header className="chart-header">
        <div className="chart-titles">
          <h2 className="panel-title" id="top-customers-title">
            Top customers by MRR
          </h2>
          <p className="chart-subtitle" data-testid="top-customers-subtitle">
            {subtitle}
          </p>
        </div>
        <div className="chart-actions">
          <a className="chart-link" href={allHref}>
            All customers →
          </a>
          {exportTarget && rows && <ExportMenu target={exportTarget} title="Top customers by MRR" testId="top-customers-export" />}
        </div>
      </header>
      {error && !rows ? (
        <p className="form-error" role="alert">
          {errorMessage(error)}
        </p>
      ) : loading && !rows ? (
        <SkeletonLines lines={6} />
      ) : rows && rows.length === 0 ? (
        <p className="muted">No paying customers yet.</p>
      ) : (
        <table className="data-table compact-table">
          <TableHead columns={['Customer', 'Plan', numeric('MRR', 'numeric')]} />
          <tbody>
            {rows?.map((c) => (
              <tr key={c.id}>
                <td className="truncate">
                  <a href={customerHref(c.id)} title={c.name ?? c.id}>
                    {c.name ?? c.email ?? c.id}
                  </a>
                  {c.status === 'past_due' && <span className="badge badge-critical"> past due</span>}
                </td>
                <td className="muted truncate">{c.planName ?? '—'}</td>
                <td className="numeric">{c.currency ? formatMoney(c.mrr, c.currency, locale) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
