// "Export CSV": the server's CSV of every customer matching the filters, in the table's order
// (permission-checked and audited there), rewritten with exactly the table's columns and saved.
import { useState } from 'react';
import { apiUrl } from '../../lib/api-client.js';
import { utcDay } from '../../lib/calendar.js';
import { customersCsvFromServer } from './csv.js';
import { apiParams, type CustomerView } from './filters.js';

async function fetchServerCsv(workspaceId: string, view: CustomerView): Promise<string> {
  const params = { workspace: workspaceId, ...apiParams(view, null), format: 'csv' };
  delete (params as Record<string, string | undefined>).limit;
  let response: Response;
  try {
    response = await fetch(apiUrl('/v1/customers', params), { headers: { accept: 'text/csv' } });
  } catch {
    throw new Error('Could not reach the Revpulse server.');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The export failed (${response.status}).`);
  }
  return response.text();
}

function save(csv: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportButton({ workspaceId, view }: { workspaceId: string; view: CustomerView }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null; rows: number | null }>({ busy: false, error: null, rows: null });
  const run = async () => {
    setState({ busy: true, error: null, rows: null });
    try {
      const { csv, rows } = customersCsvFromServer(await fetchServerCsv(workspaceId, view));
      save(csv, `customers-${utcDay(new Date())}.csv`);
      setState({ busy: false, error: null, rows });
    } catch (error) {
      setState({ busy: false, error: error instanceof Error ? error.message : 'The export failed.', rows: null });
    }
  };
  return (
    <span className="export">
      <button type="button" className="button" onClick={() => void run()} disabled={state.busy} title="Every customer matching these filters, with the table's columns" data-testid="export-csv">
        {state.busy ? 'Exporting…' : 'Export CSV'}
      </button>
      <span className="export-status" role="status">
        {state.error ? <span className="form-error">{state.error}</span> : state.rows !== null ? <span className="muted">{state.rows} rows exported</span> : null}
      </span>
    </span>
  );
}
