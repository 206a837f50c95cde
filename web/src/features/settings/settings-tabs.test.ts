import { describe, expect, it } from 'vitest';
import { grantableKeyRoles, grantableRoles, mayManageSources, settingsTabAt, settingsTabs } from './settings-tabs.js';

describe('settingsTabs', () => {
  it('shows the administration tabs to owners and admins only, the sources to every member', () => {
    const all = ['team', 'workspace', 'sources', 'api-keys', 'success', 'plan-limits', 'alert-rules', 'accounts', 'webhooks', 'sso', 'backups', 'audit', 'security', 'account'];
    expect(settingsTabs('owner').map((t) => t.id)).toEqual(all);
    expect(settingsTabs('admin').map((t) => t.id)).toEqual(all);
    for (const role of ['analyst', 'viewer', 'billing'] as const) expect(settingsTabs(role).map((t) => t.id)).toEqual(['account', 'sources']);
    expect(settingsTabs(null).map((t) => t.id)).toEqual(['account']);
    expect(['owner', 'admin', 'billing'].map((r) => mayManageSources(r as 'owner'))).toEqual([true, true, true]);
    expect(mayManageSources('analyst') || mayManageSources('viewer')).toBe(false);
  });

  it.each([
    ['/settings/audit', 'admin', 'audit'],
    ['/settings/audit/', 'admin', 'audit'],
    ['/settings', 'admin', 'team'],
    ['/settings/audit', 'viewer', 'account'],
    ['/settings/workspace', 'owner', 'workspace'],
    ['/settings/sources', 'billing', 'sources'],
    ['/settings/nope', 'owner', 'team'],
    ['/settings/success', 'admin', 'success'],
    ['/settings/alert-rules', 'analyst', 'account'],
    ['/settings/plan-limits', 'viewer', 'account'],
  ] as const)('%s as %s → %s', (path, role, id) => {
    expect(settingsTabAt(path, role).id).toBe(id);
  });
});

describe('grantableRoles', () => {
  it('lets only owners make owners', () => {
    expect(grantableRoles('owner')).toContain('owner');
    expect(grantableRoles('admin')).not.toContain('owner');
    expect(grantableRoles('viewer')).toEqual([]);
  });

  it('offers the ingest key role to those who may grant admin', () => {
    expect(grantableKeyRoles('owner')).toEqual(['admin', 'analyst', 'viewer', 'billing', 'ingest']);
    expect(grantableKeyRoles('admin')).toContain('ingest');
    expect(grantableKeyRoles('analyst')).toEqual([]);
  });
});
