// Settings → Sources → Import subscriptions: choose a CSV or JSON-lines file (docs/import.md),
// "Check file" runs a dry run (nothing written) and shows its first rows and every error, then
// "Import N rows" sends the same file — refused while a line is bad unless bad lines are skipped.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { importResult, type ImportResult } from '@read/imports/contract.js';
import { apiUpload, errorMessage } from '../../lib/api-client.js';
import { ImportPreview } from './import-preview.js';
import { importAction, importedText, uploadTypeOf } from './import-shaping.js';

type Upload = { file: File; source: string; dryRun: boolean; skipInvalid: boolean };

function upload(workspaceId: string, { file, source, dryRun, skipInvalid }: Upload): Promise<ImportResult> {
  const { format, contentType } = uploadTypeOf(file.name);
  const params = { workspace: workspaceId, source, format, fileName: file.name, dryRun: String(dryRun), skipInvalid: String(skipInvalid) };
  // 422: refused for its bad lines, with the same answer as a check.
  return apiUpload('/v1/import', importResult, { params, body: file, contentType, answers: [422] });
}

export function ImportPanel({ workspaceId }: { workspaceId: string }) {
  const client = useQueryClient();
  const hintId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('Import');
  const [skipInvalid, setSkipInvalid] = useState(false);
  const check = useMutation({ mutationFn: (input: Upload) => upload(workspaceId, input) });
  const store = useMutation({
    mutationFn: (input: Upload) => upload(workspaceId, input),
    // A completed import moves every figure; a refused one adds a line to the history.
    onSettled: () => void client.invalidateQueries(),
  });

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    setFile(event.target.files?.[0] ?? null);
    check.reset();
    store.reset();
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file) return;
    store.reset();
    check.mutate({ file, source: source.trim() || 'Import', dryRun: true, skipInvalid });
  };

  // What the screen shows: the check, unless an import answered since (refused: its own findings).
  const refused = store.data?.status === 'refused' ? store.data : null;
  const shown = refused ?? check.data ?? null;
  const action = shown ? importAction(shown, skipInvalid) : null;
  const imported = store.data?.status === 'completed' ? store.data : null;

  return (
    <section className="panel" data-testid="import-panel">
      <h2 className="panel-title">Import subscriptions</h2>
      <p className="muted import-intro">
        From any billing system: a CSV or JSON-lines file with one row per subscription state (<code>customer_id</code>, <code>subscription_id</code>,{' '}
        <code>effective_at</code>, <code>status</code>, <code>currency</code>, <code>amount</code>, <code>interval</code>, …; the columns are in docs/import.md). A
        later row for the same subscription replaces it; importing the same file again changes nothing.
      </p>
      <form className="inline-form" onSubmit={submit} data-testid="import-form">
        <label className="field field-grow">
          <span>File (CSV or JSON lines)</span>
          <input type="file" name="file" accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson" onChange={choose} required aria-describedby={hintId} data-testid="import-file" />
        </label>
        <label className="field">
          <span>Source name</span>
          <input name="source" value={source} onChange={(e) => setSource(e.target.value)} maxLength={100} required data-testid="import-source" />
        </label>
        <label className="check source-check">
          <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} data-testid="import-skip-invalid" />
          Skip bad lines
        </label>
        <button type="submit" className="button" disabled={!file || check.isPending} data-testid="import-check">
          {check.isPending ? 'Checking…' : 'Check file'}
        </button>
      </form>
      <p id={hintId} className="visually-hidden">
        Checking a file writes nothing; the import comes after.
      </p>
      {check.isError && (
        <p className="form-error" role="alert" data-testid="import-check-error">
          {errorMessage(check.error)}
        </p>
      )}
      {file && shown && action && (
        <>
          <ImportPreview fileName={file.name} result={shown} />
          {refused && (
            <p className="form-error" role="alert" data-testid="import-refused">
              Not imported: a line is bad, so nothing was written.
            </p>
          )}
          <div className="form-actions import-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={action.blockedBy !== null || store.isPending || imported !== null}
              aria-describedby={action.blockedBy ? `${hintId}-blocked` : undefined}
              onClick={() => store.mutate({ file, source: source.trim() || 'Import', dryRun: false, skipInvalid })}
              data-testid="import-submit"
            >
              {store.isPending ? 'Importing…' : action.label}
            </button>
            {action.blockedBy && (
              <span id={`${hintId}-blocked`} className="muted" data-testid="import-blocked">
                {action.blockedBy}
              </span>
            )}
          </div>
        </>
      )}
      {store.isError && (
        <p className="form-error" role="alert" data-testid="import-error-message">
          {errorMessage(store.error)}
        </p>
      )}
      {imported && (
        <p className="form-notice" role="status" data-testid="import-done">
          {importedText(imported)}
        </p>
      )}
    </section>
  );
}
