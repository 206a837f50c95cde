// The workspace's retention policy (days per kind, empty = kept for ever, with what each means)
// and its last runs with their counts and status; sessions are pruned hourly whatever the policy.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { retentionPolicyAnswer, retentionRuns, type RetentionPolicyAnswer } from '@read/compliance/contract.js';
import { DataPanel } from '../../components/data-panel.js';
import { TableHead } from '../../components/table-head.js';
import { apiGet, apiSend, errorMessage } from '../../lib/api-client.js';
import { countsText, draftOf, POLICY_FORM, readDraft, type PolicyDraft } from './retention-view.js';
import './retention.css';

const key = (workspaceId: string) => ['retention', workspaceId] as const;
const STATUS_LABELS = { running: 'Running', completed: 'Completed', failed: 'Failed' } as const;

function PolicyForm({ workspaceId, answer }: { workspaceId: string; answer: RetentionPolicyAnswer }) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<PolicyDraft>(() => draftOf(answer.policy));
  const [errors, setErrors] = useState<Partial<Record<keyof PolicyDraft, string>>>({});
  const [saved, setSaved] = useState(false);
  useEffect(() => setDraft(draftOf(answer.policy)), [answer.policy]);
  const save = useMutation({
    mutationFn: (body: object) => apiSend('PUT', '/v1/retention/policy', retentionPolicyAnswer, { params: { workspace: workspaceId }, body }),
    onSuccess: (next) => {
      client.setQueryData([...key(workspaceId), 'policy'], next);
      setSaved(true);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const read = readDraft(draft);
    if (!read.ok) return setErrors(read.errors);
    setErrors({});
    save.mutate(read.body);
  };
  const { sessions } = answer;
  return (
    <form className="retention-form" onSubmit={submit} noValidate data-testid="retention-form">
      {POLICY_FORM.map((f) => (
        <div className="retention-field" key={f.field}>
          <label className="field">
            <span>{f.label}</span>
            <span className="retention-days">
              <input
                type="text" inputMode="numeric" name={f.field} value={draft[f.field]} placeholder={f.optional ? 'for ever' : ''}
                aria-invalid={errors[f.field] ? true : undefined} aria-describedby={`retention-${f.field}-hint`}
                onChange={(e) => setDraft({ ...draft, [f.field]: e.target.value })} data-testid={`retention-${f.field}`}
              />
              days
            </span>
          </label>
          <p className="muted retention-hint" id={`retention-${f.field}-hint`}>
            {f.meaning} {f.optional ? 'Leave empty to keep for ever.' : ''}
          </p>
          {errors[f.field] && <p className="form-error" role="alert">{errors[f.field]}</p>}
        </div>
      ))}
      <div className="retention-field">
        <span className="retention-label">Sessions</span>
        <p className="muted retention-hint" data-testid="retention-sessions">
          Pruned every hour whatever this policy says: a session ends {sessions.ttlHours} hours after sign-in or after {sessions.idleMinutes} minutes unused.
          {sessions.expiredWaiting > 0 ? ` ${sessions.expiredWaiting} expired sessions wait for the next prune.` : ' No expired session is left.'}
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="retention-save">Save policy</button>
        {saved && !save.isPending && <span className="muted" role="status">Saved. The next daily run (03:41 UTC) applies it.</span>}
        {save.isError && <p className="form-error" role="alert">{errorMessage(save.error)}</p>}
      </div>
      <p className="muted retention-hint">
        {answer.policy.updatedAt ? `Last changed ${new Date(answer.policy.updatedAt).toLocaleString()} by ${answer.policy.updatedBy ?? 'someone'}.` : 'No policy set yet: everything is kept for ever.'}
      </p>
    </form>
  );
}

export function RetentionPanel({ workspaceId }: { workspaceId: string }) {
  const policy = useQuery({
    queryKey: [...key(workspaceId), 'policy'],
    queryFn: ({ signal }) => apiGet('/v1/retention/policy', retentionPolicyAnswer, { params: { workspace: workspaceId }, signal }),
  });
  const runs = useQuery({
    queryKey: [...key(workspaceId), 'runs'],
    queryFn: ({ signal }) => apiGet('/v1/retention/runs', retentionRuns, { params: { workspace: workspaceId, limit: '10' }, signal }),
  });
  return (
    <div className="compliance-section retention" data-testid="retention-panel">
      <h2 className="section-title">Retention</h2>
      <p className="muted compliance-intro">
        How long Revpulse keeps personal data and logs in this workspace. A job applies the policy every day; revenue figures and health scores never change.
      </p>
      <DataPanel title="Policy" testId="retention-policy" query={policy}>
        {(answer) => <PolicyForm workspaceId={workspaceId} answer={answer} />}
      </DataPanel>
      <DataPanel title="Last runs" testId="retention-runs" query={runs} empty={(data) => (data.data.length === 0 ? <p className="muted">The retention job has not run for this workspace yet.</p> : null)}>
        {(data) => (
          <table className="data-table">
            <TableHead columns={['Started', 'Status', 'What it did']} scope={null} />
            <tbody>
              {data.data.map((run) => (
                <tr key={run.id} data-testid="retention-run">
                  <td>{new Date(run.startedAt).toLocaleString()}</td>
                  <td><span className={`retention-status retention-status-${run.status}`}>{STATUS_LABELS[run.status]}</span></td>
                  <td>{run.error ?? countsText(run)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </DataPanel>
    </div>
  );
}
