// Settings → Audit log and Security events: newest first, searchable, paged with "Show more";
// the audit log can be downloaded as CSV (the download is itself audited).
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiGet, apiUrl, errorMessage } from '../../lib/api-client.js';
import { ErrorNotice } from '../../app/error-notice.js';
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
  const params = { workspace: workspaceId, ...filters };
  const pages = useInfiniteQuery({
    queryKey: ['audit', workspaceId, filters],
    queryFn: ({ signal, pageParam }) => apiGet('/v1/audit', auditPage, { params: { ...params, before: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.nextBefore === null ? undefined : String(last.nextBefore)),
  });
  const rows = pages.data?.pages.flatMap((p) => p.data) ?? [];
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
        <a className="button" href={apiUrl('/v1/audit/export', params)} download>
          Export CSV
        </a>
      </form>
      {pages.isError ? (
        <ErrorNotice title="Could not load the audit log" message={errorMessage(pages.error)} onRetry={() => void pages.refetch()} />
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Target</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{when(r.at)}</td>
                <td>{r.actorLabel}</td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>{r.targetLabel ?? r.targetId ?? '—'}</td>
                <td title={r.userAgent ?? undefined}>{r.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages.data && rows.length === 0 && <p className="muted">Nothing recorded{Object.keys(filters).length ? ' that matches' : ' yet'}.</p>}
      {pages.hasNextPage && (
        <button type="button" className="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          Show more
        </button>
      )}
    </section>
  );
}

export function SecurityEventsPanel({ workspaceId }: { workspaceId: string }) {
  const [filters, submit] = useFilters();
  const pages = useInfiniteQuery({
    queryKey: ['security-events', workspaceId, filters],
    queryFn: ({ signal, pageParam }) =>
      apiGet('/v1/security-events', securityPage, { params: { workspace: workspaceId, ...filters, before: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.nextBefore === null ? undefined : String(last.nextBefore)),
  });
  const rows = pages.data?.pages.flatMap((p) => p.data) ?? [];
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
      {pages.isError ? (
        <ErrorNotice title="Could not load the security events" message={errorMessage(pages.error)} onRetry={() => void pages.refetch()} />
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Severity</th>
              <th>Event</th>
              <th>Subject</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{when(r.at)}</td>
                <td>
                  <span className={`badge badge-${r.severity}`}>{r.severity}</span>
                </td>
                <td>
                  <code>{r.type}</code>
                </td>
                <td>{r.subject ?? '—'}</td>
                <td title={r.userAgent ?? undefined}>{r.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages.data && rows.length === 0 && <p className="muted">No security events{Object.keys(filters).length ? ' that match' : ''}.</p>}
      {pages.hasNextPage && (
        <button type="button" className="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          Show more
        </button>
      )}
    </section>
  );
}
