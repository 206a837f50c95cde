// Churn risk on the hand-computed revenue fixture: the daily scores (one row per paying customer,
// idempotent), training while history is short (the rules stay), the risk and model routes
// (live score = stored score, clear errors, tenant isolation) and a stored logistic model scoring
// only the days after it was trained.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnFeatures } from '../../src/core/churn-features.js';
import { scoreLogistic, trainLogistic } from '../../src/core/churn-model.js';
import { MIN_CHURNED_FOR_MODEL } from '../../src/core/churn-rules.js';
import { payingSignals } from '../../src/jobs/churn-training.js';
import { createChurnModelJob, scoreCustomers, trainChurnModel } from '../../src/jobs/churn-model.js';
import { createLogger } from '../../src/logger.js';
import type { ChurnModelResponse, CustomerRiskResponse } from '../../src/read/risk/contract.js';
import { activeChurnModel, riskScoresOn, saveChurnModel } from '../../src/store/risk-repo.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import type { SuccessJobDeps } from '../../src/jobs/background-job.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FIXTURE_NOW, storeFixture } from '../helpers/revenue-fixture.js';

const TODAY = '2024-04-15';
type ErrorBody = { error: { code: string; message: string } };

describe.each(BACKENDS)('churn risk (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let a: Workspace;
  let b: Workspace;
  let viewerA: Record<string, string>;
  let viewerB: Record<string, string>;

  const get = async <T>(path: string, ws: Workspace = a, headers = viewerA) => {
    const response = await t.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers });
    return { status: response.statusCode, body: response.json() as T };
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    a = await ensureWorkspace(db.store.db, { slug: 'risk-a', name: 'A' });
    b = await ensureWorkspace(db.store.db, { slug: 'risk-b', name: 'B' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: a.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_risk' });
    await storeFixture(db.store, a.id, source.id);
    await t.worker.drain();
    // cus_a's product usage fell by two thirds and it uses 1 of its plan's 10 seats: the rules name both.
    await db.store.db.insertInto('cs_accounts').values({ workspace_id: a.id, account_id: 'acc_a', customer_id: 'cus_a', link_rule: 'manual', first_seen_at: '2024-01-15T00:00:00Z', last_seen_at: '2024-04-15T00:00:00Z' }).execute();
    for (const [day, events] of [['2024-04-10', 20], ['2024-03-05', 60]] as const) {
      await db.store.db.insertInto('usage_daily').values({ workspace_id: a.id, account_id: 'acc_a', day, event: 'Report Created', events, quantity: events, users: 1 }).execute();
      await db.store.db.insertInto('user_activity_daily').values({ workspace_id: a.id, account_id: 'acc_a', user_id: 'u1', day, events }).execute();
    }
    await db.store.db.insertInto('plan_limits').values({ workspace_id: a.id, plan_id: 'prod_basic', metric: '$seats', limit_value: 10 }).execute();
    viewerA = (await apiKeyCaller(t, a.id, 'viewer')).headers;
    viewerB = (await apiKeyCaller(t, b.id, 'viewer')).headers;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('before any training the built-in rules answer GET /v1/success/model', async () => {
    const { status, body } = await get<ChurnModelResponse>('/v1/success/model');
    expect(status).toBe(200);
    expect(body.model).toMatchObject({ id: 'rules', kind: 'rules', trainedAt: null, rows: 0, evaluation: null });
    expect(body.model.features.length).toBeGreaterThan(5);
    expect(body.minChurnedCustomers).toBe(MIN_CHURNED_FOR_MODEL);
  });

  it('scores one row per paying customer for the day, and a second run leaves the same rows', async () => {
    const paying = (await payingSignals(db.store.db, a.id, TODAY)).map((s) => s.customerId);
    expect(paying).toContain('cus_a');
    expect(paying).not.toContain('cus_b'); // churned in March
    expect(paying).not.toContain('cus_e'); // still trialing
    expect(await scoreCustomers(db.store, a.id, TODAY)).toBe(paying.length);
    const first = await riskScoresOn(db.store.db, a.id, TODAY);
    expect(first.map((r) => r.customerId)).toEqual([...paying].sort());
    for (const row of first) expect(row.probability).toBeGreaterThan(0);
    expect(await scoreCustomers(db.store, a.id, TODAY)).toBe(paying.length);
    expect(await riskScoresOn(db.store.db, a.id, TODAY)).toEqual(first);
    expect(await riskScoresOn(db.store.db, b.id, TODAY)).toEqual([]);
  });

  it('keeps the rules while history is short, and says why', async () => {
    const trained = await trainChurnModel(db.store, a.id, TODAY, FIXTURE_NOW);
    expect(trained.model.kind).toBe('rules');
    expect(trained.churned).toBeLessThan(MIN_CHURNED_FOR_MODEL);
    const active = await activeChurnModel(db.store.db, a.id);
    expect(active?.modelId).toBe(trained.model.modelId);
    const { body } = await get<ChurnModelResponse>('/v1/success/model');
    expect(body.model).toMatchObject({ id: trained.model.modelId, kind: 'rules', trainedAt: FIXTURE_NOW.toISOString() });
    expect(body.model.note).toMatch(/churned customers/);
  });

  it("answers a paying customer's risk live, equal to the stored score, with at most three reasons", async () => {
    await scoreCustomers(db.store, a.id, TODAY);
    const stored = (await riskScoresOn(db.store.db, a.id, TODAY)).find((r) => r.customerId === 'cus_a')!;
    const { status, body } = await get<CustomerRiskResponse>('/v1/customers/cus_a/risk');
    expect(status).toBe(200);
    expect(body).toMatchObject({ customerId: 'cus_a', day: TODAY, probability: stored.probability, asOf: FIXTURE_NOW.toISOString() });
    expect(body.model.id).toBe(stored.modelId);
    expect(body.reasons).toEqual(stored.reasons);
    expect(body.reasons.length).toBeLessThanOrEqual(3);
    expect(body.reasons.map((r) => r.label)).toEqual(['usage down 67% vs previous 30 days', 'active on 1 of the last 30 days', '1 of 10 seats in use']);
    const contributions = body.reasons.map((r) => r.contribution);
    expect([...contributions].sort((x, y) => y - x)).toEqual(contributions);
  });

  it('reads a past day as of then: a customer that churned later was paying', async () => {
    const { status, body } = await get<CustomerRiskResponse>('/v1/customers/cus_b/risk?asOf=2024-03-01T12:00:00Z');
    expect(status).toBe(200);
    expect(body.day).toBe('2024-03-01');
    // The stored rules model was trained after that day: the built-in rules answer.
    expect(body.model).toEqual({ id: 'rules', kind: 'rules', trainedAt: null });
  });

  it.each([
    ['a churned customer', 'cus_b', 'RVP_CUSTOMER_NOT_PAYING', /not paying at the end of 2024-04-15/],
    ['a trialing customer', 'cus_e', 'RVP_CUSTOMER_NOT_PAYING', /paying customers only/],
    ['an unknown customer', 'cus_nobody', 'RVP_CUSTOMER_NOT_FOUND', /cus_nobody/],
  ])('answers 404 for %s', async (_name, id, code, message) => {
    const { status, body } = await get<ErrorBody>(`/v1/customers/${id}/risk`);
    expect(status).toBe(404);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
  });

  it("keeps tenants apart: another workspace neither sees the customer nor the model", async () => {
    const risk = await get<ErrorBody>('/v1/customers/cus_a/risk', b, viewerB);
    expect(risk.status).toBe(404);
    expect(risk.body.error.code).toBe('RVP_CUSTOMER_NOT_FOUND');
    const model = await get<ChurnModelResponse>('/v1/success/model', b, viewerB);
    expect(model.body.model.id).toBe('rules');
    const crossed = await get<ErrorBody>('/v1/customers/cus_a/risk', a, viewerB);
    expect([403, 404]).toContain(crossed.status);
  });

  it('a stored logistic model scores the days after its training, with its own reasons', async () => {
    const signals = await payingSignals(db.store.db, a.id, TODAY);
    const context = { plans: ['prod_basic'] };
    // A tiny model whose only lesson: falling usage and no plan of its own mean churn.
    const rows = signals.flatMap((s, i) => [0, 1].map((k) => ({ features: churnFeatures({ ...s, usage: s.usage ? { ...s.usage, events30d: k ? 1 : 100 } : s.usage }, context), label: ((i + k) % 2) as 0 | 1 })));
    const params = trainLogistic(rows, context.plans);
    await saveChurnModel(db.store.db, a.id, { modelId: 'cm_test', kind: 'logistic', trainedAt: new Date('2024-04-14T00:00:00Z'), params, evaluation: { auc: 0.75, good: true }, trainingRows: rows.length, active: true });
    const { body } = await get<CustomerRiskResponse>('/v1/customers/cus_a/risk');
    const expected = scoreLogistic(params, churnFeatures(signals.find((s) => s.customerId === 'cus_a')!, context));
    expect(body.model).toMatchObject({ id: 'cm_test', kind: 'logistic', auc: 0.75 });
    expect(body.probability).toBeCloseTo(expected.probability, 12);
    for (const reason of body.reasons) expect(reason.contribution).toBeGreaterThan(0);
    const before = await get<CustomerRiskResponse>('/v1/customers/cus_a/risk?asOf=2024-04-13T12:00:00Z');
    expect(before.body.model.id).not.toBe('cm_test');
    const model = await get<ChurnModelResponse>('/v1/success/model');
    expect(model.body.model).toMatchObject({ id: 'cm_test', kind: 'logistic', rows: rows.length });
    expect(model.body.model.features.map((f) => f.feature)).toEqual(params.features);
  });

  it('the job retrains a stale model and scores every workspace daily; a fresh model is kept', async () => {
    const deps = { store: db.store, logger: createLogger('silent'), now: () => FIXTURE_NOW, bus: t.ctx.bus, config: t.ctx.config } as SuccessJobDeps;
    const job = createChurnModelJob(deps);
    const first = await job.run();
    // cm_test is a day old: fresh enough, so only the workspace without a model trains.
    expect(first.trained).toBe(1);
    expect(first.workspaces).toBeGreaterThanOrEqual(2);
    expect((await activeChurnModel(db.store.db, a.id))?.modelId).toBe('cm_test');
    expect((await activeChurnModel(db.store.db, b.id))?.kind).toBe('rules');
    const second = await job.run();
    expect(second.trained).toBe(0);
    expect(second.scored).toBe(first.scored);
    const scored = await riskScoresOn(db.store.db, a.id, TODAY);
    expect(new Set(scored.map((r) => r.modelId))).toEqual(new Set(['cm_test']));
  });
});
