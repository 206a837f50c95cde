// GET /v1/metrics/cohorts and /v1/metrics/cohorts/customers against the hand-checked fixture
// business (test/helpers/revenue-fixture.ts), on PGlite and PostgreSQL, through app.inject.
// a: Jan, $50 → $100 on 15 Feb; b: Feb, $100/month (yearly), churned 20 Mar; c: Mar, €40
// (1.10, then 1.20 from 25 Mar); d: converted 14 Apr, $30; f: 15 Apr, $20; e's trial converts on
// 24 Apr — after "now" (15 Apr), so the ledger already holds a row that must not count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortCustomersResponse, cohortsResponse, type CohortsResponse } from '../../src/read/cohorts/contract.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { FIXTURE_NOW, storeFixture } from '../helpers/revenue-fixture.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { createSource } from '../../src/store/sources-repo.js';

describe.each(BACKENDS)('cohorts API (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let headers: Record<string, string>;
  const raw = (path: string) => t.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers });
  const get = async (path: string): Promise<CohortsResponse> => {
    const response = await raw(path);
    expect(response.statusCode, response.body).toBe(200);
    return cohortsResponse.parse(response.json());
  };
  const cell = async (path: string) => {
    const response = await raw(path);
    expect(response.statusCode, response.body).toBe(200);
    return cohortCustomersResponse.parse(response.json());
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    ws = await ensureWorkspace(db.store.db, { slug: 'fixture', name: 'Fixture' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_fixture' });
    await storeFixture(db.store, ws.id, source.id);
    await t.worker.drain();
    headers = (await apiKeyCaller(t, ws.id, 'viewer')).headers;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('logo retention: M0 is 100%, later ages at month ends, a trial converting next week not counted', async () => {
    const logo = await get('/v1/metrics/cohorts?kind=logo&maxAge=3');
    expect(logo).toMatchObject({ kind: 'logo', currency: 'usd', day: '2024-04-15', from: '2024-01', to: '2024-04', maxAge: 3, minAverageCohorts: 3 });
    expect(logo.cohorts.map((c) => [c.cohort, c.customers, c.retention, c.values])).toEqual([
      ['2024-01', 1, [1, 1, 1, 1], [1, 1, 1, 1]],
      ['2024-02', 1, [1, 0, 0, null], [1, 0, 0, null]],
      ['2024-03', 1, [1, 1, null, null], [1, 1, null, null]],
      ['2024-04', 2, [1, null, null, null], [2, null, null, null]], // d and f; not e (24 Apr)
    ]);
    expect(logo.average).toEqual([
      { age: 0, retention: 1, cohorts: 4, fewCohorts: false },
      { age: 1, retention: 2 / 3, cohorts: 3, fewCohorts: false },
      { age: 2, retention: 1 / 2, cohorts: 2, fewCohorts: true },
      { age: 3, retention: 1, cohorts: 1, fewCohorts: true },
    ]);
  });

  it('revenue retention: the start is the members’ new MRR; the average is weighted by it', async () => {
    const revenue = await get('/v1/metrics/cohorts?kind=revenue&maxAge=3');
    expect(revenue.cohorts.map((c) => [c.cohort, c.startMrr, c.values])).toEqual([
      ['2024-01', 5000, [5000, 10_000, 10_000, 10_000]],
      ['2024-02', 10_000, [10_000, 0, 0, null]],
      ['2024-03', 4800, [4800, 4800, null, null]], // €40 at 1.20 (31 Mar), then at 15 Apr
      ['2024-04', 5000, [5000, null, null, null]],
    ]);
    expect(revenue.cohorts[0]!.retention).toEqual([1, 2, 2, 2]);
    expect(revenue.average[1]!.retention).toBeCloseTo((10_000 + 0 + 4800) / (5000 + 10_000 + 4800), 12);
    expect(revenue.average[2]!.retention).toBeCloseTo(10_000 / 15_000, 12);
  });

  it('shows exactly the months asked for, never after the as-of month, empty months included', async () => {
    const span = await get('/v1/metrics/cohorts?from=2023-11&to=2024-06&maxAge=2');
    expect(span.cohorts.map((c) => [c.cohort, c.customers])).toEqual([['2023-11', 0], ['2023-12', 0], ['2024-01', 1], ['2024-02', 1], ['2024-03', 1], ['2024-04', 2]]);
    expect(span.to).toBe('2024-04');
    expect(span.cohorts[0]).toEqual({ cohort: '2023-11', customers: 0, startMrr: 0, retention: [null, null, null], values: [0, 0, 0] });
    expect(span.average[0]!.cohorts).toBe(4); // empty months average nothing
  });

  it('reads as of an earlier instant: nothing dated after its day counts', async () => {
    const early = await get('/v1/metrics/cohorts?kind=revenue&maxAge=2&asOf=2024-03-10T23:00:00Z');
    expect(early.day).toBe('2024-03-10');
    expect(early.cohorts.map((c) => [c.cohort, c.startMrr, c.values])).toEqual([
      ['2024-01', 5000, [5000, 10_000, 10_000]],
      ['2024-02', 10_000, [10_000, 10_000, null]], // b's churn (20 Mar) has not happened yet
      ['2024-03', 4400, [4400, null, null]], // €40 at 1.10 on 10 Mar
    ]);
  });

  it('lists the customers behind a cell, summing to it', async () => {
    const start = await cell('/v1/metrics/cohorts/customers?kind=revenue&cohort=2024-04&age=0');
    expect(start).toMatchObject({ cohort: '2024-04', age: 0, measuredOn: '2024-04-15', value: 5000 });
    expect(start.customers.map((c) => [c.customerId, c.paying, c.mrr])).toEqual([['cus_d', true, 3000], ['cus_f', true, 2000]]);
    expect(start.customers[1]!.name).toBe('Frida Fisher');
    const churned = await cell('/v1/metrics/cohorts/customers?kind=logo&cohort=2024-02&age=1');
    expect(churned).toMatchObject({ measuredOn: '2024-03-31', value: 0, customers: [{ customerId: 'cus_b', paying: false, mrr: 0 }] });
    const later = await cell('/v1/metrics/cohorts/customers?kind=logo&cohort=2024-03&age=2');
    expect(later).toMatchObject({ measuredOn: null, value: null });

    for (const kind of ['logo', 'revenue'] as const) {
      const table = await get(`/v1/metrics/cohorts?kind=${kind}&maxAge=3`);
      for (const row of table.cohorts) {
        for (const [age, value] of row.values.entries()) {
          if (value === null) continue;
          const members = await cell(`/v1/metrics/cohorts/customers?kind=${kind}&cohort=${row.cohort}&age=${age}`);
          expect(members.value, `${kind} ${row.cohort} M${age}`).toBe(value);
          expect(members.customers).toHaveLength(row.customers);
          const sum = kind === 'logo' ? members.customers.filter((c) => c.paying).length : members.customers.reduce((s, c) => s + c.mrr, 0);
          expect(sum, `${kind} ${row.cohort} M${age}`).toBe(value);
        }
      }
    }
  });

  it('names the field of a bad parameter', async () => {
    const cases: [string, string][] = [
      ['/v1/metrics/cohorts?kind=ltv', 'kind:'],
      ['/v1/metrics/cohorts?from=2024-05&to=2024-01', 'from: must not be after to'],
      ['/v1/metrics/cohorts?from=2024-13', 'from: must be YYYY-MM'],
      ['/v1/metrics/cohorts?asOf=yesterday', 'asOf:'],
      ['/v1/metrics/cohorts/customers?age=1', 'cohort:'],
      ['/v1/metrics/cohorts/customers?cohort=2024-01&age=-1', 'age:'],
    ];
    for (const [path, message] of cases) {
      const response = await raw(path);
      expect(response.statusCode, path).toBe(400);
      expect(response.json().error.message, path).toContain(message);
    }
  });
});
