// The annotations under the revenue trend: numbered like their markers on the chart, with a
// form to add one and, for owners and admins, edit and remove.
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../lib/api-client.js';
import { formatDay } from '../../lib/calendar.js';
import { ANNOTATION_KINDS, KIND_LABELS, useAnnotationChanges, type Annotation, type AnnotationInput, type AnnotationKind } from './annotations-api.js';

type Numbered = Annotation & { number: number };

export function AnnotationList({ workspaceId, annotations, canEdit, today, locale, monthLabel }: { workspaceId: string; annotations: Numbered[]; canEdit: boolean; today: string; locale?: string; monthLabel: (month: string) => string }) {
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const changes = useAnnotationChanges(workspaceId);
  const failure = changes.remove.error ?? null;

  return (
    <section className="annotations" aria-labelledby="annotations-title" data-testid="annotations">
      <div className="annotations-header">
        <h3 id="annotations-title" className="annotations-title">
          Annotations
        </h3>
        {canEdit && editing !== 'new' && (
          <button type="button" className="button button-small" onClick={() => setEditing('new')} data-testid="annotation-add">
            Add annotation
          </button>
        )}
      </div>
      {editing === 'new' && <AnnotationForm workspaceId={workspaceId} today={today} onDone={() => setEditing(null)} />}
      {annotations.length === 0 && editing !== 'new' && (
        <p className="muted annotations-empty">{canEdit ? 'Mark launches, campaigns and price changes so the chart explains itself.' : 'No annotations in this range.'}</p>
      )}
      {annotations.length > 0 && (
        <ol className="annotation-list">
          {annotations.map((a) =>
            editing === a.id ? (
              <li key={a.id}>
                <AnnotationForm workspaceId={workspaceId} today={today} annotation={a} onDone={() => setEditing(null)} />
              </li>
            ) : (
              <li key={a.id} className="annotation-item" data-testid="annotation-item">
                <span className="annotation-number" aria-hidden="true">
                  ⚑ {a.number}
                </span>
                <div className="annotation-text">
                  <p className="annotation-title">
                    {a.title} <span className="badge">{KIND_LABELS[a.kind]}</span>
                  </p>
                  <p className="muted annotation-meta">
                    {formatDay(a.day, locale)} · shown at {monthLabel(a.day.slice(0, 7))}
                    {a.description ? ` · ${a.description}` : ''}
                  </p>
                </div>
                {canEdit && (
                  <div className="annotation-actions">
                    <button type="button" className="button button-quiet button-small" onClick={() => setEditing(a.id)} aria-label={`Edit “${a.title}”`}>
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button button-quiet button-danger button-small"
                      aria-label={`Remove “${a.title}”`}
                      disabled={changes.remove.isPending}
                      onClick={() => {
                        if (window.confirm(`Remove the annotation “${a.title}”?`)) changes.remove.mutate(a.id);
                      }}
                    >
                      Remove
                    </button>
                  </div>
                )}
              </li>
            ),
          )}
        </ol>
      )}
      {failure && (
        <p className="form-error" role="alert">
          {errorMessage(failure)}
        </p>
      )}
    </section>
  );
}

function AnnotationForm({ workspaceId, today, annotation, onDone }: { workspaceId: string; today: string; annotation?: Annotation; onDone: () => void }) {
  const changes = useAnnotationChanges(workspaceId);
  const [day, setDay] = useState(annotation?.day ?? today);
  const [title, setTitle] = useState(annotation?.title ?? '');
  const [kind, setKind] = useState<AnnotationKind>(annotation?.kind ?? 'launch');
  const [description, setDescription] = useState(annotation?.description ?? '');
  const mutation = annotation ? changes.update : changes.create;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: AnnotationInput = { day, title: title.trim(), kind, description: description.trim() || null };
    const done = { onSuccess: onDone };
    if (annotation) changes.update.mutate({ ...input, id: annotation.id }, done);
    else changes.create.mutate(input, done);
  };

  return (
    <form className="annotation-form" onSubmit={submit} data-testid="annotation-form">
      <label className="field field-narrow">
        <span>Day</span>
        <input type="date" value={day} onChange={(e) => setDay(e.target.value)} required name="day" />
      </label>
      <label className="field field-grow">
        <span>What happened</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={80} required name="title" placeholder="Launched the Team plan" />
      </label>
      <label className="field field-narrow">
        <span>Kind</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as AnnotationKind)} name="kind">
          {ANNOTATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-grow">
        <span>Details (optional)</span>
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} name="description" />
      </label>
      <div className="annotation-form-actions">
        <button type="submit" className="button button-primary" disabled={mutation.isPending || !title.trim()}>
          {annotation ? 'Save' : 'Add'}
        </button>
        <button type="button" className="button button-quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
      {mutation.error && (
        <p className="form-error" role="alert">
          {errorMessage(mutation.error)}
        </p>
      )}
    </form>
  );
}
