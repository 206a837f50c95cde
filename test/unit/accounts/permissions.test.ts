import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_KEY_ROLES, can, livePermission, MATRIX, mayGrant, PERSON_ONLY, ROLES, type Permission } from '../../../src/accounts/permissions.js';

const PERMISSIONS = [...new Set(Object.values(MATRIX).flatMap((set) => [...set]))].sort() as Permission[];

describe('the permission matrix', () => {
  it.each([
    ['viewer', 'metrics:read', true],
    ['viewer', 'exports:create', false],
    ['analyst', 'exports:create', true],
    ['analyst', 'team:manage', false],
    ['billing', 'payments:read', true],
    ['billing', 'sources:write', true],
    ['billing', 'metrics:read', false],
    ['admin', 'audit:read', true],
    ['owner', 'keys:manage', true],
  ] as const)('%s may %s: %s', (role, permission, expected) => {
    expect(can(role, permission)).toBe(expected);
  });

  it('gives owners everything any role has', () => {
    for (const permission of PERMISSIONS) expect(can('owner', permission), permission).toBe(true);
  });

  it('never lets a key manage people, keys, settings or outgoing webhooks, and has no owner keys', () => {
    expect([...PERSON_ONLY].sort()).toEqual(['keys:manage', 'settings:write', 'team:manage', 'webhooks:manage']);
    expect(API_KEY_ROLES).not.toContain('owner');
  });

  it.each([
    ['owner', 'owner', true],
    ['owner', 'admin', true],
    ['admin', 'owner', false],
    ['admin', 'admin', true],
    ['admin', 'viewer', true],
    ['analyst', 'viewer', false],
  ] as const)('%s may grant %s: %s', (actor, role, expected) => {
    expect(mayGrant(actor, role)).toBe(expected);
  });

  it('delivers only listed live message types', () => {
    expect(livePermission('mrr_updated')).toBe('metrics:read');
    expect(livePermission('anything_else')).toBeNull();
    expect(livePermission('constructor')).toBeNull();
  });

  it('is printed in docs/security.md exactly', () => {
    const doc = readFileSync(new URL('../../../docs/security.md', import.meta.url), 'utf8');
    const header = /^\| permission \|(.+)\|$/m.exec(doc);
    expect(header, 'docs/security.md has a "| permission | owner | … |" table').not.toBeNull();
    const roles = header![1]!.split('|').map((c) => c.trim());
    expect(roles).toEqual([...ROLES, 'API key']);
    for (const permission of PERMISSIONS) {
      const row = new RegExp(`^\\| \`${permission}\` \\|(.+)\\|$`, 'm').exec(doc);
      expect(row, permission).not.toBeNull();
      const cells = row![1]!.split('|').map((c) => c.trim());
      for (const [i, role] of ROLES.entries()) expect(cells[i], `${permission} × ${role}`).toBe(can(role, permission) ? 'yes' : '—');
      expect(cells[ROLES.length], `${permission} × API key`).toBe(PERSON_ONLY.has(permission) ? 'never' : 'by role');
    }
  });
});
