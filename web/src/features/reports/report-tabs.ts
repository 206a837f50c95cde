// The Reports screen's tabs, each at its own address under /reports: the reports themselves
// (everyone who reads figures), and schedules, the delivery log and custom reports (reports:manage).
import type { Role } from '../auth/session.js';

export type ReportsTab = { id: 'reports' | 'schedules' | 'deliveries' | 'custom'; path: string; title: string; manage: boolean };

export const REPORTS_TABS: readonly ReportsTab[] = [
  { id: 'reports', path: '/reports', title: 'Reports', manage: false },
  { id: 'schedules', path: '/reports/schedules', title: 'Schedules', manage: true },
  { id: 'deliveries', path: '/reports/deliveries', title: 'Delivery log', manage: true },
  { id: 'custom', path: '/reports/custom', title: 'Custom reports', manage: true },
];

/** Roles with reports:manage (src/accounts/permissions.ts): schedules, sending, custom reports. */
export const mayManageReports = (role: Role) => role === 'owner' || role === 'admin' || role === 'analyst';

/** Roles that read figures (metrics:read): every role but billing. */
export const mayReadReports = (role: Role) => role !== 'billing';

/** The tab at `pathname` (an unknown sub-path shows the reports). */
export function reportsTabAt(pathname: string): ReportsTab {
  const path = pathname.replace(/\/+$/, '');
  return REPORTS_TABS.find((t) => t.path === path) ?? REPORTS_TABS[0]!;
}

/** The tabs this role sees. */
export const tabsFor = (role: Role) => REPORTS_TABS.filter((t) => !t.manage || mayManageReports(role));
