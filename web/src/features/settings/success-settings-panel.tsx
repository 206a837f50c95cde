// Settings → Customer success: the health score's weights (live: they must add up to 100), the
// bands, the key features of adoption and the onboarding milestones. Saved with PUT
// /v1/settings/success; the server checks the same rules (src/core/success-settings.ts).
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../app/error-notice.js';
import { apiSend, errorMessage } from '../../lib/api-client.js';
import { HEALTH_COMPONENT_NAMES, successSettingsResponse, type SuccessSettingsShape } from '@read/health/contract.js';
import { bandProblems, COMPONENT_LABELS, milestoneKey, milestoneProblems, parseWeights, weightInputs, type MilestoneInput, type WeightInputs } from './success-settings-form.js';
import { useSettingsQuery } from './use-settings-query.js';
import { when } from './when.js';

export function SuccessSettingsPanel({ workspaceId }: { workspaceId: string }) {
  const { query, params, refresh } = useSettingsQuery('success-settings', '/v1/settings/success', successSettingsResponse, workspaceId);
  if (query.isError) return <ErrorNotice title="Could not load the customer-success settings" message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  if (!query.data) return <p className="muted">Loading…</p>;
  return <SuccessSettingsForm key={query.data.updatedAt ?? 'defaults'} data={query.data} params={params} onSaved={refresh} />;
}

type Loaded = { settings: SuccessSettingsShape; defaults: SuccessSettingsShape; updatedAt: string | null; updatedBy: string | null };

