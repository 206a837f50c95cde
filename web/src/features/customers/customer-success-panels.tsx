// The customer page's customer-success panels: health with each component's weight, value and
// explanation (partial scores marked), churn risk with its three reasons, usage against the plan's
// limits, support tickets, NPS responses, and one activity timeline mixing billing and product
// events ("Show more" pages back). Each panel loads and degrades alone.
import { DataPanel } from '../../components/data-panel.js';
import { Sparkline } from '../../components/sparkline.js';
import { numeric, TableHead } from '../../components/table-head.js';
import { formatDay } from '../../lib/calendar.js';
import { formatCount, formatMoneyChange, formatProbability, formatScore } from '../../lib/format.js';
import { formatPercent } from '../../lib/percent.js';
import { BAND_LABELS } from '../success/success-view.js';
import { riskLevel } from '../success/badges.js';
import { ErrorNotice } from '../../app/error-notice.js';
import { errorMessage } from '../../lib/api-client.js';
import { isMissingData } from '../../components/data-panel.js';
import { Skeleton } from '../../components/skeleton.js';
import { ACTIVITY_ICONS, componentRows, limitRows, timelineEntries } from './customer-success.js';
import { useCustomerActivity, useCustomerHealth, useCustomerRisk, useCustomerSurveys, useCustomerTickets, useCustomerUsage } from './customer-success-api.js';

type Props = { workspaceId: string; customerId: string; locale?: string };

