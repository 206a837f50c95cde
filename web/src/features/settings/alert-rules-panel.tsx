// Settings → Alert rules: the rules that open alerts (health below, risk above, payment failed,
// usage drop, a limit nearly reached, a trial ending without activation), each with its threshold,
// e-mail recipients, a Slack-compatible webhook and an on/off switch (settings:write).
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import * as z from 'zod/mini';
import { ErrorNotice } from '../../app/error-notice.js';
import { ACTIONS_COLUMN, numeric, TableHead } from '../../components/table-head.js';
import { apiSend, errorMessage } from '../../lib/api-client.js';
import { ALERT_RULE_KINDS, alertRuleListResponse, type AlertRuleInput, type AlertRuleItem, type AlertRuleKind } from '@read/alerts/contract.js';
import { formatThreshold, KIND_LABELS } from '../alerts/alert-view.js';
import { ruleForm, ruleInput, thresholdUnit, type RuleForm } from './alert-rule-form.js';
import { useSettingsQuery } from './use-settings-query.js';
import { FormActions } from '../../components/form-actions.js';

const answer = z.unknown();

export function AlertRulesPanel({ workspaceId }: { workspaceId: string }) {
  const { query, params, refresh } = useSettingsQuery('alert-rules', '/v1/alert-rules', alertRuleListResponse, workspaceId);
  const [editing, setEditing] = useState<AlertRuleItem | 'new' | null>(null);
  const save = useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: AlertRuleInput }) =>
      id ? apiSend('PUT', `/v1/alert-rules/${encodeURIComponent(id)}`, answer, { params, body: input }) : apiSend('POST', '/v1/alert-rules', answer, { params, body: input }),
    onSuccess: () => (setEditing(null), refresh()),
  });
  const toggle = useMutation({
    mutationFn: (rule: AlertRuleItem) => apiSend('PUT', `/v1/alert-rules/${encodeURIComponent(rule.id)}`, answer, { params, body: { kind: rule.kind, name: rule.name, enabled: !rule.enabled } }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/v1/alert-rules/${encodeURIComponent(id)}`, answer, { params }),
    onSettled: refresh,
  });

  if (query.isError) return <ErrorNotice title="Could not load the alert rules" message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  const data = query.data;
  return (
    <div className="stack" data-testid="alert-rules-panel">
      {data && !data.emailConfigured && (
        <div className="notice notice-warning" role="status">
          <p className="notice-message">No SMTP server is configured, so e-mail deliveries fail until one is set in the server configuration (docs/operations.md). Webhooks still go out.</p>
        </div>
      )}
      {editing && (
        <RuleEditor
          key={editing === 'new' ? 'new' : editing.id}
          rule={editing === 'new' ? null : editing}
          saving={save.isPending}
          error={save.error}
          onCancel={() => setEditing(null)}
          onSave={(input) => save.mutate({ id: editing === 'new' ? null : editing.id, input })}
        />
      )}
      <section className="panel">
        <header className="panel-header">
          <h2 className="panel-title">Alert rules</h2>
          {!editing && (
            <button type="button" className="button button-primary" onClick={() => setEditing('new')} data-testid="rule-add">
              New rule
            </button>
          )}
        </header>
        {!data ? (
          <p className="muted">Loading…</p>
        ) : data.data.length === 0 ? (
          <p className="muted">No alert rule yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <TableHead columns={['Rule', 'Fires when', 'Notifies', 'On', numeric('Open'), ACTIONS_COLUMN]} scope={null} />
              <tbody>
                {data.data.map((rule) => (
                  <tr key={rule.id} data-testid="rule-row" className={rule.enabled ? undefined : 'row-muted'}>
                    <td>{rule.name}</td>
                    <td>
                      {KIND_LABELS[rule.kind]}
                      {rule.threshold !== null && ` ${formatThreshold(rule.kind, rule.threshold)}`}
                    </td>
                    <td>
                      {[...rule.emailTo, ...(rule.webhookUrl ? [`webhook ${rule.webhookUrl}`] : [])].join(', ') || <span className="muted">the alert centre only</span>}
                    </td>
                    <td>
                      <label className="check">
                        <input type="checkbox" checked={rule.enabled} onChange={() => toggle.mutate(rule)} aria-label={`${rule.name} enabled`} />
                      </label>
                    </td>
                    <td className="num">{rule.openAlerts}</td>
                    <td className="actions">
                      <button type="button" className="button button-small" onClick={() => setEditing(rule)}>
                        Edit
                      </button>
                      <button type="button" className="button button-small button-danger" onClick={() => window.confirm(`Delete the rule ${rule.name}? Its alerts go with it.`) && remove.mutate(rule.id)}>
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {(toggle.isError || remove.isError) && (
          <p className="form-error" role="alert">
            {errorMessage(toggle.error ?? remove.error)}
          </p>
        )}
      </section>
    </div>
  );
}

function RuleEditor({ rule, saving, error, onCancel, onSave }: { rule: AlertRuleItem | null; saving: boolean; error: unknown; onCancel: () => void; onSave: (input: AlertRuleInput) => void }) {
  const [form, setForm] = useState<RuleForm>(() => ruleForm(rule));
  const [problem, setProblem] = useState<{ field: keyof RuleForm; message: string } | null>(null);
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const unit = thresholdUnit(form.kind);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = ruleInput(form, rule !== null);
    if (!result.ok) return setProblem({ field: result.field, message: result.message });
    setProblem(null);
    onSave(result.input);
  };
  const err = (field: keyof RuleForm) => (problem?.field === field ? <span className="form-error" role="alert">{problem.message}</span> : null);
  return (
    <section className="panel" data-testid="rule-editor">
      <h2 className="panel-title">{rule ? `Edit ${rule.name}` : 'New alert rule'}</h2>
      <form className="rule-form" onSubmit={submit} noValidate>
        <label className="field">
          <span>Kind</span>
          <select value={form.kind} disabled={rule !== null} onChange={(e) => setForm({ ...ruleForm(null, e.target.value as AlertRuleKind), name: form.name, emailTo: form.emailTo, webhookUrl: form.webhookUrl })} data-testid="rule-kind">
            {ALERT_RULE_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-grow">
          <span>Name</span>
          <input value={form.name} maxLength={100} onChange={(e) => set('name', e.target.value)} placeholder="e.g. Health below 40" data-testid="rule-name" />
          {err('name')}
        </label>
        {unit && (
          <label className="field field-narrow">
            <span>
              {unit.label} {unit.suffix && `(${unit.suffix})`}
            </span>
            <input inputMode="decimal" value={form.threshold} onChange={(e) => set('threshold', e.target.value)} data-testid="rule-threshold" />
            {err('threshold')}
          </label>
        )}
        {form.kind === 'usage_drop' && (
          <label className="field field-narrow">
            <span>Only with at least (events last week)</span>
            <input inputMode="numeric" value={form.minEvents} placeholder="default" onChange={(e) => set('minEvents', e.target.value)} />
            {err('minEvents')}
          </label>
        )}
        {form.kind === 'trial_ending_inactive' && (
          <label className="field field-narrow">
            <span>Active on fewer than (days)</span>
            <input inputMode="numeric" value={form.minActiveDays} placeholder="default" onChange={(e) => set('minActiveDays', e.target.value)} />
            {err('minActiveDays')}
          </label>
        )}
        <label className="field field-grow">
          <span>E-mail recipients (comma-separated)</span>
          <input value={form.emailTo} onChange={(e) => set('emailTo', e.target.value)} placeholder="success@example.com" data-testid="rule-email" />
          {err('emailTo')}
        </label>
        <label className="field field-grow">
          <span>Slack-compatible webhook URL{rule?.webhookUrl ? ` (now ${rule.webhookUrl}…; empty keeps it)` : ''}</span>
          <input value={form.webhookUrl} disabled={form.removeWebhook} onChange={(e) => set('webhookUrl', e.target.value)} placeholder="https://hooks.slack.com/services/…" data-testid="rule-webhook" />
          {err('webhookUrl')}
        </label>
        {rule?.webhookUrl && (
          <label className="check">
            <input type="checkbox" checked={form.removeWebhook} onChange={(e) => set('removeWebhook', e.target.checked)} /> Remove the webhook
          </label>
        )}
        <label className="check">
          <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} /> Enabled
        </label>
        <FormActions submitLabel={'Save rule'} saving={saving} onCancel={onCancel} error={error} submitTestId="rule-save" />
      </form>
    </section>
  );
}
