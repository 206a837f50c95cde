// Saved filter presets, shared by the workspace: apply one with a click (the current one is
// marked), save the current view under a name, rename-free by design (save again, delete the
// old), delete with a confirmation.
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../lib/api-client.js';
import { presetFilters, sameView, viewFromPreset, type CustomerView } from './filters.js';
import type { SavedFilter } from '@read/saved-filters/contract.js';
import { useSavedFilterMutations, useSavedFilters } from './use-customers.js';

export function PresetsBar({ workspaceId, view, onApply }: { workspaceId: string; view: CustomerView; onApply: (view: CustomerView) => void }) {
  const presets = useSavedFilters(workspaceId);
  const { save, remove } = useSavedFilterMutations(workspaceId);
  const [naming, setNaming] = useState(false);
  const list = presets.data?.data ?? [];
  const current = list.find((p) => sameView(viewFromPreset(p.filters, view.pageSize), view));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    if (!name) return;
    save.mutate({ name, filters: presetFilters(view) }, { onSuccess: () => setNaming(false) });
  };
  const del = (preset: SavedFilter) => {
    if (window.confirm(`Delete the preset “${preset.name}” for everyone in this workspace?`)) remove.mutate(preset.id);
  };

  return (
    <div className="presets" data-testid="presets">
      <span className="presets-label" id="presets-label">
        Saved views
      </span>
      <div className="chips" role="group" aria-labelledby="presets-label">
        {presets.isPending && <span className="muted">Loading…</span>}
        {presets.isError && <span className="form-error">{errorMessage(presets.error)}</span>}
        {list.length === 0 && presets.isSuccess && !naming && <span className="muted">None yet: filter the table, then save the view.</span>}
        {list.map((p) => (
          <span key={p.id} className="preset" data-testid="preset">
            <button
              type="button"
              className="chip preset-apply"
              aria-pressed={current?.id === p.id}
              title={`Saved by ${p.createdBy.label}`}
              onClick={() => onApply(viewFromPreset(p.filters, view.pageSize))}
              data-testid={`preset-${p.name}`}
            >
              {p.name}
            </button>
            <button type="button" className="preset-delete" aria-label={`Delete the preset ${p.name}`} onClick={() => del(p)}>
              ×
            </button>
          </span>
        ))}
        {naming ? (
          <form className="preset-form" onSubmit={submit}>
            <label className="visually-hidden" htmlFor="preset-name">
              Name of the view
            </label>
            <input id="preset-name" name="name" required maxLength={80} placeholder="Name this view" autoFocus data-testid="preset-name" />
            <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="preset-save">
              Save
            </button>
            <button type="button" className="button button-quiet" onClick={() => (setNaming(false), save.reset())}>
              Cancel
            </button>
          </form>
        ) : (
          !current && (
            <button type="button" className="chip chip-add" onClick={() => setNaming(true)} data-testid="preset-new">
              + Save this view
            </button>
          )
        )}
      </div>
      {(save.isError || remove.isError) && (
        <p className="form-error" role="alert">
          {errorMessage(save.error ?? remove.error)}
        </p>
      )}
    </div>
  );
}
