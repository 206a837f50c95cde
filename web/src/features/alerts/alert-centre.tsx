// The alert centre: alerts filtered by status and rule (kept in the address), each with the
// customer, their MRR, the numbers that fired it, who acknowledged it and who owns it; acknowledge,
// snooze and assign for the roles that manage alerts. Live messages refresh the list (live-sync.ts).
import { useState } from 'react';
import { ErrorNotice } from '../../app/error-notice.js';
import { Link } from '../../app/link.js';
import { updateSearch, withParams } from '../../app/navigation.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { EmptyState } from '../../components/empty-state.js';
import { ExportMenu } from '../../components/export-menu.js';
import { Skeleton } from '../../components/skeleton.js';
import { errorMessage } from '../../lib/api-client.js';
import { formatMoney } from '../../lib/format.js';
import { ALERT_STATUSES, type AlertItem, type AlertStatus } from '@read/alerts/contract.js';
import { useAlertAction, useAlertRules, useAlerts, useAssignees, type AlertAction } from './alerts-api.js';
import { alertFilterParams, alertFiltersFrom, formatEvidence, KIND_LABELS, mayAct, snoozeChoices, STATUS_LABELS, type AlertFilters } from './alert-view.js';
import './alerts.css';

/** Roles with alerts:manage (src/accounts/permissions.ts). */
export const mayManageAlerts = (role: ScreenProps['workspace']['role']) => role === 'owner' || role === 'admin' || role === 'analyst';

