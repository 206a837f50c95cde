// Settings → Plan limits: per plan, the limits that matter (a tracked event's quantity per day,
// month or rolling 30 days, or $seats: distinct active users). Each plan saves its whole set
// (PUT /v1/settings/plan-limits); usage against them shows on the customer page.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNotice } from '../../app/error-notice.js';
import { ACTIONS_COLUMN, TableHead } from '../../components/table-head.js';
import { apiSend, errorMessage } from '../../lib/api-client.js';
import { LIMIT_PERIODS, planLimitsResponse, SEATS_METRIC, type LimitPeriodName, type PlanLimits } from '@read/limits/contract.js';
import * as z from 'zod/mini';
import { limitProblems, type LimitInput } from './plan-limits-form.js';
import { useSettingsQuery } from './use-settings-query.js';

const PERIOD_LABELS: Readonly<Record<LimitPeriodName, string>> = { day: 'per day', month: 'per calendar month', rolling_30_days: 'per 30 days' };

export function PlanLimitsPanel({ workspaceId }: { workspaceId: string }) {
  const { query, params, refresh } = useSettingsQuery('plan-limits', '/v1/settings/plan-limits', planLimitsResponse, workspaceId);
  if (query.isError) return <ErrorNotice title="Could not load the plan limits" message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  if (!query.data) return <p className="muted">Loading…</p>;
  const metrics = [SEATS_METRIC, ...query.data.knownMetrics.filter((m) => m !== SEATS_METRIC)];
  return (
    <div className="stack" data-testid="plan-limits-panel">
      <p className="muted">
        Usage at 80% of a limit is an expansion opportunity and can open an alert. <code>{SEATS_METRIC}</code> counts the distinct users active in the last 30 days.
      </p>
      <datalist id="limit-metrics">
        {metrics.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      {query.data.plans.length === 0 ? (
        <p className="muted">No plan yet: plans come from your billing source.</p>
      ) : (
        query.data.plans.map((plan) => <PlanLimitsEditor key={`${plan.planId}-${JSON.stringify(plan.limits)}`} plan={plan} params={params} onSaved={refresh} />)
      )}
    </div>
  );
}

function PlanLimitsEditor({ plan, params, onSaved }: { plan: PlanLimits; params: Record<string, string>; onSaved: () => void }) {
  const [rows, setRows] = useState<LimitInput[]>(() => plan.limits.map((l) => ({ metric: l.metric, limit: String(l.limit), period: l.period })));
  const save = useMutation({
    mutationFn: (limits: { metric: string; limit: number; period: LimitPeriodName }[]) => apiSend('PUT', '/v1/settings/plan-limits', z.unknown(), { params, body: { planId: plan.planId, limits } }),
    onSuccess: onSaved,
  });
  const checked = limitProblems(rows);
  const set = (i: number, patch: Partial<LimitInput>) => setRows((list) => list.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const title = plan.planName ?? `${plan.planId} (no longer listed)`;
  return (
    <section className="panel" data-testid="plan-limits" data-plan={plan.planId}>
      <h2 className="panel-title">{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">No limits.</p>
      ) : (
        <table className="data-table limits-table">
          <TableHead columns={['Metric', 'Limit', 'Period', ACTIONS_COLUMN]} scope={null} />
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td>
                  <input aria-label="Metric" list="limit-metrics" value={r.metric} onChange={(e) => set(i, { metric: e.target.value })} placeholder="e.g. API Call" data-testid="limit-metric" />
                </td>
                <td>
                  <input aria-label="Limit" inputMode="decimal" value={r.limit} onChange={(e) => set(i, { limit: e.target.value })} data-testid="limit-value" />
                </td>
                <td>
                  <select aria-label="Period" value={r.period} onChange={(e) => set(i, { period: e.target.value as LimitPeriodName })}>
                    {LIMIT_PERIODS.map((p) => (
                      <option key={p} value={p}>
                        {PERIOD_LABELS[p]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="actions">
                  <button type="button" className="button button-quiet" onClick={() => setRows((list) => list.filter((_, j) => j !== i))} aria-label={`Remove the ${r.metric || 'new'} limit`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {checked.problems.map((p) => (
        <p key={p} className="form-error" role="alert">
          {p}
        </p>
      ))}
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setRows((list) => [...list, { metric: '', limit: '', period: 'month' }])} disabled={rows.length >= 100}>
          Add limit
        </button>
        <button type="button" className="button button-primary" disabled={!checked.limits || save.isPending} onClick={() => checked.limits && save.mutate(checked.limits)} data-testid="limits-save">
          Save {title}
        </button>
        {save.isSuccess && <span className="form-notice">Saved.</span>}
        {save.isError && (
          <p className="form-error" role="alert">
            {errorMessage(save.error)}
          </p>
        )}
      </div>
    </section>
  );
}
