// The application frame. Sign-in and invitation pages need no session; every other screen first
// asks who is signed in (a 401 sends the browser to sign-in), then picks the workspace, keeps its
// live feed open for every screen (writing messages into the cache, live-sync.ts), and renders
// the top bar with the live indicator, the navigation, the date range and the current screen.
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { ExplainProvider } from '../components/explain/explain-provider.js';
import { AcceptInvitePage } from '../features/auth/accept-invite-page.js';
import { LoginPage } from '../features/auth/login-page.js';
import { isUnauthenticated, safeNext, type Session } from '../features/auth/session.js';
import { useSession } from '../features/auth/use-session.js';
import { LiveProvider } from '../features/live/live-provider.js';
import { useSummary } from '../features/metrics/use-summary.js';
import { unconvertedText } from '../features/fx/unconverted.js';
import '../features/fx/fx.css';
import { errorMessage } from '../lib/api-client.js';
import { utcDay } from '../lib/calendar.js';
import { DateRangePicker } from './date-range-picker.js';
import { rangeLabel, comparisonLabel } from './date-range.js';
import { ErrorNotice } from './error-notice.js';
import { Link } from './link.js';
import { createLiveSync } from './live-sync.js';
import { LiveStatus } from './live-status.js';
import { NavBar } from './nav-bar.js';
import { useLocation } from './navigation.js';
import { matchRoute, type Route } from './routes.js';
import { ScreenOutlet } from './screen-outlet.js';
import type { ScreenWorkspace } from './screen-props.js';
import { TopBar } from './top-bar.js';
import { useDateRange } from './use-date-range.js';
import { workspaceProblem } from './workspace-problem.js';
import { workspaceState } from './workspace-state.js';

const AccountOnly = lazy(() => import('./settings-screen.js').then((m) => ({ default: m.AccountOnlyScreen })));

/** Live messages replayed on the first connection, to fill the activity feed. */
const REPLAY_ON_CONNECT = 100;

function useTitle(...parts: Array<string | null | undefined>): void {
  const title = [...parts, 'Revpulse'].filter(Boolean).join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}

export function Shell() {
  const { pathname } = useLocation();
  const route = matchRoute(pathname);
  return route.public ? <PublicScreen route={route} /> : <SignedInShell route={route} />;
}

function PublicScreen({ route }: { route: Route }) {
  useTitle(route.title);
  if (route.id === 'login') return <LoginPage next={safeNext(window.location.search)} onSignedIn={(next) => window.location.assign(next)} />;
  return <AcceptInvitePage />;
}

function SignedInShell({ route }: { route: Route }) {
  const session = useSession();
  useTitle(route.title);
  if (session.data) return <Dashboard route={route} session={session.data} />;
  return (
    <div className="app">
      <TopBar workspaceName={undefined} />
      <main className="page">
        {session.isError &&
          (isUnauthenticated(session.error) ? (
            <p className="muted">Taking you to sign-in…</p>
          ) : (
            <ErrorNotice title="Could not reach Revpulse" message={errorMessage(session.error)} onRetry={() => void session.refetch()} />
          ))}
      </main>
    </div>
  );
}

function Dashboard({ route, session }: { route: Route; session: Session }) {
  const { pathname, search } = useLocation();
  const queryClient = useQueryClient();
  const workspace = workspaceState(session.workspaces, search);
  const selected = workspace.status === 'ready' && workspace.selection.kind === 'selected' ? workspace.selection.workspace : null;
  const membership = session.workspaces.find((w) => w.id === selected?.id) ?? null;
  const workspaceId = membership?.id ?? null;
  const summary = useSummary(membership?.role === 'billing' ? null : workspaceId);
  const workspaceName = workspace.status === 'loading' ? undefined : (selected?.name ?? null);
  useTitle(route.title, workspaceName);
  const workspaceQuery = workspaceId ? `?workspace=${encodeURIComponent(workspaceId)}` : '';

  // One sync per workspace; the feed opens once the summary answered, replaying recent messages.
  const sync = useMemo(() => (workspaceId ? createLiveSync(queryClient, workspaceId) : null), [queryClient, workspaceId]);
  useEffect(() => () => sync?.dispose(), [sync]);
  const ready = summary.isFetched || summary.isError;
  const seq = summary.data?.seq;
  const initialSince = seq === undefined ? null : Math.max(0, seq - REPLAY_ON_CONNECT);

  const problem = workspaceProblem(workspace);
  const screenWorkspace: ScreenWorkspace | null = membership
    ? { id: membership.id, name: membership.name, reportingCurrency: membership.reportingCurrency, isDemo: membership.isDemo, role: membership.role }
    : null;

  return (
    <LiveProvider workspaceId={ready ? workspaceId : null} initialSince={initialSince} onMessage={(m) => sync?.onMessage(m)}>
      <ExplainProvider workspaceId={workspaceId}>
        <div className="app">
          <a className="skip-link" href="#main">
            Skip to the figures
          </a>
          <TopBar
            workspaceName={workspaceName}
            status={workspaceId ? <LiveStatus workspaceId={workspaceId} role={membership?.role ?? null} summary={summary} settingsHref={`/settings/sources${workspaceQuery}`} /> : null}
            userEmail={session.user.email}
            workspaceQuery={workspaceQuery}
            otherWorkspaces={session.workspaces.filter((w) => w.id !== workspaceId)}
            nav={<NavBar current={route} search={search} workspaceId={workspaceId} role={membership?.role ?? null} />}
          />
          <main className="page" id="main">
            {route.id === 'not-found' ? (
              <>
                <h1 className="page-title">Page not found</h1>
                <p>
                  There is nothing at this address. <Link href={`/${workspaceQuery}`}>Go to the executive view</Link>.
                </p>
              </>
            ) : problem && route.id !== 'settings' ? (
              <ErrorNotice title={problem.title} message={problem.message} onRetry={problem.retry} />
            ) : screenWorkspace ? (
              <>
                {summary.data && unconvertedText(summary.data.unconverted, summary.data.currency) && (
                  <div className="notice notice-warning" role="status" data-testid="fx-unconverted">
                    <p className="notice-message">{unconvertedText(summary.data.unconverted, summary.data.currency)}</p>
                    <Link className="button" href={`/settings/workspace${workspaceQuery}`}>
                      Exchange rates
                    </Link>
                  </div>
                )}
                <PageHeader route={route} />
                <ScreenOutlet route={route} props={{ workspace: screenWorkspace, session, pathname, search }} />
              </>
            ) : route.id === 'settings' ? (
              <Suspense fallback={null}>
                <AccountOnly session={session} pathname={pathname} />
              </Suspense>
            ) : null}
          </main>
        </div>
      </ExplainProvider>
    </LiveProvider>
  );
}

function PageHeader({ route }: { route: Route }) {
  const today = utcDay(new Date());
  const state = useDateRange(today);
  const comparison = comparisonLabel(state.range, state.compare);
  return (
    <div className="page-header">
      <div>
        <h1 className="page-title">{route.title}</h1>
        {route.range && (
          <p className="page-subtitle" data-testid="range-label">
            {rangeLabel(state.range)}
            {comparison && <span className="muted"> · {comparison}</span>}
          </p>
        )}
      </div>
      {route.range && <DateRangePicker key={`${state.range.preset}-${state.range.from}-${state.range.to}`} state={state} today={today} />}
    </div>
  );
}
