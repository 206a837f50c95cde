// Settings → Audit log and Security events: newest first, searchable, paged with "Show more";
// the audit log can be downloaded as CSV, Excel or PDF (the download is itself audited).
import { useInfiniteQuery, type InfiniteData, type UseInfiniteQueryResult } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import type * as z from 'zod/mini';
import { apiGet, errorMessage } from '../../lib/api-client.js';
import { ErrorNotice } from '../../app/error-notice.js';
import { ExportMenu } from '../../components/export-menu.js';
import { TableHead, type Column } from '../../components/table-head.js';
import { auditPage, securityPage, SEVERITIES } from '@read/settings/contract.js';
import { when } from './when.js';

type Filters = Record<string, string | undefined>;

function useFilters(): [Filters, (event: FormEvent<HTMLFormElement>) => void] {
  const [filters, setFilters] = useState<Filters>({});
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Filters = {};
    for (const [name, value] of form.entries()) if (typeof value === 'string' && value.trim()) next[name] = value.trim();
    setFilters(next);
  };
  return [filters, submit];
}

export function AuditPanel({ workspaceId }: { workspaceId: string }) {
  const [filters, submit] = useFilters();
  const pages = useLogPages('audit', '/v1/audit', auditPage, workspaceId, filters);
  return (
    <section className="panel" data-testid="audit-panel">
      <form className="inline-form" onSubmit={submit} role="search">
        <label className="field">
          <span>Search</span>
          <input name="q" maxLength={200} placeholder="person, action or target" />
        </label>
        <label className="field">
          <span>Action</span>
          <input name="action" maxLength={64} placeholder="e.g. team.role_changed" pattern="[a-z][a-z0-9_.]*" />
        </label>
        <button type="submit" className="button">
          Filter
        </button>
        <ExportMenu target={{ path: '/v1/audit/export', params: { workspace: workspaceId, ...filters } }} title="the audit log" testId="audit-export" size="normal" />
      </form>
      <LogTable
        pages={pages}
        errorTitle="Could not load the audit log"
        columns={['When', 'Who', 'Action', 'Target', 'From']}
        cells={(r) => (
          <>
            <td>{r.actorLabel}</td>
            <td>
              <code>{r.action}</code>
            </td>
            <td>{r.targetLabel ?? r.targetId ?? '—'}</td>
          </>
        )}
        empty={`Nothing recorded${Object.keys(filters).length ? ' that matches' : ' yet'}.`}
      />
    </section>
  );
}

export function SecurityEventsPanel({ workspaceId }: { workspaceId: string }) {
  const [filters, submit] = useFilters();
  const pages = useLogPages('security-events', '/v1/security-events', securityPage, workspaceId, filters);
  return (
    <section className="panel" data-testid="security-panel">
      <form className="inline-form" onSubmit={submit} role="search">
        <label className="field">
          <span>Search</span>
          <input name="q" maxLength={200} placeholder="email, key, IP or type" />
        </label>
        <label className="field">
          <span>Severity</span>
          <select name="severity" defaultValue="">
            <option value="">any</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          Filter
        </button>
      </form>
      <LogTable
        pages={pages}
        errorTitle="Could not load the security events"
        columns={['When', 'Severity', 'Event', 'Subject', 'From']}
        cells={(r) => (
          <>
            <td>
              <span className={`badge badge-${r.severity}`}>{r.severity}</span>
            </td>
            <td>
              <code>{r.type}</code>
            </td>
            <td>{r.subject ?? '—'}</td>
          </>
        )}
        empty={`No security events${Object.keys(filters).length ? ' that match' : ''}.`}
      />
    </section>
  );
}

/** A line of a log: when it happened and where from, and what the log says between. */
type LogLine = { id: number; at: string; ip: string | null; userAgent: string | null };
type LogPage<T extends LogLine> = { data: T[]; nextBefore: number | null };

/** A log's pages, newest first, each asking for the lines before the last one read. */
function useLogPages<T extends LogLine>(name: string, path: string, schema: z.ZodMiniType<LogPage<T>>, workspaceId: string, filters: Filters) {
  return useInfiniteQuery({
    queryKey: [name, workspaceId, filters],
    queryFn: ({ signal, pageParam }) => apiGet(path, schema, { params: { workspace: workspaceId, ...filters, before: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.nextBefore === null ? undefined : String(last.nextBefore)),
  });
}

/** The lines read so far (or why they could not be), `empty` when there are none, and "Show more" while there are. */
function LogTable<T extends LogLine>({ pages, errorTitle, columns, cells, empty }: { pages: UseInfiniteQueryResult<InfiniteData<LogPage<T>>>; errorTitle: string; columns: readonly Column[]; cells: (line: T) => ReactNode; empty: string }) {
  const rows = pages.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      {pages.isError ? (
        <ErrorNotice title={errorTitle} message={errorMessage(pages.error)} onRetry={() => void pages.refetch()} />
      ) : (
        <table className="data-table">
          <TableHead columns={columns} scope={null} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{when(r.at)}</td>
                {cells(r)}
                <td title={r.userAgent ?? undefined}>{r.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages.data && rows.length === 0 && <p className="muted">{empty}</p>}
      {pages.hasNextPage && (
        <button type="button" className="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          Show more
        </button>
      )}
    </>
  );
}
