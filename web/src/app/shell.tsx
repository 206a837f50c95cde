// The application frame: picks the workspace, keeps its live feed open, and renders the top bar
// and the current screen. Screens receive plain data; the shell owns the hooks.
import { useEffect } from 'react';
import { freshness } from '../features/live/freshness.js';
import { useLiveFeed } from '../features/live/use-live-feed.js';
import { useNow } from '../features/live/use-now.js';
import { useSummary, useSummaryLiveHandlers } from '../features/metrics/use-summary.js';
import { ErrorNotice } from './error-notice.js';
import { OverviewPage } from './overview-page.js';
import { matchRoute } from './routes.js';
import { TopBar } from './top-bar.js';
import { useWorkspace } from './use-workspace.js';
import { workspaceProblem } from './workspace-problem.js';

const CLOCK_TICK_MS = 10_000;

export function Shell() {
  const route = matchRoute(window.location.pathname);
  const workspace = useWorkspace(window.location.search);
  const selected = workspace.status === 'ready' && workspace.selection.kind === 'selected' ? workspace.selection.workspace : null;
  const workspaceId = selected?.id ?? null;

  const summary = useSummary(workspaceId);
  const connection = useLiveFeed(workspaceId, useSummaryLiveHandlers(workspaceId));
  const now = useNow(CLOCK_TICK_MS);

  const workspaceName = workspace.status === 'loading' ? undefined : (selected?.name ?? null);
  useEffect(() => {
    document.title = [route.title, workspaceName, 'Revpulse'].filter(Boolean).join(' · ');
  }, [route.title, workspaceName]);

  const status =
    workspaceId === null
      ? null
      : freshness({
          connection,
          dataUpdatedAt: summary.dataUpdatedAt > 0 ? summary.dataUpdatedAt : null,
          loadFailed: summary.isError,
          now,
        });
  const problem = workspaceProblem(workspace);

  return (
    <div className="app">
      <TopBar workspaceName={workspaceName} freshness={status} />
      <main className="page">
        <h1 className="page-title">{route.title}</h1>
        {route.id === 'not-found' ? (
          <p>
            There is nothing at this address. <a href="/">Go to the overview</a>.
          </p>
        ) : problem ? (
          <ErrorNotice title={problem.title} message={problem.message} onRetry={problem.retry} />
        ) : (
          <OverviewPage
            summary={{ data: summary.data, error: summary.error, retry: () => void summary.refetch() }}
            now={now}
            origin={window.location.origin}
          />
        )}
      </main>
    </div>
  );
}
