// THE permission matrix: which role may do what in a workspace. Every route names one permission
// (src/api/route-access.ts), the authorisation hook (src/api/auth/authorise.ts) checks it here,
// the live feed checks every message here, the accounts work checks who may grant which role,
// and docs/security.md prints this table. Nothing else decides.
import type { ApiKeyRole, GrantRole, Role } from '../store/schema-accounts.js';

export type { ApiKeyRole, GrantRole, Role };

/** What a route (or a live message) requires; the matrix below says which role grants it. */
export type Permission =
  | 'workspaces:read'
  | 'metrics:read'
  | 'customers:read'
  | 'exports:create'
  | 'sources:read'
  | 'sources:write'
  | 'sources:sync'
  | 'payments:read'
  | 'invoices:read'
  | 'settings:write'
  | 'team:manage'
  | 'keys:manage'
  | 'audit:read'
  | 'security:read'
  | 'signals:write'
  | 'success:read'
  | 'alerts:manage'
  | 'reports:manage'
  | 'compliance:manage'
  | 'webhooks:manage';

export const ROLES = ['owner', 'admin', 'analyst', 'viewer', 'billing'] as const satisfies readonly Role[];
export const API_KEY_ROLES = ['admin', 'analyst', 'viewer', 'billing', 'ingest'] as const satisfies readonly ApiKeyRole[];

const READ: readonly Permission[] = ['workspaces:read', 'metrics:read', 'customers:read', 'payments:read', 'invoices:read', 'sources:read', 'success:read'];
const ADMIN: readonly Permission[] = [
  ...READ,
  'exports:create',
  'sources:write',
  'sources:sync',
  'settings:write',
  'team:manage',
  'keys:manage',
  'audit:read',
  'security:read',
  'signals:write',
  'alerts:manage',
  'reports:manage',
  'compliance:manage',
  'webhooks:manage',
];

export const MATRIX: Readonly<Record<GrantRole, ReadonlySet<Permission>>> = {
  owner: new Set(ADMIN),
  admin: new Set(ADMIN),
  analyst: new Set([...READ, 'exports:create', 'alerts:manage', 'reports:manage']),
  viewer: new Set(READ),
  billing: new Set(['workspaces:read', 'payments:read', 'invoices:read', 'sources:read', 'sources:write', 'sources:sync']),
  // Sends product usage, support tickets and survey responses; reads nothing (a write key lives in
  // the customer's product, so it must not open the workspace's figures).
  ingest: new Set(['signals:write']),
};

/** Administering people and keys needs a signed-in person: an API key never can, whatever its role. */
export const PERSON_ONLY: ReadonlySet<Permission> = new Set(['team:manage', 'keys:manage', 'settings:write', 'webhooks:manage']);

/** Permissions that name no workspace: the route itself lists only what the caller's roles allow. */
export const UNSCOPED: ReadonlySet<Permission> = new Set(['workspaces:read']);

/** Roles whose holders must use a second factor where the workspace requires it for admins. */
export const ADMIN_ROLES: ReadonlySet<GrantRole> = new Set(['owner', 'admin']);

/** Each live message type and the permission a client needs to receive it. A type that is not
 *  listed is never delivered (deny by default): add new types here. */
export const LIVE_MESSAGE_PERMISSIONS: Readonly<Record<string, Permission>> = {
  mrr_updated: 'metrics:read',
  subscription_changed: 'metrics:read',
  new_signup: 'customers:read',
  churn_alert: 'customers:read',
  payment_received: 'payments:read',
  payment_failed: 'payments:read',
  sync_status: 'sources:read',
  alert_opened: 'success:read',
  alert_updated: 'success:read',
};

export function can(role: GrantRole, permission: Permission): boolean {
  return MATRIX[role].has(permission);
}

export function livePermission(type: string): Permission | null {
  return Object.hasOwn(LIVE_MESSAGE_PERMISSIONS, type) ? LIVE_MESSAGE_PERMISSIONS[type]! : null;
}

/** Who may hand out a role: only an owner makes owners; admins grant the rest. */
export function mayGrant(actor: GrantRole, role: GrantRole): boolean {
  if (!ADMIN_ROLES.has(actor)) return false;
  return role !== 'owner' || actor === 'owner';
}

