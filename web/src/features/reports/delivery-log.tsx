// The delivery log (reports:manage): every e-mail queued by a schedule or "Send now", newest
// first — when, report, period, recipients, trigger, status, attempts, render time, size, and the
// error under its row — with "Resend" on failed and interrupted rows. Read again every few
// seconds while a row is moving.
import { Fragment, useState } from 'react';
import type { ScreenProps } from '../../app/screen-props.js';
import { DataPanel } from '../../components/data-panel.js';
import { ACTIONS_COLUMN, numeric, TableHead } from '../../components/table-head.js';
import { errorMessage } from '../../lib/api-client.js';
import { utcDay } from '../../lib/calendar.js';
import { DeliveryBadge } from './delivery-badge.js';
import { formatBytes, formatDuration, isMoving, mayResend, recipientsShort } from './delivery-view.js';
import { reportEntries } from './report-list.js';
import { periodLabel } from './report-periods.js';
import { useDeliveries, useReportList, useReportMutations } from './reports-api.js';

const PAGE = 50;

/** A row's error goes on a line of its own under it (SMTP answers are long). */
const COLUMNS = ['When', 'Report', 'Period', 'Recipients', 'Trigger', 'Status', numeric('Attempts'), numeric('Render time'), numeric('Size'), ACTIONS_COLUMN];

export function DeliveryLog({ workspace, locale }: ScreenProps) {
  const [report, setReport] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const deliveries = useDeliveries(workspace.id, true, { limit: PAGE, report: report || undefined, cursor: cursors[cursors.length - 1] ?? null });
  const list = useReportList(workspace.id);
  const { retry } = useReportMutations(workspace.id);
  const reports = list.data ? reportEntries(list.data, utcDay(new Date())) : [];
  const entry = (key: string) => reports.find((r) => r.key === key);
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const moving = deliveries.data?.data.some(isMoving) ?? false;

  return (
    <DataPanel
      title="Delivery log"
      testId="report-deliveries"
      subtitle={
        <>
          Every report e-mail, newest first. A failed send is retried after 1 min, 5 min, 30 min and 2 h; an interrupted one (the server stopped while sending) may or may not have
          arrived, so it is resent only when you say.
          {moving && <span className="delivery-refreshing"> Refreshing while deliveries are on their way…</span>}
        </>
      }
      query={deliveries}
      actions={
        <label className="inline-select">
          <span>Report</span>
          <select value={report} onChange={(e) => {
              setReport(e.target.value);
              setCursors([null]);
            }} data-testid="delivery-report-filter">
            <option value="">Every report</option>
            {reports.map((r) => (
              <option key={r.key} value={r.key}>
                {r.title}
              </option>
            ))}
          </select>
        </label>
      }
      empty={(data) => (data.data.length === 0 ? <p className="muted">Nothing sent yet: schedules and “Send now” add their e-mails here.</p> : null)}
      skeletonHeight={240}
    >
      {(data) => (
        <>
          {retry.isError && (
            <p className="form-error" role="alert">
              {errorMessage(retry.error)}
            </p>
          )}
          <div className="table-scroll">
            <table className="data-table report-table delivery-table">
              <TableHead columns={COLUMNS} />
              <tbody>
                {data.data.map((d) => {
                  const e = entry(d.reportKey);
                  return (
                    <Fragment key={d.id}>
                      <tr className={d.lastError ? 'has-error' : undefined} data-testid="delivery-row" data-delivery-id={d.id} data-status={d.status} data-trigger={d.trigger}>
                        <td title={d.createdAt}>{when(d.createdAt)}</td>
                        <td className="report-cell-title">{e?.title ?? d.reportKey}</td>
                        <td title={d.periodKey}>{e ? periodLabel(e.granularity, d.periodKey, locale) : d.periodKey}</td>
                        <td title={d.recipients.join(', ')}>{recipientsShort(d.recipients)}</td>
                        <td className="nowrap">{d.trigger === 'schedule' ? 'Schedule' : 'Send now'}</td>
                        <td>
                          <DeliveryBadge delivery={d} locale={locale} />
                        </td>
                        <td className="num">{d.attempts}</td>
                        <td className="num nowrap">{formatDuration(d.renderMs, locale)}</td>
                        <td className="num nowrap">{formatBytes(d.bytes, locale)}</td>
                        <td className="actions">
                          {mayResend(d) && (
                            <button type="button" className="button button-small" disabled={retry.isPending && retry.variables === d.id} onClick={() => retry.mutate(d.id)} data-testid="delivery-resend">
                              Resend
                            </button>
                          )}
                        </td>
                      </tr>
                      {d.lastError && (
                        <tr className="delivery-error-row">
                          <td colSpan={COLUMNS.length} className="delivery-error" data-testid="delivery-error" data-delivery-id={d.id}>
                            {d.status === 'sent' ? 'Sent after an earlier error: ' : ''}
                            {d.lastError}
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
          {(cursors.length > 1 || data.nextCursor) && (
            <nav className="pager" aria-label="Pages">
              <button type="button" className="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                ← Newer
              </button>
              <button type="button" className="button" disabled={!data.nextCursor} onClick={() => data.nextCursor && setCursors([...cursors, data.nextCursor])}>
                Older →
              </button>
            </nav>
          )}
        </>
      )}
    </DataPanel>
  );
}
