// The OpenAPI document is generated from the routes' zod schemas and served, with Swagger UI, at
// /docs — publicly (it holds no data), while every data route stays behind its permission.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { registeredRoutes } from '../../src/api/auth/authorise.js';

describe('OpenAPI at /docs', () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    t = await buildTestApp(db.store);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('serves Swagger UI and the JSON document without authentication', async () => {
    const page = await t.app.inject('/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const spec = (await t.app.inject('/docs/json')).json();
    expect(spec.openapi).toBe('3.1.0');
    const docsRoutes = registeredRoutes(t.app).filter((r) => r.url.startsWith('/docs'));
    expect(docsRoutes.length).toBeGreaterThan(2);
    expect(docsRoutes.every((r) => r.access === 'public')).toBe(true);
  });

  it('documents every metrics route with its parameters and response, from the zod schemas', async () => {
    const spec = (await t.app.inject('/docs/json')).json();
    for (const path of ['/v1/metrics/summary', '/v1/metrics/monthly', '/v1/metrics/series', '/v1/metrics/movements', '/v1/metrics/by-plan', '/v1/metrics/by-currency',
      '/v1/metrics/cohorts', '/v1/metrics/churn', '/v1/metrics/ltv', '/v1/metrics/forecast', '/v1/metrics/trials', '/v1/payments/health', '/v1/customers',
      '/v1/customers/{id}', '/v1/explain', '/v1/settings/mrr-target']) {
      expect(spec.paths[path], path).toBeDefined();
    }
    const series = spec.paths['/v1/metrics/series'].get;
    const metric = series.parameters.find((p: { name: string }) => p.name === 'metric');
    expect(metric).toMatchObject({ in: 'query', required: true });
    expect(metric.schema.enum).toContain('net_new_mrr');
    expect(series.responses['200'].content['application/json'].schema.properties.points).toBeDefined();
    expect(spec.paths['/v1/customers/{id}'].get.parameters.find((p: { name: string }) => p.name === 'id')).toMatchObject({ in: 'path', required: true });
  });

  it('keeps data routes behind their permission', async () => {
    expect((await t.app.inject('/v1/metrics/series?metric=mrr')).statusCode).toBe(401);
    const mine = registeredRoutes(t.app).filter((r) => /^\/v1\/(metrics|customers|payments|explain|settings)/.test(r.url));
    expect(mine.length).toBeGreaterThanOrEqual(16);
    expect(mine.every((r) => r.access !== 'public')).toBe(true);
  });
});
