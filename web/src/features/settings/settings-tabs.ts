// The Settings area: which tabs a role sees (the server decides what each call may do; this only
// avoids showing screens that would answer 403), and what each role may hand out.
import type { Role } from '../auth/session.js';

export type SettingsTab = { id: 'team' | 'workspace' | 'sources' | 'api-keys' | 'audit' | 'security' | 'account'; path: string; title: string };

const ADMIN_TABS: readonly SettingsTab[] = [
  { id: 'team', path: '/settings/team', title: 'Team' },
  { id: 'workspace', path: '/settings/workspace', title: 'Workspace' },
  { id: 'sources', path: '/settings/sources', title: 'Sources' },
  { id: 'api-keys', path: '/settings/api-keys', title: 'API keys' },
  { id: 'audit', path: '/settings/audit', title: 'Audit log' },
  { id: 'security', path: '/settings/security', title: 'Security events' },
];
const ACCOUNT_TAB: SettingsTab = { id: 'account', path: '/settings/account', title: 'Account' };
const SOURCES_TAB = ADMIN_TABS.find((t) => t.id === 'sources')!;

/** Owners and admins see everything; every other role may read the sources (sources:read). */
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

export const KEY_ROLES: readonly Role[] = ['admin', 'analyst', 'viewer', 'billing'];

export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  owner: 'everything, including owners',
  admin: 'everything except owners',
  analyst: 'read and export',
  viewer: 'read only',
  billing: 'payments, invoices and sources',
};
