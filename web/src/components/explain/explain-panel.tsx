// The explain panel: a side sheet listing the customers (and their movements) behind a figure,
// with each currency's lines adding up to its total and the converted totals adding up to the
// figure. Esc or the close button closes it and focus returns where it was.
import { useEffect, useState } from 'react';
import { errorMessage } from '../../lib/api-client.js';
import { formatDay } from '../../lib/calendar.js';
import { formatCount, formatMoney } from '../../lib/format.js';
import { ExportMenu } from '../export-menu.js';
import { Sheet } from '../sheet.js';
import { Skeleton } from '../skeleton.js';
import { numeric, TableHead } from '../table-head.js';
import { summariseExplain, type ExplainSummary } from './explain-data.js';
import { COUNT_METRICS, explainParams, type ExplainTarget } from './explain-target.js';
import { NEXT_PAGE, useExplain } from './use-explain.js';

export type ExplainPanelProps = { workspaceId: string; target: ExplainTarget; onClose: () => void; locale?: string };

export function ExplainPanel({ workspaceId, target, onClose, locale }: ExplainPanelProps) {
  const query = useExplain(workspaceId, target);
  const isCount = COUNT_METRICS.has(target.metric);

  const [loadAll, setLoadAll] = useState(false);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (loadAll && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [loadAll, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const summary = summariseExplain(query.data?.pages ?? []);
  const currency = query.data?.pages[0]?.currency ?? null;
  const amount = (value: number, code: string | null) => (isCount || !code ? formatCount(value, locale) : formatMoney(value, code, locale));
  const bounds = 'date' in target ? `on ${formatDay(target.date, locale)}` : `${formatDay(target.from, locale)} – ${formatDay(target.to, locale)}`;
  // A column of contributions in the reporting currency when some line is in another currency.
  const converted = !isCount && (summary?.groups.some((g) => g.currency !== currency) ?? false);
  const remaining = summary ? summary.lineCount - summary.lines.length : 0;

  return (
    <Sheet titleId="explain-title" testId="explain-panel" kicker="Explain" title={target.title} bounds={bounds} closeLabel="Close the explanation" onClose={onClose}>
      {query.isError ? (
        <p className="form-error" role="alert">
          {errorMessage(query.error)}
        </p>
      ) : !summary ? (
        <div className="stack" aria-busy="true">
          <Skeleton height={44} width="50%" />
          <Skeleton height={120} />
        </div>
      ) : (
        <>
          <p className="explain-total" data-testid="explain-total" data-value={summary.total}>
            {amount(summary.total, currency)}
          </p>
          <p className="muted explain-made-of" data-testid="explain-line-count" data-value={summary.lineCount}>
            {summary.lineCount === 0
              ? target.metric === 'fx'
                ? 'Made of the currencies below: exchange rates, not customers, moved it.'
                : 'No customer contributes to this figure.'
              : `Made of ${formatCount(summary.lineCount, locale)} ${summary.lineCount === 1 ? 'line' : 'lines'}, largest first.`}
          </p>
          {target.note && <p className="muted explain-note">{target.note}</p>}
          <Reconciliation summary={summary} amount={amount} reporting={currency} isCount={isCount} locale={locale} />
          {summary.lineCount > 0 && (
            <>
              <h3 className="sheet-section-title">
                {isCount ? 'Customers' : 'Customers and amounts'}{' '}
                <span className="muted" data-testid="explain-shown">
                  ({formatCount(summary.lines.length, locale)} of {formatCount(summary.lineCount, locale)} lines)
                </span>
              </h3>
              <table className="data-table explain-lines" data-testid="explain-lines">
                <TableHead
                  columns={[
                    'Customer',
                    numeric(isCount ? (target.metric === 'failed_payments' ? 'Charges' : target.metric === 'customers' ? 'Count' : 'Events') : 'Amount', 'numeric'),
                    converted && numeric(<>In {currency?.toUpperCase()}</>, 'numeric'),
                    'from' in target && 'Days',
                  ]}
                />
                <tbody>
                  {summary.lines.map((line) => (
                    <tr key={`${line.customerId ?? ''}-${line.currency ?? ''}`} data-amount={line.amount} data-reporting={line.reporting} data-currency={line.currency ?? ''}>
                      <td>
                        {line.customerId ? (
                          <a href={`/customers/${encodeURIComponent(line.customerId)}?workspace=${encodeURIComponent(workspaceId)}`}>{line.name ?? line.customerId}</a>
                        ) : (
                          <span className="muted">No customer</span>
                        )}
                      </td>
                      <td className="numeric">{amount(line.amount, line.currency)}</td>
                      {converted && <td className="numeric">{amount(line.reporting, currency)}</td>}
                      {'from' in target && <td className="muted">{line.days.map((d) => formatDay(d, locale)).join(', ')}</td>}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{summary.complete ? `All ${formatCount(summary.lineCount, locale)} lines` : `These ${formatCount(summary.lines.length, locale)} lines`}</th>
                    {converted && <td />}
                    <td className="numeric" data-testid="explain-loaded-sum" data-value={summary.loadedSum} data-complete={summary.complete}>
                      {amount(summary.loadedSum, isCount ? null : currency)}
                      {summary.complete && summary.loadedSum === summary.total && (
                        <span className="sum-check" title="The lines add up to the figure" aria-label="the lines add up to the figure">
                          {' '}
                          ✓
                        </span>
                      )}
                    </td>
                    {'from' in target && <td />}
                  </tr>
                </tfoot>
              </table>
              {hasNextPage && (
                <div className="explain-more">
                  <button type="button" className="button" data-testid="explain-load-more" disabled={isFetchingNextPage} onClick={() => void fetchNextPage()}>
                    {isFetchingNextPage ? 'Loading…' : `Show the next ${formatCount(Math.min(NEXT_PAGE, remaining), locale)}`}
                  </button>{' '}
                  <button type="button" className="button button-quiet" data-testid="explain-load-all" disabled={loadAll} onClick={() => setLoadAll(true)}>
                    {loadAll ? 'Loading every line…' : `Show all ${formatCount(summary.lineCount, locale)}`}
                  </button>
                </div>
              )}
            </>
          )}
          <div className="muted sheet-foot explain-export">
            <span>All {formatCount(summary.lineCount, locale)} lines:</span>
            <ExportMenu target={{ path: '/v1/explain', params: { workspace: workspaceId, ...explainParams(target) } }} title={`the ${formatCount(summary.lineCount, locale)} lines`} testId="explain-export" />
          </div>
        </>
      )}
    </Sheet>
  );
}

function Reconciliation({ summary, amount, reporting, isCount, locale }: { summary: ExplainSummary; amount: (v: number, c: string | null) => string; reporting: string | null; isCount: boolean; locale?: string }) {
  if (summary.groups.length === 0) return null;
  return (
    <table className="data-table explain-groups" data-testid="explain-groups">
      <caption className="visually-hidden">How the total adds up</caption>
      <TableHead columns={[isCount ? 'Group' : 'Currency', numeric('Lines', 'numeric'), numeric('Total', 'numeric'), !isCount && numeric(<>In {reporting?.toUpperCase()}</>, 'numeric')]} />
      <tbody>
        {summary.groups.map((g) => (
          <tr key={g.currency ?? 'count'} data-testid="explain-group" data-currency={g.currency ?? ''} data-native={g.native} data-reporting={g.reporting} data-lines={g.lines} data-loaded-sum={g.loadedSum} data-complete={g.complete}>
            <th scope="row">{g.currency ? g.currency.toUpperCase() : 'All'}</th>
            <td className="numeric">
              {formatCount(g.lines, locale)}
              {g.complete && g.lines > 0 && g.loadedSum === g.native && (
                <span className="sum-check" title="The lines add up to this total" aria-label="lines add up">
                  {' '}
                  ✓
                </span>
              )}
            </td>
            <td className="numeric">{amount(g.native, g.currency)}</td>
            {!isCount && <td className="numeric">{amount(g.reporting, reporting)}</td>}
          </tr>
        ))}
      </tbody>
      {summary.groups.length > 1 && (
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td />
            {!isCount && <td />}
            <td className="numeric" data-testid="explain-groups-sum" data-value={summary.groupsSum}>
              {amount(summary.groupsSum, reporting)}
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}
