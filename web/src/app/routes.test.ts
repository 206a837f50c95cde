import { describe, expect, it } from 'vitest';
import { matchRoute, navRoutes, ROUTES } from './routes.js';

describe('matchRoute', () => {
  it.each([
    ['/', 'executive'],
    ['', 'executive'],
    ['/index.html', 'executive'],
    ['//', 'executive'],
    ['/operations', 'operations'],
    ['/operations/', 'operations'],
    ['/v1/metrics', 'not-found'],
    ['/login', 'login'],
    ['/settings', 'settings'],
    ['/settings/team', 'settings'],
    ['/settingsx', 'not-found'],
    ['/accept-invite', 'accept-invite'],
  ])('%j → %s', (path, id) => {
    expect(matchRoute(path).id).toBe(id);
  });

  it('lists the navigation in order, with a loader for every signed-in screen', () => {
    const nav = navRoutes().map((r) => r.id);
    expect(nav.slice(0, 2)).toEqual(['executive', 'operations']);
    expect(nav.at(-1)).toBe('settings');
    for (const route of ROUTES.filter((r) => !r.public)) expect(route.load, route.id).toBeTypeOf('function');
  });
});

describe('navRoutes by role', () => {
  it('shows Compliance to owners and admins only', () => {
    expect(navRoutes('owner').map((r) => r.id)).toContain('compliance');
    expect(navRoutes('admin').map((r) => r.id)).toContain('compliance');
    expect(navRoutes('viewer').map((r) => r.id)).not.toContain('compliance');
    expect(navRoutes().map((r) => r.id)).not.toContain('compliance');
    expect(navRoutes('owner').slice(-2).map((r) => r.id)).toEqual(['compliance', 'settings']);
  });
});
