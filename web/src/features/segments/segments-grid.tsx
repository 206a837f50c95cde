// The segmentation grid (/success/segments): each segment's customers, ARPU, LTV, churn risk and
// suggested action; a segment opens the customers list with its filters. Owners and admins
// (settings:write) create, edit and delete the workspace's own segments.
import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../app/error-notice.js';
import { Link } from '../../app/link.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { ExportMenu } from '../../components/export-menu.js';
import { Skeleton } from '../../components/skeleton.js';
import { ACTIONS_COLUMN, numeric, TableHead } from '../../components/table-head.js';
import { errorMessage } from '../../lib/api-client.js';
import { formatCount, formatMoney } from '../../lib/format.js';
import { CUSTOMER_STATUSES, HEALTH_BANDS, PRICING_KINDS, USERS_TRENDS } from '@read/customers/contract.js';
import type { SegmentRow } from '@read/segments/contract.js';
import { customersSearchFor, STATUS_LABELS } from '../customers/filters.js';
import { useFilterOptions } from '../customers/use-customers.js';
import { RiskBadge } from '../success/badges.js';
import { BAND_COLORS, BAND_LABELS } from '../success/success-view.js';
import { describeFilters, formToSegment, formValues, type SegmentFormValues } from './segment-form.js';
import { useSegmentMutations, useSegments, type SegmentInput } from './segments-api.js';
import './segments.css';
import { FormActions } from '../../components/form-actions.js';
import { ActionError, DeleteButton } from '../../components/delete-button.js';

