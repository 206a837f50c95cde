// The screens of the dashboard: one line each. `load` is the screen's module, fetched the first
// time the screen is opened (route-level code splitting: React.lazy in screen-outlet.tsx), so the
// first page only downloads the shell and the screen it shows. `nav` puts it in the navigation;
// `range` shows the global date-range picker. Screens receive ScreenProps (screen-props.ts).
import type { ComponentType } from 'react';
import type { Role } from '../features/auth/session.js';
import type { ScreenProps } from './screen-props.js';

export type ScreenId = 'executive' | 'operations' | 'revenue' | 'cohorts' | 'customers' | 'success' | 'reports' | 'compliance' | 'settings' | 'login' | 'accept-invite' | 'not-found';

/** `public`: shown without a session (sign-in, invitations). `prefix`: also matches sub-paths. */
export type Route = {
  id: ScreenId;
  path: string;
  title: string;
  public?: boolean;
  prefix?: boolean;
  nav?: boolean;
  range?: boolean;
  /** Only these roles see it in the navigation (default: everyone). */
  roles?: readonly Role[];
  load?: () => Promise<ComponentType<ScreenProps>>;
};

export const ROUTES: readonly Route[] = [
  { id: 'executive', path: '/', title: 'Executive', nav: true, range: true, load: () => import('../features/executive/executive-page.js').then((m) => m.ExecutivePage) },
  { id: 'operations', path: '/operations', title: 'Operations', nav: true, range: true, load: () => import('../features/operations/operations-page.js').then((m) => m.OperationsPage) },
  { id: 'revenue', path: '/revenue', title: 'Revenue', nav: true, range: true, load: () => import('../features/revenue/revenue-page.js').then((m) => m.RevenuePage) },
  { id: 'cohorts', path: '/cohorts', title: 'Cohorts', nav: true, load: () => import('../features/cohorts/cohorts-page.js').then((m) => m.CohortsPage) },
  { id: 'customers', path: '/customers', title: 'Customers', nav: true, prefix: true, load: () => import('../features/customers/customers-page.js').then((m) => m.CustomersScreen) },
  { id: 'success', path: '/success', title: 'Success', nav: true, prefix: true, range: true, load: () => import('../features/success/success-page.js').then((m) => m.SuccessScreen) },
  { id: 'reports', path: '/reports', title: 'Reports', nav: true, prefix: true, load: () => import('../features/reports/reports-page.js').then((m) => m.ReportsScreen) },
  { id: 'compliance', path: '/compliance', title: 'Compliance', nav: true, roles: ['owner', 'admin'], load: () => import('../features/compliance/compliance-page.js').then((m) => m.CompliancePage) },
  { id: 'settings', path: '/settings', title: 'Settings', prefix: true, load: () => import('./settings-screen.js').then((m) => m.SettingsScreen) },
  { id: 'login', path: '/login', title: 'Sign in', public: true },
  { id: 'accept-invite', path: '/accept-invite', title: 'Invitation', public: true },
];

/** The order of the main navigation (screens not registered yet are left out). */
export const NAV_ORDER: readonly ScreenId[] = ['executive', 'operations', 'revenue', 'cohorts', 'customers', 'success', 'reports', 'compliance', 'settings'];

const NOT_FOUND: Route = { id: 'not-found', path: '', title: 'Page not found' };

function normalisePath(pathname: string): string {
  const path = pathname.replace(/\/index\.html$/, '/').replace(/\/+$/, '');
  return path === '' ? '/' : path;
}

export function matchRoute(pathname: string): Route {
  const path = normalisePath(pathname);
  return ROUTES.find((route) => route.path === path || (route.prefix && path.startsWith(`${route.path}/`))) ?? NOT_FOUND;
}

/** The navigation entries, in order; with a role, only those it may see. */
export function navRoutes(role: Role | null = null): Route[] {
  return NAV_ORDER.map((id) => ROUTES.find((r) => r.id === id)).filter((r): r is Route => r !== undefined && (!r.roles || (role !== null && r.roles.includes(role))));
}
