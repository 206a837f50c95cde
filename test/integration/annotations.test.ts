// /v1/annotations: chart annotations stored per workspace, listed by day within a range, changed
// only by owners and admins (everyone who reads metrics sees them), audit-logged, and never
// visible to another workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember, type Caller } from '../helpers/auth.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';

describe.each(BACKENDS)('chart annotations (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let workspace: Workspace;
  let other: Workspace;
  let admin: Caller;
  let viewer: Caller;

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, caller: Caller, payload?: object, ws: Workspace = workspace) =>
    t.app.inject({ method, url: `${url}${url.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: caller.headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store);
    workspace = await ensureWorkspace(db.store.db, { slug: 'notes', name: 'Notes' });
    other = await ensureWorkspace(db.store.db, { slug: 'notes-other', name: 'Other' });
    admin = await signedInMember(t, [{ workspaceId: workspace.id, role: 'admin' }, { workspaceId: other.id, role: 'owner' }]);
    viewer = await signedInMember(t, [{ workspaceId: workspace.id, role: 'viewer' }]);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('adds, lists by day within a range, edits and removes an annotation', async () => {
    const launch = await call('POST', '/v1/annotations', admin, { day: '2025-03-10', title: '  Launched the Team plan ', description: 'Announced on the blog', kind: 'launch' });
    expect(launch.statusCode).toBe(201);
    const { annotation } = launch.json();
    expect(annotation).toMatchObject({ day: '2025-03-10', title: 'Launched the Team plan', description: 'Announced on the blog', kind: 'launch', createdBy: { label: expect.stringContaining('@example.com') } });
    expect(annotation.id).toMatch(/^ann_/);
    await call('POST', '/v1/annotations', admin, { day: '2025-01-05', title: 'New year campaign', kind: 'campaign' });
    await call('POST', '/v1/annotations', admin, { day: '2025-06-01', title: 'Price change' });

    const all = (await call('GET', '/v1/annotations', viewer)).json();
    expect(all.data.map((a: { title: string }) => a.title)).toEqual(['New year campaign', 'Launched the Team plan', 'Price change']);
    expect(all.data[2].kind).toBe('other');
    const spring = (await call('GET', '/v1/annotations?from=2025-02-01&to=2025-05-31', viewer)).json();
    expect(spring.data.map((a: { title: string }) => a.title)).toEqual(['Launched the Team plan']);

    const edited = await call('PUT', `/v1/annotations/${annotation.id}`, admin, { day: '2025-03-12', description: '' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().annotation).toMatchObject({ day: '2025-03-12', title: 'Launched the Team plan', description: null });

    expect((await call('DELETE', `/v1/annotations/${annotation.id}`, admin)).statusCode).toBe(204);
    expect((await call('DELETE', `/v1/annotations/${annotation.id}`, admin)).json().error.code).toBe('RVP_ANNOTATION_NOT_FOUND');
    expect((await call('PUT', `/v1/annotations/${annotation.id}`, admin, { title: 'ghost' })).json().error.code).toBe('RVP_ANNOTATION_NOT_FOUND');

    const audit = (await call('GET', '/v1/audit?q=annotation.', admin)).json();
    const actions = audit.data.map((e: { action: string }) => e.action);
    for (const action of ['annotation.created', 'annotation.updated', 'annotation.deleted']) expect(actions).toContain(action);
  });

  it('lets viewers read but not change annotations', async () => {
    const refused = await call('POST', '/v1/annotations', viewer, { day: '2025-03-10', title: 'Nope' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('RVP_FORBIDDEN');
  });

  it('validates the day, title, kind and range, naming the field', async () => {
    for (const [payload, field] of [
      [{ day: '2025-02-30', title: 'x' }, 'day'],
      [{ day: '2025-02-01', title: '   ' }, 'title'],
      [{ day: '2025-02-01', title: 'x'.repeat(81) }, 'title'],
      [{ day: '2025-02-01', title: 'x', kind: 'party' }, 'kind'],
      [{ day: '2025-02-01', title: 'x', description: 'y'.repeat(501) }, 'description'],
    ] as const) {
      const response = await call('POST', '/v1/annotations', admin, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'RVP_VALIDATION', message: expect.stringContaining(field) });
    }
    expect((await call('PUT', '/v1/annotations/ann_x', admin, {})).json().error.code).toBe('RVP_VALIDATION');
    expect((await call('GET', '/v1/annotations?from=2025-03-01&to=2025-01-01', admin)).json().error.message).toContain('from');
  });

  it('keeps each workspace\'s annotations to itself', async () => {
    const mine = (await call('POST', '/v1/annotations', admin, { day: '2025-04-01', title: 'Only here' }, other)).json().annotation;
    expect((await call('GET', '/v1/annotations', admin)).json().data.map((a: { id: string }) => a.id)).not.toContain(mine.id);
    expect((await call('DELETE', `/v1/annotations/${mine.id}`, admin)).json().error.code).toBe('RVP_ANNOTATION_NOT_FOUND');
    expect((await call('GET', '/v1/annotations', admin, undefined, other)).json().data.map((a: { id: string }) => a.id)).toEqual([mine.id]);
  });
});
