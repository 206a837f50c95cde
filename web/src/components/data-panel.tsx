// A panel fed by one query that degrades on its own: a skeleton while loading, a retryable error,
// a quiet note when the data does not exist yet (no usage feed, a figure the server cannot
// compute: 404/501/409) or is empty, else its content. A screen of many panels never fails as a
// whole because one of its sources is missing. `data-state` says which, for tests. `export` puts
// the Export menu (CSV, Excel, PDF of the panel's route) in its header once there is data.
import type { ReactNode } from 'react';
import { ErrorNotice } from '../app/error-notice.js';
import { ApiError, errorMessage } from '../lib/api-client.js';
import { ExportMenu, type ExportTarget } from './export-menu.js';
import { Skeleton } from './skeleton.js';

export type PanelQuery<T> = { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };

export type PanelState = 'loading' | 'error' | 'missing' | 'empty' | 'ready';

/** Errors that mean "this data is not there (yet)", not "something broke". */
export function isMissingData(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 501 || error.status === 409);
}

export function panelState<T>(query: PanelQuery<T>, empty?: (data: T) => ReactNode | null): PanelState {
  if (query.data !== undefined) return empty?.(query.data) ? 'empty' : 'ready';
  if (query.error) return isMissingData(query.error) ? 'missing' : 'error';
  return 'loading';
}

export type DataPanelProps<T> = {
  title: string;
  testId: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  /** The panel's data as a file: its API route and query (components/export-menu.tsx). */
  export?: ExportTarget;
  query: PanelQuery<T>;
  /** A note when the data is there but has nothing to show (null: show it). */
  empty?: (data: T) => ReactNode | null;
  /** The note when the server has no such data (default: the error's message). */
  missing?: ReactNode;
  skeletonHeight?: number;
  className?: string;
  children: (data: T) => ReactNode;
};

export function DataPanel<T>({ title, testId, subtitle, actions, export: exportTarget, query, empty, missing, skeletonHeight = 160, className, children }: DataPanelProps<T>) {
  const state = panelState(query, empty);
  const exportable = exportTarget && (state === 'ready' || state === 'empty');
  return (
    <section className={`panel data-panel${className ? ` ${className}` : ''}`} data-testid={testId} data-state={state} aria-busy={state === 'loading' || undefined}>
      <header className="panel-header">
        <div>
          <h2 className="panel-title">{title}</h2>
          {subtitle && <p className="panel-subtitle">{subtitle}</p>}
        </div>
        {(actions || exportable) && (
          <div className="panel-actions">
            {actions}
            {exportable && <ExportMenu target={exportTarget} title={title} testId={`${testId}-export`} />}
          </div>
        )}
      </header>
      {state === 'loading' ? (
        <Skeleton height={skeletonHeight} />
      ) : state === 'error' ? (
        <ErrorNotice title={`Could not load ${title.toLowerCase()}`} message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : state === 'missing' ? (
        <div className="panel-note" data-testid={`${testId}-note`}>
          {missing ?? <p className="muted">{errorMessage(query.error)}</p>}
        </div>
      ) : state === 'empty' ? (
        <div className="panel-note" data-testid={`${testId}-note`}>
          {empty!(query.data as T)}
        </div>
      ) : (
        children(query.data as T)
      )}
    </section>
  );
}