export function SegmentsGrid({ workspace, locale }: ScreenProps) {
  const segments = useSegments(workspace.id);
  const options = useFilterOptions(workspace.id);
  const canEdit = workspace.role === 'owner' || workspace.role === 'admin';
  const mutations = useSegmentMutations(workspace.id);
  const [editing, setEditing] = useState<SegmentRow | 'new' | null>(null);
  const planName = (id: string) => options.plans.find((p) => p.id === id)?.name ?? id;
  const data = segments.data;

  return (
    <div className="stack">
      {editing && (
        <SegmentEditor
          key={editing === 'new' ? 'new' : editing.id}
          segment={editing === 'new' ? null : editing}
          plans={options.plans}
          saving={mutations.create.isPending || mutations.update.isPending}
          error={mutations.create.error ?? mutations.update.error}
          onCancel={() => setEditing(null)}
          onSave={(value) => {
            const done = { onSuccess: () => setEditing(null) };
            if (editing === 'new' || editing.builtIn) mutations.create.mutate(value, done);
            else mutations.update.mutate({ id: editing.id, ...value }, done);
          }}
        />
      )}
      <section className="panel" data-testid="segments-grid">
        <header className="panel-header">
          <div>
            <h2 className="panel-title">Segments</h2>
            <p className="panel-subtitle">
              Saved customer filters with what they are worth and what to do about them.
              {data?.builtIn && ' These are the built-in segments: add one of your own to replace them.'}
            </p>
          </div>
          <div className="panel-actions">
            {data && <ExportMenu target={{ path: '/v1/segments', params: { workspace: workspace.id } }} title="Segments" testId="segments-grid-export" size="normal" />}
            {canEdit && !editing && (
              <button type="button" className="button button-primary" onClick={() => setEditing('new')} data-testid="segment-add">
                New segment
              </button>
            )}
          </div>
        </header>
        {segments.isError ? (
          <ErrorNotice title="Could not load the segments" message={errorMessage(segments.error)} onRetry={() => void segments.refetch()} />
        ) : !data ? (
          <div aria-busy="true">
            <Skeleton height={280} />
          </div>
        ) : data.data.length === 0 ? (
          <p className="muted">No segment yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table numeric-table segments-table">
              <TableHead columns={['Segment', numeric('Customers'), numeric('ARPU'), numeric('LTV'), 'Churn risk', 'Health mix', 'Action', canEdit && ACTIONS_COLUMN]} />
              <tbody>
                {data.data.map((s) => (
                  <tr key={s.id} data-testid="segment-row" data-segment-id={s.id}>
                    <td>
                      <Link href={customersSearchFor(s.filters, workspace.id)} className="segment-name" data-testid="segment-link">
                        {s.name}
                      </Link>
                      <span className="cell-sub muted">{describeFilters(s.filters, planName, locale)}</span>
                    </td>
                    <td className="num" data-testid="segment-count">
                      {formatCount(s.figures.customers, locale)}
                    </td>
                    <td className="num">{s.figures.arpu === null ? <span className="muted">—</span> : formatMoney(s.figures.arpu, data.currency, locale)}</td>
                    <td className="num" title={s.figures.ltvNote}>
                      {s.figures.ltv === null ? <span className="muted">{s.figures.ltvNote ? 'n/a' : '—'}</span> : formatMoney(s.figures.ltv, data.currency, locale)}
                    </td>
                    <td>{s.figures.averageRisk === null ? <span className="muted">—</span> : <RiskBadge probability={s.figures.averageRisk} locale={locale} />}</td>
                    <td>
                      <HealthMix mix={s.figures.health} />
                    </td>
                    <td className="segment-action">{s.action || <span className="muted">—</span>}</td>
                    {canEdit && (
                      <td className="actions">
                        <button type="button" className="button button-small" onClick={() => setEditing(s)} data-testid="segment-edit">
                          {s.builtIn ? 'Copy' : 'Edit'}
                        </button>
                        {!s.builtIn && (
                          <DeleteButton confirm={`Delete the segment ${s.name}?`} onDelete={() => mutations.remove.mutate(s.id)} testId="segment-delete" />
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <ActionError error={mutations.remove.error} />
      </section>
    </div>
  );
}

/** The band mix as one stacked bar, with the counts in its label. */
function HealthMix({ mix }: { mix: SegmentRow['figures']['health'] }) {
  const parts = [...HEALTH_BANDS, 'unscored' as const].map((band) => ({ band, count: mix[band] }));
  const total = parts.reduce((s, p) => s + p.count, 0);
  if (total === 0) return <span className="muted">—</span>;
  const label = parts.filter((p) => p.count > 0).map((p) => `${p.band === 'unscored' ? 'not scored' : BAND_LABELS[p.band].toLowerCase()} ${p.count}`).join(', ');
  return (
    <span className="health-mix" role="img" aria-label={`Health: ${label}`} title={label}>
      {parts.map((p) => (p.count > 0 ? <span key={p.band} style={{ flexGrow: p.count, background: BAND_COLORS[p.band] }} /> : null))}
    </span>
  );
}

function SegmentEditor({ segment, plans, saving, error, onCancel, onSave }: { segment: SegmentRow | null; plans: { id: string; name: string }[]; saving: boolean; error: unknown; onCancel: () => void; onSave: (value: SegmentInput) => void }) {
  const [values, setValues] = useState<SegmentFormValues>(() => ({ ...formValues(segment), ...(segment?.builtIn ? { name: `${segment.name} (copy)` } : {}) }));
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const set = <K extends keyof SegmentFormValues>(key: K, value: SegmentFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const toggle = (key: 'health' | 'status' | 'pricing', item: string, on: boolean) => set(key, on ? [...values[key], item] : values[key].filter((x) => x !== item));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Filters the form does not edit (a search, a country…) are kept as they were.
    const { health: _h, status: _s, pricing: _p, plan: _pl, riskMin: _a, riskMax: _b, healthMin: _c, healthMax: _d, mrrTopPercent: _e, usersTrend: _f, sort: _g, ...rest } = segment?.filters ?? {};
    const result = formToSegment(values, rest);
    if (!result.ok) return setProblem({ field: result.field, message: result.message });
    setProblem(null);
    onSave(result.value);
  };
  const err = (field: string) => (problem?.field === field ? <span className="field-error" role="alert">{problem.message}</span> : null);
  const number = (field: 'riskMin' | 'riskMax' | 'healthMin' | 'healthMax' | 'mrrTopPercent', label: string, placeholder: string) => (
    <label className="field field-narrow">
      <span>{label}</span>
      <input inputMode="numeric" value={values[field]} placeholder={placeholder} onChange={(e) => set(field, e.target.value)} aria-invalid={problem?.field === field || undefined} data-testid={`segment-${field}`} />
      {err(field)}
    </label>
  );
  return (
    <section className="panel segment-editor" data-testid="segment-editor">
      <h2 className="panel-title">{segment && !segment.builtIn ? `Edit ${segment.name}` : 'New segment'}</h2>
      <form onSubmit={submit} className="segment-form">
        <label className="field field-grow">
          <span>Name</span>
          <input value={values.name} maxLength={80} onChange={(e) => set('name', e.target.value)} aria-invalid={problem?.field === 'name' || undefined} data-testid="segment-name" />
          {err('name')}
        </label>
        <label className="field field-grow">
          <span>Suggested action</span>
          <input value={values.action} maxLength={200} placeholder="e.g. Call within a week" onChange={(e) => set('action', e.target.value)} data-testid="segment-action" />
          {err('action')}
        </label>
        <fieldset className="filter-group">
          <legend>Health band</legend>
          {HEALTH_BANDS.map((b) => (
            <label key={b} className="check">
              <input type="checkbox" checked={values.health.includes(b)} onChange={(e) => toggle('health', b, e.target.checked)} />
              {BAND_LABELS[b]}
            </label>
          ))}
        </fieldset>
        <fieldset className="filter-group">
          <legend>Status</legend>
          {CUSTOMER_STATUSES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={values.status.includes(s)} onChange={(e) => toggle('status', s, e.target.checked)} />
              {STATUS_LABELS[s]}
            </label>
          ))}
        </fieldset>
        <fieldset className="filter-group">
          <legend>Pricing</legend>
          {PRICING_KINDS.map((p) => (
            <label key={p} className="check">
              <input type="checkbox" checked={values.pricing.includes(p)} onChange={(e) => toggle('pricing', p, e.target.checked)} />
              {p === 'discounted' ? 'On a discount' : 'On the entry plan'}
            </label>
          ))}
        </fieldset>
        <div className="segment-numbers">
          <label className="field">
            <span>Plan</span>
            <select value={values.plan} onChange={(e) => set('plan', e.target.value)}>
              <option value="">Any plan</option>
              {[...plans, ...(values.plan && !plans.some((p) => p.id === values.plan) ? [{ id: values.plan, name: values.plan }] : [])].map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          {number('riskMin', 'Churn risk from (%)', '0')}
          {number('riskMax', 'to (%)', '100')}
          {number('healthMin', 'Health from', '0')}
          {number('healthMax', 'to', '100')}
          {number('mrrTopPercent', 'Top % by MRR', 'all')}
          <label className="field">
            <span>Active users</span>
            <select value={values.usersTrend} onChange={(e) => set('usersTrend', e.target.value)}>
              <option value="">Any trend</option>
              {USERS_TRENDS.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
        </div>
        <FormActions submitLabel={'Save segment'} saving={saving} onCancel={onCancel} error={error} submitTestId="segment-save" />
      </form>
    </section>
  );
}