export function AlertCentre({ workspace, session, search, locale }: ScreenProps) {
  const filters = alertFiltersFrom(search);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const alerts = useAlerts(workspace.id, filters, cursors[cursors.length - 1] ?? null);
  const rules = useAlertRules(workspace.id);
  const canManage = mayManageAlerts(workspace.role);
  const assignees = useAssignees(workspace.id, workspace.role === 'owner' || workspace.role === 'admin');
  const act = useAlertAction(workspace.id);
  const setFilters = (next: AlertFilters) => {
    setCursors([null]);
    updateSearch(alertFilterParams(next), { replace: true });
  };
  const toggleStatus = (status: AlertStatus) =>
    setFilters({ ...filters, status: filters.status.includes(status) ? filters.status.filter((s) => s !== status) : [...filters.status, status] });
  const customerHref = (id: string) => withParams(`/customers/${encodeURIComponent(id)}`, '', { workspace: workspace.id });
  const people = assignees.data ?? [{ userId: session.user.id, label: 'Me' }];

  return (
    <section className="panel alert-centre" data-testid="alert-centre">
      <header className="panel-header">
        <div>
          <h2 className="panel-title">Alerts</h2>
          <p className="panel-subtitle">Each alert says which numbers fired it. One alert per rule and customer stays open until the signal clears.</p>
        </div>
        <div className="panel-actions">
          <ExportMenu
            target={{ path: '/v1/alerts', params: { workspace: workspace.id, ...(filters.status.length > 0 ? { status: filters.status.join(',') } : {}), ...(filters.rule ? { rule: filters.rule } : {}) } }}
            title="Alerts"
            testId="alert-centre-export"
          />
        </div>
      </header>
      <div className="alert-filters">
        <div className="chips" role="group" aria-label="Status">
          {ALERT_STATUSES.map((status) => (
            <button key={status} type="button" className="chip" aria-pressed={filters.status.includes(status)} onClick={() => toggleStatus(status)} data-testid={`alert-status-${status}`}>
              {STATUS_LABELS[status]}
            </button>
          ))}
          <button type="button" className="chip" aria-pressed={filters.status.length === 0} onClick={() => setFilters({ ...filters, status: [] })} data-testid="alert-status-all">
            All
          </button>
        </div>
        <label className="inline-select">
          <span>Rule</span>
          <select value={filters.rule ?? ''} onChange={(e) => setFilters({ ...filters, rule: e.target.value || null })} data-testid="alert-rule-filter">
            <option value="">Every rule</option>
            {(rules.data?.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        {alerts.data && (
          <span className="muted alert-total" data-testid="alert-total">
            {alerts.data.total.toLocaleString(locale)} {alerts.data.total === 1 ? 'alert' : 'alerts'}
          </span>
        )}
      </div>

      {act.isError && (
        <p className="form-error" role="alert">
          {errorMessage(act.error)}
        </p>
      )}
      {alerts.isError ? (
        <ErrorNotice title="Could not load the alerts" message={errorMessage(alerts.error)} onRetry={() => void alerts.refetch()} />
      ) : !alerts.data ? (
        <div aria-busy="true">
          <Skeleton height={240} />
        </div>
      ) : alerts.data.data.length === 0 ? (
        <EmptyState title={filters.status.length === 1 && filters.status[0] === 'open' && !filters.rule ? 'No open alert' : 'No alert matches these filters'} compact testId="alerts-empty">
          <p className="muted">Alert rules are set under Settings → Alert rules; they are checked as signals arrive and every hour.</p>
        </EmptyState>
      ) : (
        <ul className="alert-list" aria-busy={alerts.isPlaceholderData || undefined}>
          {alerts.data.data.map((alert) => (
            <AlertCard key={alert.id} alert={alert} locale={locale} customerHref={customerHref(alert.customer.id)} canManage={canManage} people={people} pending={act.isPending && act.variables?.id === alert.id} onAct={(a) => act.mutate(a)} />
          ))}
        </ul>
      )}
      {(cursors.length > 1 || alerts.data?.nextCursor) && (
        <nav className="pager" aria-label="Pages">
          <button type="button" className="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            ← Previous
          </button>
          <button type="button" className="button" disabled={!alerts.data?.nextCursor} onClick={() => alerts.data?.nextCursor && setCursors([...cursors, alerts.data.nextCursor])}>
            Next →
          </button>
        </nav>
      )}
    </section>
  );
}

type Person = { userId: string; label: string };

function AlertCard({ alert, locale, customerHref, canManage, people, pending, onAct }: { alert: AlertItem; locale?: string; customerHref: string; canManage: boolean; people: Person[]; pending: boolean; onAct: (action: AlertAction) => void }) {
  const may = mayAct(alert);
  const name = alert.customer.name ?? alert.customer.id;
  const opened = new Date(alert.openedAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <li className="alert-card" data-testid="alert-card" data-alert-id={alert.id} data-status={alert.status}>
      <div className="alert-head">
        <div className="alert-who">
          <Link href={customerHref} className="alert-customer" data-testid="alert-customer">
            {name}
          </Link>
          <span className="muted">{alert.customer.currency ? `${formatMoney(alert.customer.mrr, alert.customer.currency, locale)} MRR` : 'not paying'}</span>
        </div>
        <div className="alert-tags">
          <span className="badge">{KIND_LABELS[alert.rule.kind]}</span>
          <span className="alert-status" data-status={alert.status}>
            {STATUS_LABELS[alert.status]}
            {alert.status === 'snoozed' && alert.snoozedUntil ? ` until ${new Date(alert.snoozedUntil).toLocaleDateString(locale, { dateStyle: 'medium' })}` : ''}
          </span>
        </div>
      </div>
      <p className="alert-sentence" data-testid="alert-sentence">
        <strong>{alert.rule.name}:</strong> {alert.evidence.sentence}
      </p>
      {alert.evidence.figures.length > 0 && (
        <dl className="alert-evidence" data-testid="alert-evidence">
          {alert.evidence.figures.map((f) => (
            <div key={f.key}>
              <dt>{f.label}</dt>
              <dd>{formatEvidence(f, locale)}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="alert-foot">
        <span className="muted">
          Opened {opened}
          {alert.acknowledgedBy ? ` · acknowledged by ${alert.acknowledgedBy.name ?? alert.acknowledgedBy.email}` : ''}
          {alert.assignee ? ` · assigned to ${alert.assignee.name ?? alert.assignee.email}` : ''}
          {alert.deliveries.some((d) => d.status === 'failed') ? ' · a delivery failed' : ''}
        </span>
        {canManage && (
          <div className="alert-actions">
            {may.acknowledge && (
              <button type="button" className="button button-small" disabled={pending} onClick={() => onAct({ id: alert.id, kind: 'acknowledge' })} data-testid="alert-acknowledge">
                Acknowledge
              </button>
            )}
            {may.snooze && (
              <label className="inline-select">
                <span className="visually-hidden">Snooze {name}</span>
                <select value="" disabled={pending} onChange={(e) => e.target.value && onAct({ id: alert.id, kind: 'snooze', until: e.target.value })} data-testid="alert-snooze">
                  <option value="">Snooze…</option>
                  {snoozeChoices(new Date()).map((c) => (
                    <option key={c.label} value={c.until}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {may.assign && (
              <label className="inline-select">
                <span className="visually-hidden">Assign {name}</span>
                <select value={alert.assignee?.userId ?? ''} disabled={pending} onChange={(e) => onAct({ id: alert.id, kind: 'assign', userId: e.target.value || null })} data-testid="alert-assign">
                  <option value="">Unassigned</option>
                  {alert.assignee && !people.some((p) => p.userId === alert.assignee!.userId) && <option value={alert.assignee.userId}>{alert.assignee.name ?? alert.assignee.email}</option>}
                  {people.map((p) => (
                    <option key={p.userId} value={p.userId}>
                      {p.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
        )}
      </div>
    </li>
  );
}