function SuccessSettingsForm({ data, params, onSaved }: { data: Loaded; params: Record<string, string>; onSaved: () => void }) {
  const [weights, setWeights] = useState<WeightInputs>(() => weightInputs(data.settings.weights));
  const [bands, setBands] = useState(data.settings.bands);
  const [keyFeatures, setKeyFeatures] = useState(data.settings.keyFeatures.join(', '));
  const [windowDays, setWindowDays] = useState(String(data.settings.onboarding.windowDays));
  const [milestones, setMilestones] = useState<MilestoneInput[]>(data.settings.onboarding.milestones);
  const save = useMutation({
    mutationFn: (settings: SuccessSettingsShape) => apiSend('PUT', '/v1/settings/success', successSettingsResponse, { params, body: settings }),
    onSuccess: onSaved,
  });

  const parsed = parseWeights(weights);
  const windowN = Number(windowDays);
  const windowProblem = Number.isInteger(windowN) && windowN >= 1 && windowN <= 365 ? null : 'A whole number of days from 1 to 365.';
  const problems = [...parsed.problems, ...bandProblems(bands), ...milestoneProblems(milestones)];
  const problemAt = (path: string) => problems.find((p) => p.path === path)?.message;
  const valid = problems.length === 0 && !windowProblem;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid || !parsed.weights) return;
    save.mutate({
      ...data.settings,
      weights: parsed.weights,
      bands,
      keyFeatures: keyFeatures.split(',').map((f) => f.trim()).filter(Boolean),
      onboarding: { windowDays: windowN, milestones: milestones.map((m) => ({ key: m.key, label: m.label.trim(), event: m.event.trim() })) },
    });
  };
  const setMilestone = (i: number, patch: Partial<MilestoneInput>) => setMilestones((list) => list.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const resetToDefaults = () => {
    setWeights(weightInputs(data.defaults.weights));
    setBands(data.defaults.bands);
  };

  return (
    <form className="stack" onSubmit={submit} data-testid="success-settings-panel" noValidate>
      <section className="panel">
        <h2 className="panel-title">Health score weights</h2>
        <p className="muted">How much each component counts in the 0–100 health score. A customer without data for a component is scored on the others, and the score is marked partial.</p>
        <div className="weight-grid">
          {HEALTH_COMPONENT_NAMES.map((name) => (
            <label key={name} className="field field-narrow">
              <span>{COMPONENT_LABELS[name]} (%)</span>
              <input inputMode="numeric" value={weights[name]} onChange={(e) => setWeights((w) => ({ ...w, [name]: e.target.value }))} aria-invalid={problemAt(`weights.${name}`) ? true : undefined} data-testid={`weight-${name}`} />
            </label>
          ))}
          <p className="weight-sum" data-valid={parsed.sum === 100 && parsed.problems.length === 0} data-testid="weight-sum" aria-live="polite">
            Total <strong>{parsed.sum}</strong> / 100
          </p>
        </div>
        {parsed.problems.map((p) => (
          <p key={p.path} className="form-error" role="alert" data-testid="weights-error">
            {p.message}
          </p>
        ))}
      </section>

      <section className="panel">
        <h2 className="panel-title">Bands</h2>
        <div className="inline-form">
          <label className="field field-narrow">
            <span>High risk below</span>
            <input type="number" min={0} max={100} value={bands.highRiskBelow} onChange={(e) => setBands((b) => ({ ...b, highRiskBelow: Number(e.target.value) }))} data-testid="band-high-risk" />
          </label>
          <label className="field field-narrow">
            <span>Healthy above</span>
            <input type="number" min={0} max={100} value={bands.healthyAbove} onChange={(e) => setBands((b) => ({ ...b, healthyAbove: Number(e.target.value) }))} data-testid="band-healthy" />
          </label>
          <p className="muted">
            Scores from {bands.highRiskBelow} to {bands.healthyAbove} are medium.
          </p>
        </div>
        {bandProblems(bands).map((p) => (
          <p key={p.path} className="form-error" role="alert">
            {p.message}
          </p>
        ))}
        <label className="field">
          <span>Key features (tracked event names, comma-separated; empty: the most used ones)</span>
          <input value={keyFeatures} onChange={(e) => setKeyFeatures(e.target.value)} placeholder="e.g. Report Created, Dashboard Shared" />
        </label>
      </section>

      <section className="panel">
        <h2 className="panel-title">Onboarding milestones</h2>
        <p className="muted">Each milestone is reached by a tracked event. New customers are followed for the window below.</p>
        <label className="field field-narrow">
          <span>Window (days after signup)</span>
          <input inputMode="numeric" className="input-narrow" value={windowDays} onChange={(e) => setWindowDays(e.target.value)} aria-invalid={windowProblem ? true : undefined} />
          {windowProblem && <span className="form-error">{windowProblem}</span>}
        </label>
        <ol className="milestone-editor">
          {milestones.map((m, i) => (
            <li key={i} data-testid="milestone-row">
              <label className="field field-grow">
                <span>Milestone</span>
                <input value={m.label} onChange={(e) => setMilestone(i, { label: e.target.value, key: milestoneKey(e.target.value) })} />
              </label>
              <label className="field field-grow">
                <span>Event</span>
                <input value={m.event} onChange={(e) => setMilestone(i, { event: e.target.value })} />
              </label>
              <button type="button" className="button button-quiet" aria-label={`Remove ${m.label || 'milestone'}`} onClick={() => setMilestones((list) => list.filter((_, j) => j !== i))}>
                Remove
              </button>
              {[problemAt(`onboarding.milestones.${i}.label`), problemAt(`onboarding.milestones.${i}.event`), problemAt(`onboarding.milestones.${i}.key`)].filter(Boolean).map((message) => (
                <span key={message} className="form-error milestone-error">
                  {message}
                </span>
              ))}
            </li>
          ))}
        </ol>
        <button type="button" className="button" disabled={milestones.length >= 20} onClick={() => setMilestones((list) => [...list, { key: milestoneKey(`milestone ${list.length + 1}`), label: '', event: '' }])}>
          Add milestone
        </button>
      </section>

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!valid || save.isPending} data-testid="success-settings-save">
          Save
        </button>
        <button type="button" className="button" onClick={resetToDefaults}>
          Default weights and bands
        </button>
        {save.isSuccess && <span className="form-notice">Saved: the next health snapshots use them.</span>}
        {save.isError && (
          <p className="form-error" role="alert">
            {errorMessage(save.error)}
          </p>
        )}
        <span className="muted">{data.updatedAt ? `Last saved ${when(data.updatedAt)}` : 'The defaults apply: nothing saved yet.'}</span>
      </div>
    </form>
  );
}
