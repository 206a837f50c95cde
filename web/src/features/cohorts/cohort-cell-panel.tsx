// The customers behind one cohort cell, in a side sheet: every member of the cohort, whether they
// pay at the cell's day and their MRR then, summing to the cell (GET /v1/metrics/cohorts/customers).
import { errorMessage } from '../../lib/api-client.js';
import { formatDay } from '../../lib/calendar.js';
import { formatCount, formatMoney } from '../../lib/format.js';
import { ExportMenu } from '../../components/export-menu.js';
import { Sheet } from '../../components/sheet.js';
import { Skeleton } from '../../components/skeleton.js';
import { numeric, TableHead } from '../../components/table-head.js';
import { useCohortCustomers, type CohortCellTarget } from './use-cohorts.js';

export function CohortCellPanel({ workspaceId, target, onClose, locale }: { workspaceId: string; target: CohortCellTarget; onClose: () => void; locale?: string }) {
  const query = useCohortCustomers(workspaceId, target);
  const data = query.data;
  const money = (v: number) => formatMoney(v, data?.currency ?? 'usd', locale);
  const paying = data?.customers.filter((c) => c.paying).length ?? 0;
  const total = data?.customers.reduce((s, c) => s + c.mrr, 0) ?? 0;
  return (
    <Sheet
      titleId="cohort-cell-title"
      testId="cohort-cell-panel"
      kicker="Cohort"
      title={target.label}
      bounds={data?.measuredOn ? (target.age === 0 ? `At the start (rates of ${formatDay(data.measuredOn, locale)})` : `Month ${target.age}, read on ${formatDay(data.measuredOn, locale)}`) : `Month ${target.age}`}
      closeLabel="Close the cohort’s customers"
      onClose={onClose}
    >
      {query.isError ? (
        <p role="alert">Could not load the customers: {errorMessage(query.error)}</p>
      ) : !data ? (
        <Skeleton height={240} />
      ) : (
        <>
          <p className="explain-total" data-testid="cohort-cell-total">
            {target.kind === 'logo' ? `${formatCount(data.value ?? 0, locale)} of ${formatCount(data.customers.length, locale)} paying` : money(data.value ?? 0)}
          </p>
          <p className="explain-note muted">
            {target.kind === 'logo' ? `${formatCount(paying, locale)} customers marked paying below` : `The customers’ MRR below sums to ${money(total)}`}
            {(target.kind === 'logo' ? paying : total) === data.value ? <span className="sum-check"> ✓</span> : null}
          </p>
          <div className="panel-actions">
            <ExportMenu target={{ path: '/v1/metrics/cohorts/customers', params: { workspace: workspaceId, kind: target.kind, cohort: target.cohort, age: String(target.age) } }} title={`${target.label} customers`} testId="cohort-cell-export" />
          </div>
          <table className="data-table" data-testid="cohort-cell-customers">
            <caption className="visually-hidden">Customers of the cohort</caption>
            <TableHead columns={['Customer', 'Paying', numeric('MRR')]} />
            <tbody>
              {data.customers.map((c) => (
                <tr key={c.customerId}>
                  <td>{c.name ?? c.email ?? c.customerId}</td>
                  <td>{c.paying ? 'Yes' : 'No'}</td>
                  <td className="num">{money(c.mrr)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Sheet>
  );
}
