import { AlertBadge, AlertToasts } from '../features/alerts/alert-badge.js';
import { navRoutes, type Route } from './routes.js';
import { Link } from './link.js';
import { withParams } from './navigation.js';
import type { Role } from '../features/auth/session.js';

/** Query parameters that follow the person from screen to screen. */
const KEPT = ['workspace', 'range', 'from', 'to', 'compare'] as const;

/** The link to `route` from the current query: the workspace (the shown one when the address
 *  names none) and, between screens that have it, the date range. */
export function navHref(route: Route, search: string, workspaceId: string | null = null): string {
  const params = new URLSearchParams(search);
  const kept: Record<string, string | undefined> = {};
  for (const key of KEPT) {
    if (key === 'workspace' || route.range) kept[key] = params.get(key) ?? undefined;
  }
  kept.workspace ??= workspaceId ?? undefined;
  return withParams(route.path, '', kept);
}

export function NavBar({ current, search, workspaceId = null, role = null }: { current: Route; search: string; workspaceId?: string | null; role?: Role | null }) {
  return (
    <nav className="nav-bar" aria-label="Screens">
      <ul className="nav-list">
        {navRoutes(role).map((route) => (
          <li key={route.id}>
            <Link
              href={navHref(route, search, workspaceId)}
              className="nav-link"
              aria-current={route.id === current.id ? 'page' : undefined}
              data-testid={route.id === 'settings' ? 'settings-link' : `nav-${route.id}`}
            >
              {route.title}
              {route.id === 'success' && workspaceId && <AlertBadge workspaceId={workspaceId} />}
            </Link>
          </li>
        ))}
      </ul>
      {workspaceId && <AlertToasts workspaceId={workspaceId} />}
    </nav>
  );
}
