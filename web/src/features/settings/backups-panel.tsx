// Settings → Backups: the installation's backup history (every workspace is in each archive, so
// only owners of the home workspace see it), "Back up now", the schedule and folder as the server
// is configured, and how to restore, in plain words (docs/operations.md#backup-and-restore).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorNotice } from '../../app/error-notice.js';
import { numeric, TableHead } from '../../components/table-head.js';
import { ApiError, apiGet, apiSend, errorMessage } from '../../lib/api-client.js';
import { backupCreated, backupsAnswer } from '@read/backups/contract.js';
import { when } from './when.js';
import './backups-panel.css';

const KEY = ['backups'];

const size = (bytes: number | null) => (bytes === null ? '—' : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const fileName = (file: string) => file.split(/[\\/]/).pop() ?? file;

export function BackupsPanel({ workspaceId }: { workspaceId: string }) {
  void workspaceId; // backups are the installation's, not one workspace's
  const client = useQueryClient();
  const query = useQuery({ queryKey: KEY, queryFn: ({ signal }) => apiGet('/v1/backups', backupsAnswer, { signal }), retry: false });
  const now = useMutation({
    mutationFn: () => apiSend('POST', '/v1/backups', backupCreated, { body: {} }),
    onSettled: () => void client.invalidateQueries({ queryKey: KEY }),
  });

  if (query.isError) {
    const forbidden = query.error instanceof ApiError && query.error.status === 403;
    return forbidden ? (
      <section className="panel" data-testid="backups-panel">
        <h2 className="panel-title">Backups</h2>
        <p className="muted" data-testid="backups-forbidden">{errorMessage(query.error)}</p>
      </section>
    ) : (
      <ErrorNotice title="Could not load the backups" message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
    );
  }
  const data = query.data;
  return (
    <div className="stack" data-testid="backups-panel">
      <section className="panel">
        <h2 className="panel-title">Back up now</h2>
        <p className="muted">
          A backup is one <code>.tar.gz</code> file holding the whole database — every workspace — as readable JSON lines, with a manifest of counts and checksums.
        </p>
        {data && (
          <dl className="backup-facts" data-testid="backups-config">
            <dt>Folder</dt>
            <dd>
              <code>{data.dir}</code>
            </dd>
            <dt>Schedule</dt>
            <dd>{data.schedule === 'off' ? 'Off (set REVPULSE_BACKUP_SCHEDULE, e.g. "0 3 * * *" for 03:00 UTC daily)' : <><code>{data.schedule}</code> (cron, UTC)</>}</dd>
            <dt>Kept</dt>
            <dd>the newest {data.keep} in the folder</dd>
          </dl>
        )}
        <button type="button" className="button" data-testid="backup-now" disabled={now.isPending} onClick={() => now.mutate()}>
          {now.isPending ? 'Backing up…' : 'Back up now'}
        </button>
        {now.isSuccess && (
          <p className="hint-line backup-written" role="status" data-testid="backup-done">
            Written: <code>{fileName(now.data.run.file)}</code> ({size(now.data.run.bytes)}, {now.data.run.rows?.toLocaleString()} rows).
          </p>
        )}
        {now.isError && <p className="form-error" role="alert">{errorMessage(now.error)}</p>}
      </section>

      <section className="panel">
        <h2 className="panel-title">History</h2>
        {!data ? (
          <p className="muted">Loading…</p>
        ) : data.data.length === 0 ? (
          <p className="muted">No backups yet.</p>
        ) : (
          <table className="data-table" data-testid="backups-history">
            <TableHead columns={['Started', 'Kind', 'By', 'Status', 'File', numeric('Size'), numeric('Rows')]} />
            <tbody>
              {data.data.map((run) => (
                <tr key={run.id}>
                  <td>{when(run.startedAt)}</td>
                  <td>{run.kind}</td>
                  <td>{run.requestedBy}</td>
                  <td>{run.status === 'completed' ? <span className="badge badge-positive">completed</span> : <span className="badge badge-critical" title={run.error ?? undefined}>failed</span>}</td>
                  <td>
                    <code title={run.sha256 ? `sha256 ${run.sha256}` : run.error ?? undefined}>{fileName(run.file)}</code>
                  </td>
                  <td className="num">{size(run.bytes)}</td>
                  <td className="num">{run.rows === null ? '—' : run.rows.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel">
        <h2 className="panel-title">Restoring</h2>
        <ol className="backup-steps">
          <li>
            Check the file: <code>revpulse backup verify FILE</code>.
          </li>
          <li>
            Stop the server, point it at an empty database (a new <code>REVPULSE_DATA_DIR</code>, or a new PostgreSQL database in <code>DATABASE_URL</code>) and run <code>revpulse restore FILE</code>. A backup of the embedded database restores into PostgreSQL and the other way round.
          </li>
          <li>
            Use the same secret key as the backed-up server (<code>REVPULSE_SECRET_KEY</code>, or its data folder's <code>secret.key</code>): the archive does not hold it, and stored webhook secrets and API keys open only with it.
          </li>
          <li>Start the server.</li>
        </ol>
      </section>
    </div>
  );
}