export function HealthPanel({ workspaceId, customerId, locale }: Props) {
  const health = useCustomerHealth(workspaceId, customerId);
  return (
    <DataPanel title="Health" testId="customer-health" query={health} missing={<p className="muted">No health score yet: scores are taken every night for paying customers.</p>} skeletonHeight={200}>
      {(h) => (
        <>
          <div className="score-head">
            <span className="score-big" data-band={h.band ?? 'none'} data-testid="health-score">
              {formatScore(h.score, { locale })}
            </span>
            <span>
              <strong>{h.band ? BAND_LABELS[h.band] : 'Not scored'}</strong>
              {h.partial && (
                <span className="badge badge-warning partial-badge" data-testid="health-partial" title={`No data for ${h.missing.join(', ')}: the other components were reweighted`}>
                  partial
                </span>
              )}
              <span className="muted cell-sub">on {formatDay(h.day, locale)}</span>
            </span>
            {h.trend.length > 1 && <Sparkline values={h.trend.map((p) => p.score)} label="Health over time" tone="neutral" />}
          </div>
          <table className="data-table numeric-table components-table" data-testid="health-components">
            <TableHead columns={['Component', numeric('Weight'), numeric('Value'), 'Why']} />
            <tbody>
              {componentRows(h.components).map((c) => (
                <tr key={c.name} data-testid="health-component" data-missing={c.missing || undefined} className={c.missing ? 'row-muted' : undefined}>
                  <td>{c.label}</td>
                  <td className="num">{c.weight}%</td>
                  <td className="num">{c.missing ? <span className="badge">no data</span> : formatScore(c.value, { locale })}</td>
                  <td className="explanation">{c.explanation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </DataPanel>
  );
}

export function RiskPanel({ workspaceId, customerId, locale }: Props) {
  const risk = useCustomerRisk(workspaceId, customerId);
  return (
    <DataPanel title="Churn risk" testId="customer-risk" query={risk} missing={<p className="muted">Churn risk is scored for paying customers only.</p>} skeletonHeight={200}>
      {(r) => (
        <>
          <div className="score-head">
            <span className="score-big" data-level={r.band ?? riskLevel(r.probability)} data-testid="risk-probability">
              {formatProbability(r.probability, locale)}
            </span>
            <span>
              <strong>{(r.band ?? riskLevel(r.probability)).replace(/^./, (c) => c.toUpperCase())} risk</strong>
              <span className="muted cell-sub">of churning within 60 days · {r.model.kind === 'rules' ? 'rules baseline' : `model trained ${r.model.trainedAt ? formatDay(r.model.trainedAt.slice(0, 10), locale) : ''}`}</span>
            </span>
          </div>
          {r.reasons.length === 0 ? (
            <p className="muted">Nothing raises this customer's risk.</p>
          ) : (
            <ol className="reason-list" data-testid="risk-reasons">
              {r.reasons.map((reason) => (
                <li key={reason.feature} data-testid="risk-reason">
                  {reason.label}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </DataPanel>
  );
}

export function UsagePanel({ workspaceId, customerId, locale }: Props) {
  const usage = useCustomerUsage(workspaceId, customerId);
  return (
    <DataPanel
      title="Usage vs limits"
      testId="customer-usage"
      query={usage}
      empty={(u) => (u.accounts.length === 0 ? <p className="muted">No product account is linked to this customer: link one under Settings → Unmatched accounts.</p> : null)}
      missing={<p className="muted">No usage data for this customer.</p>}
      skeletonHeight={160}
    >
      {(u) => (
        <>
          {u.limits.length === 0 ? (
            <p className="muted">{u.planName ? `The ${u.planName} plan has no limits set (Settings → Plan limits).` : 'No plan, so no limits.'}</p>
          ) : (
            <ul className="limit-list" data-testid="limit-list">
              {limitRows(u.limits).map((l) => (
                <li key={l.metric} data-level={l.level} data-testid="limit-row">
                  <span className="limit-head">
                    <span>{l.label}</span>
                    <span className="limit-value">
                      {formatCount(l.used, locale)} of {formatCount(l.limit, locale)} · <strong>{formatPercent(l.ratio, { locale, digits: 0 })}</strong>
                      {l.level !== 'ok' && <span className="limit-warning"> {l.level === 'over' ? 'over the limit' : 'near the limit'}</span>}
                    </span>
                  </span>
                  <span className="limit-track" role="progressbar" aria-label={`${l.label}: ${formatPercent(l.ratio, { locale, digits: 0 })} of the limit`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(l.width)}>
                    <span className="limit-fill" style={{ width: `${l.width}%` }} />
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p className="muted usage-foot">
            {formatCount(u.activeUsers30d, locale)} active users in 30 days
            {u.topEvents.length > 0 && ` · most used: ${u.topEvents.slice(0, 3).map((e) => e.event).join(', ')}`}
          </p>
        </>
      )}
    </DataPanel>
  );
}

export function TicketsPanel({ workspaceId, customerId, locale }: Props) {
  const tickets = useCustomerTickets(workspaceId, customerId);
  return (
    <DataPanel
      title="Support tickets"
      testId="customer-tickets"
      query={tickets}
      subtitle={tickets.data ? `${formatCount(tickets.data.summary.open, locale)} open · ${formatCount(tickets.data.summary.opened30d, locale)} opened in 30 days${tickets.data.summary.satisfactionAvg === null ? '' : ` · satisfaction ${tickets.data.summary.satisfactionAvg.toFixed(1)}/5`}` : undefined}
      empty={(t) => (t.data.length === 0 ? <p className="muted">No ticket.</p> : null)}
      missing={<p className="muted">No support data connected.</p>}
    >
      {(t) => (
        <div className="table-scroll">
          <table className="data-table">
            <TableHead columns={['Opened', 'Subject', 'Priority', 'Status']} />
            <tbody>
              {t.data.map((ticket) => (
                <tr key={ticket.id} data-testid="ticket-row">
                  <td>{formatDay(ticket.openedAt.slice(0, 10), locale)}</td>
                  <td>{ticket.subject ?? <code>{ticket.id}</code>}</td>
                  <td>
                    <span className={`badge${ticket.priority === 'urgent' || ticket.priority === 'high' ? ' badge-critical' : ''}`}>{ticket.priority}</span>
                  </td>
                  <td>{ticket.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </DataPanel>
  );
}

export function NpsResponsesPanel({ workspaceId, customerId, locale }: Props) {
  const surveys = useCustomerSurveys(workspaceId, customerId);
  return (
    <DataPanel
      title="NPS responses"
      testId="customer-nps"
      query={surveys}
      subtitle={surveys.data && surveys.data.summary.nps.score !== null ? `NPS ${formatScore(surveys.data.summary.nps.score, { locale, signed: true })} over ${formatCount(surveys.data.summary.nps.responses, locale)} responses` : undefined}
      empty={(s) => (s.data.length === 0 ? <p className="muted">This customer never answered an NPS survey.</p> : null)}
      missing={<p className="muted">No survey data connected.</p>}
    >
      {(s) => (
        <ul className="nps-list">
          {s.data.map((r) => (
            <li key={r.id} data-testid="nps-row">
              <span className="nps-score" data-kind={r.score >= 9 ? 'promoter' : r.score >= 7 ? 'passive' : 'detractor'}>
                {r.score}
              </span>
              <span>
                {r.comment ? <q>{r.comment}</q> : <span className="muted">No comment</span>}
                <span className="muted cell-sub">
                  {formatDay(r.respondedAt.slice(0, 10), locale)}
                  {r.email ? ` · ${r.email}` : ''}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </DataPanel>
  );
}

export function ActivityTimeline({ workspaceId, customerId, locale }: Props) {
  const activity = useCustomerActivity(workspaceId, customerId);
  const entries = activity.data ? timelineEntries(activity.data.pages) : [];
  return (
    <section className="panel" data-testid="customer-activity" aria-busy={activity.isPending || undefined}>
      <header className="panel-header">
        <div>
          <h2 className="panel-title">Activity</h2>
          <p className="panel-subtitle">Billing and product events together, newest first</p>
        </div>
      </header>
      {activity.isPending ? (
        <Skeleton height={200} />
      ) : activity.isError && !activity.data ? (
        isMissingData(activity.error) ? <p className="muted">No activity recorded.</p> : <ErrorNotice title="Could not load the activity" message={errorMessage(activity.error)} onRetry={() => void activity.refetch()} />
      ) : entries.length === 0 ? (
        <p className="muted">No activity yet.</p>
      ) : (
        <>
          <ol className="timeline">
            {entries.map((e) => (
              <li key={e.id} className="timeline-item" data-side={e.side} data-kind={e.kind} data-testid="activity-item">
                {e.dayHeading && <span className="timeline-day">{formatDay(e.dayHeading, locale)}</span>}
                <span className="timeline-icon" aria-hidden="true">
                  {ACTIVITY_ICONS[e.kind]}
                </span>
                <span className="timeline-body">
                  <span className="timeline-title">{e.title}</span>
                  {e.amount && (
                    <span className="timeline-amount" data-tone={e.amount.value < 0 ? 'down' : 'up'}>
                      {formatMoneyChange(e.amount.value, e.amount.currency, locale)}
                    </span>
                  )}
                  {e.detail && <span className="muted cell-sub">{e.detail}</span>}
                </span>
                <span className="timeline-side">{e.side === 'billing' ? 'Billing' : 'Product'}</span>
              </li>
            ))}
          </ol>
          {activity.hasNextPage && (
            <button type="button" className="button" disabled={activity.isFetchingNextPage} onClick={() => void activity.fetchNextPage()} data-testid="activity-more">
              {activity.isFetchingNextPage ? 'Loading…' : 'Show more'}
            </button>
          )}
        </>
      )}
    </section>
  );
}
