// The Settings area: which tabs a role sees (the server decides what each call may do; this only
// avoids showing screens that would answer 403), and what each role may hand out.
import type { Role } from '../auth/session.js';

export type SettingsTab = {
  id: 'team' | 'workspace' | 'sources' | 'api-keys' | 'success' | 'plan-limits' | 'alert-rules' | 'accounts' | 'webhooks' | 'sso' | 'backups' | 'audit' | 'security' | 'account';
  path: string;
  title: string;
};

const ADMIN_TABS: readonly SettingsTab[] = [
  { id: 'team', path: '/settings/team', title: 'Team' },
  { id: 'workspace', path: '/settings/workspace', title: 'Workspace' },
  { id: 'sources', path: '/settings/sources', title: 'Sources' },
  { id: 'api-keys', path: '/settings/api-keys', title: 'API keys' },
  { id: 'success', path: '/settings/success', title: 'Customer success' },
  { id: 'plan-limits', path: '/settings/plan-limits', title: 'Plan limits' },
  { id: 'alert-rules', path: '/settings/alert-rules', title: 'Alert rules' },
  { id: 'accounts', path: '/settings/accounts', title: 'Unmatched accounts' },
  { id: 'webhooks', path: '/settings/webhooks', title: 'Webhooks' },
  { id: 'sso', path: '/settings/sso', title: 'Single sign-on' },
  { id: 'backups', path: '/settings/backups', title: 'Backups' },
  { id: 'audit', path: '/settings/audit', title: 'Audit log' },
  { id: 'security', path: '/settings/security', title: 'Security events' },
];
const ACCOUNT_TAB: SettingsTab = { id: 'account', path: '/settings/account', title: 'Account' };
const SOURCES_TAB = ADMIN_TABS.find((t) => t.id === 'sources')!;

/** Owners and admins see everything (alert rules and the customer-success settings are
 *  settings:write); every other role may read the sources (sources:read). */
export function settingsTabs(role: Role | null): readonly SettingsTab[] {
  if (role === 'owner' || role === 'admin') return [...ADMIN_TABS, ACCOUNT_TAB];
  return role ? [ACCOUNT_TAB, SOURCES_TAB] : [ACCOUNT_TAB];
}

/** Adding and removing sources (sources:write) and syncing them (sources:sync), as the matrix says. */
export function mayManageSources(role: Role | null): boolean {
  return role === 'owner' || role === 'admin' || role === 'billing';
}

/** The tab at this path, or the first one the role has (for /settings and tabs it lacks). */
export function settingsTabAt(pathname: string, role: Role | null): SettingsTab {
  const tabs = settingsTabs(role);
  return tabs.find((t) => t.path === pathname.replace(/\/+$/, '')) ?? tabs[0]!;
}

/** Roles this role may give a member (only owners make owners) — mirrors the server's rule. */
export function grantableRoles(actor: Role): Role[] {
  if (actor === 'owner') return ['owner', 'admin', 'analyst', 'viewer', 'billing'];
  if (actor === 'admin') return ['admin', 'analyst', 'viewer', 'billing'];
  return [];
}

/** An API key's role: a member's role, or `ingest` (a write key that can only send signals). */
export type KeyRole = Role | 'ingest';

export const KEY_ROLES: readonly KeyRole[] = ['admin', 'analyst', 'viewer', 'billing', 'ingest'];

export const ROLE_DESCRIPTIONS: Readonly<Record<KeyRole, string>> = {
  owner: 'everything, including owners',
  admin: 'everything except owners',
  analyst: 'read and export',
  viewer: 'read only',
  billing: 'payments, invoices and sources',
  ingest: 'write key for the tracking API — can only send signals',
};

/** Key roles this role may hand out: the member roles it may grant, and `ingest` for whoever may
 *  grant admin (it opens nothing, but it writes into the workspace). */
export function grantableKeyRoles(actor: Role): KeyRole[] {
  const roles = grantableRoles(actor);
  return KEY_ROLES.filter((r) => (r === 'ingest' ? roles.includes('admin') : roles.includes(r)));
}
