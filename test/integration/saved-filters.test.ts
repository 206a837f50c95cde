// /v1/saved-filters: the customers table's presets, stored per workspace, validated like the
// customers list's parameters, unique by name (ignoring case), and never visible to another
// workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller, signedInMember, type Caller } from '../helpers/auth.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { MAX_SAVED_FILTERS } from '../../src/api/routes/saved-filters.js';

describe.each(BACKENDS)('saved filter presets (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let workspace: Workspace;
  let other: Workspace;
  let analyst: Caller;
  let viewer: Caller;

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, caller: Caller, payload?: object, ws: Workspace = workspace) =>
    t.app.inject({ method, url: `${url}${url.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: caller.headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store);
    workspace = await ensureWorkspace(db.store.db, { slug: 'presets', name: 'Presets' });
    other = await ensureWorkspace(db.store.db, { slug: 'presets-other', name: 'Other' });
    analyst = await signedInMember(t, [{ workspaceId: workspace.id, role: 'analyst' }, { workspaceId: other.id, role: 'owner' }]);
    viewer = await signedInMember(t, [{ workspaceId: workspace.id, role: 'viewer' }]);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('saves, lists by name, renames, replaces the filters of and deletes a preset', async () => {
    const filters = { q: 'acme', status: ['active', 'past_due'], plan: 'prod_pro', currency: 'EUR', country: 'de', mrrMin: 10_000, mrrMax: 90_000, signupFrom: '2025-01-01', signupTo: '2025-06-30', sort: 'name' };
    const created = await call('POST', '/v1/saved-filters', analyst, { name: '  Big EU customers ', filters });
    expect(created.statusCode).toBe(201);
    const { filter } = created.json();
    // Stored as the customers list takes them: currency lower-case, country upper-case, name trimmed.
    expect(filter).toMatchObject({ scope: 'customers', name: 'Big EU customers', filters: { ...filters, currency: 'eur', country: 'DE' }, createdBy: { label: expect.stringContaining('@example.com') } });
    expect(filter.id).toMatch(/^flt_/);
    expect(Date.parse(filter.createdAt)).not.toBeNaN();

    expect((await call('POST', '/v1/saved-filters', viewer, { name: 'Any churned', filters: { status: ['churned'] } })).statusCode).toBe(201);
    const list = (await call('GET', '/v1/saved-filters?scope=customers', viewer)).json();
    expect(list.data.map((f: { name: string }) => f.name)).toEqual(['Any churned', 'Big EU customers']);

    const renamed = await call('PUT', `/v1/saved-filters/${filter.id}`, viewer, { name: 'EU, large' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().filter).toMatchObject({ name: 'EU, large', filters: filter.filters });
    const replaced = await call('PUT', `/v1/saved-filters/${filter.id}`, analyst, { filters: { sort: '-signup' } });
    expect(replaced.json().filter).toMatchObject({ name: 'EU, large', filters: { sort: '-signup' } });

    expect((await call('DELETE', `/v1/saved-filters/${filter.id}`, analyst)).statusCode).toBe(204);
    expect((await call('DELETE', `/v1/saved-filters/${filter.id}`, analyst)).json().error.code).toBe('RVP_SAVED_FILTER_NOT_FOUND');
    expect((await call('PUT', `/v1/saved-filters/${filter.id}`, analyst, { name: 'ghost' })).json().error.code).toBe('RVP_SAVED_FILTER_NOT_FOUND');
  });

  it('refuses a second preset with the same name, ignoring case, on create and on rename', async () => {
    const first = await call('POST', '/v1/saved-filters', analyst, { name: 'Trials', filters: { status: ['trialing'] } });
    expect(first.statusCode).toBe(201);
    const again = await call('POST', '/v1/saved-filters', analyst, { name: 'TRIALS', filters: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'RVP_SAVED_FILTER_EXISTS', message: expect.stringContaining('TRIALS') });
    const second = (await call('POST', '/v1/saved-filters', analyst, { name: 'Trials 2', filters: {} })).json().filter;
    expect((await call('PUT', `/v1/saved-filters/${second.id}`, analyst, { name: 'trials' })).statusCode).toBe(409);
    // The same name is free in another workspace.
    expect((await call('POST', '/v1/saved-filters', analyst, { name: 'Trials', filters: {} }, other)).statusCode).toBe(201);
  });

  it.each([
    [{ name: '', filters: {} }, 'name'],
    [{ name: 'x'.repeat(81), filters: {} }, 'name'],
    [{ name: 'Unknown key', filters: { colour: 'red' } }, 'colour'],
    [{ name: 'Bad status', filters: { status: ['gone'] } }, 'status'],
    [{ name: 'Bad range', filters: { mrrMin: 500, mrrMax: 100 } }, 'mrrMin'],
    [{ name: 'Bad day', filters: { signupFrom: '2025-02-30' } }, 'signupFrom'],
    [{ name: 'Bad dates', filters: { signupFrom: '2025-03-01', signupTo: '2025-02-01' } }, 'signupFrom'],
    [{ name: 'Bad sort', filters: { sort: 'email' } }, 'sort'],
    [{ name: 'Bad currency', filters: { currency: 'euro' } }, 'currency'],
    [{ name: 'NUL', filters: { q: 'a\u0000b' } }, 'q'],
  ])('refuses %j, naming %s', async (body, field) => {
    const response = await call('POST', '/v1/saved-filters', analyst, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'RVP_VALIDATION', message: expect.stringContaining(field) });
  });

  it('keeps presets to their workspace: another workspace neither lists nor changes them', async () => {
    const mine = (await call('POST', '/v1/saved-filters', analyst, { name: 'Private to presets', filters: {} })).json().filter;
    const theirs = (await call('GET', '/v1/saved-filters', analyst, undefined, other)).json().data;
    expect(theirs.map((f: { id: string }) => f.id)).not.toContain(mine.id);
    expect((await call('DELETE', `/v1/saved-filters/${mine.id}`, analyst, undefined, other)).statusCode).toBe(404);
    expect((await call('PUT', `/v1/saved-filters/${mine.id}`, analyst, { name: 'stolen' }, other)).statusCode).toBe(404);
    const still = (await call('GET', '/v1/saved-filters', analyst)).json().data;
    expect(still.map((f: { name: string }) => f.name)).toContain('Private to presets');
  });

  it('records an API key as the author by its name, and stops at the limit', async () => {
    const key = await apiKeyCaller(t, other.id, 'analyst');
    const saved = await t.app.inject({ method: 'POST', url: '/v1/saved-filters', headers: key.headers, payload: { name: 'From a script', filters: {} } });
    expect(saved.statusCode).toBe(201);
    expect(saved.json().filter.createdBy).toEqual({ userId: null, label: 'test analyst' });

    const existing = (await call('GET', '/v1/saved-filters', analyst, undefined, other)).json().data.length;
    for (let i = existing; i < MAX_SAVED_FILTERS; i++) {
      expect((await call('POST', '/v1/saved-filters', analyst, { name: `Preset ${i}`, filters: {} }, other)).statusCode).toBe(201);
    }
    const over = await call('POST', '/v1/saved-filters', analyst, { name: 'One too many', filters: {} }, other);
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('RVP_SAVED_FILTER_LIMIT');
  });
});
