// The screens of the dashboard. Only the overview exists today; the executive, operations,
// revenue, cohorts and customers screens (issue 7) are added here as one line each.

export type ScreenId = 'overview' | 'not-found';

export type Route = { id: ScreenId; path: string; title: string };

export const ROUTES: readonly Route[] = [{ id: 'overview', path: '/', title: 'Overview' }];

const NOT_FOUND: Route = { id: 'not-found', path: '', title: 'Page not found' };

function normalisePath(pathname: string): string {
  const path = pathname.replace(/\/index\.html$/, '/').replace(/\/+$/, '');
  return path === '' ? '/' : path;
}

export function matchRoute(pathname: string): Route {
  const path = normalisePath(pathname);
  return ROUTES.find((route) => route.path === path) ?? NOT_FOUND;
}
