import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember } from '../helpers/auth.js';
import { ERRORS } from '../../src/errors.js';

describe.each(BACKENDS)('health, readiness and errors (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('/healthz says the process is up and /readyz that the database is migrated', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: backend });
  });

  it('answers unknown routes with the one error shape', async () => {
    const response = await t.app.inject('/v1/nope');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'RVP_NOT_FOUND', message: 'No route for GET /v1/nope' } });
  });

  it('names the bad parameter and never leaks a stack', async () => {
    const { headers } = await signedInMember(t, []);
    const missing = await t.app.inject({ url: '/v1/metrics/summary', headers });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('RVP_VALIDATION');
    expect(missing.json().error.message).toMatch(/^workspace:/);
    const unknown = await t.app.inject({ url: '/v1/metrics/summary?workspace=ws_nope', headers });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: { code: 'RVP_WORKSPACE_NOT_FOUND', message: 'No workspace with id ws_nope.' } });
    expect(JSON.stringify(unknown.json())).not.toMatch(/at .*\.ts/);
  });

  it('limits webhook bodies', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/webhooks/stripe/src_x', payload: 'x'.repeat(1024 * 1024 + 10), headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('RVP_PAYLOAD_TOO_LARGE');
  });
});

describe('error registry', () => {
  it('is documented code by code in docs/api.md', () => {
    const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    for (const [code, { status }] of Object.entries(ERRORS)) {
      expect(doc, code).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${status}\\s*\\|`));
    }
  });
});
