// The subscription import history (GET /v1/imports): the last 50 checks and imports, newest first.
import { importList } from '@read/imports/contract.js';
import { ErrorNotice } from '../../app/error-notice.js';
import { TableHead, numeric } from '../../components/table-head.js';
import { errorMessage } from '../../lib/api-client.js';
import { historyStatusText } from './import-shaping.js';
import { useSettingsQuery } from './use-settings-query.js';
import { when } from './when.js';

const COLUMNS = ['When', 'File', 'Source', 'Result', numeric('Rows', 'numeric'), numeric('With errors', 'numeric'), numeric('New', 'numeric'), numeric('Changed', 'numeric'), 'By'];
const BADGE: Record<string, string> = { Imported: 'badge badge-positive', Refused: 'badge badge-critical', Failed: 'badge badge-critical', Checked: 'badge', Running: 'badge badge-warning' };

export function ImportHistory({ workspaceId }: { workspaceId: string }) {
  const { query } = useSettingsQuery('imports', '/v1/imports', importList, workspaceId);
  const runs = query.data?.data ?? [];
  return (
    <section className="panel" data-testid="import-history">
      <h2 className="panel-title">Import history</h2>
      {query.isError ? (
        <ErrorNotice title="Could not load the import history" message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : !query.data ? (
        <p className="muted">Loading…</p>
      ) : runs.length === 0 ? (
        <p className="muted">No file imported yet.</p>
      ) : (
        <table className="data-table compact-table">
          <TableHead columns={COLUMNS} />
          <tbody>
            {runs.map((run) => {
              const result = historyStatusText(run);
              return (
                <tr key={run.importId} data-testid="import-run" data-status={run.status} data-dry-run={run.dryRun}>
                  <td>{when(run.createdAt)}</td>
                  <td className="truncate" title={run.fileName ?? undefined}>
                    {run.fileName ?? '—'} <span className="muted">{run.format === 'csv' ? 'CSV' : 'JSON lines'}</span>
                  </td>
                  <td>{run.sourceName}</td>
                  <td>
                    <span className={BADGE[result]}>{result}</span>
                  </td>
                  <td className="numeric">{run.rows.toLocaleString('en-US')}</td>
                  <td className="numeric">{run.invalid.toLocaleString('en-US')}</td>
                  <td className="numeric">{run.dryRun ? '—' : run.eventsNew.toLocaleString('en-US')}</td>
                  <td className="numeric">{run.dryRun ? '—' : run.eventsChanged.toLocaleString('en-US')}</td>
                  <td>{run.createdBy ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
