// The health routes and the snapshot job on the hand-computed revenue fixture with some product
// usage: today's live score equals today's snapshot, the job is idempotent and backfills the
// missing history once, settings are validated with clear errors and change the score.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/dates.js';
import { DEFAULT_SUCCESS_SETTINGS } from '../../src/core/success-settings.js';
import { backfillDays, createHealthSnapshotJob, snapshotHealth } from '../../src/jobs/health-snapshots.js';
import type { HealthResponse, SuccessSettingsResponse } from '../../src/read/health/contract.js';
import { healthSnapshotOf } from '../../src/store/health-repo.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller, signedInMember } from '../helpers/auth.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FIXTURE_NOW, storeFixture } from '../helpers/revenue-fixture.js';

const TODAY = '2024-04-15';

describe.each(BACKENDS)('health API and snapshots (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let a: Workspace;
  let b: Workspace;
  let viewer: Record<string, string>;
  let admin: Record<string, string>;

  const get = async <T>(path: string, ws: Workspace = a) => {
    const response = await t.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: viewer });
    return { status: response.statusCode, body: response.json() as T };
  };
  const put = async (payload: unknown) => {
    const response = await t.app.inject({ method: 'PUT', url: `/v1/settings/success?workspace=${a.id}`, headers: admin, payload: payload as Record<string, unknown> });
    return { status: response.statusCode, body: response.json() as SuccessSettingsResponse & { error?: { code: string; message: string } } };
  };
  const snapshotCount = async () => Number((await db.store.db.selectFrom('health_snapshots').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', a.id).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => FIXTURE_NOW });
    a = await ensureWorkspace(db.store.db, { slug: 'health-a', name: 'A' });
    b = await ensureWorkspace(db.store.db, { slug: 'health-b', name: 'B' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: a.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_health' });
    await storeFixture(db.store, a.id, source.id);
    await t.worker.drain();
    await db.store.db.insertInto('cs_accounts').values({ workspace_id: a.id, account_id: 'acc_a', customer_id: 'cus_a', link_rule: 'manual', first_seen_at: '2024-01-15T00:00:00Z', last_seen_at: '2024-04-15T00:00:00Z' }).execute();
    const usage = [['2024-04-14', 'Report Created', 30], ['2024-04-02', 'Invite Sent', 5], ['2024-03-05', 'Report Created', 60]] as const;
    for (const [day, event, events] of usage) {
      await db.store.db.insertInto('usage_daily').values({ workspace_id: a.id, account_id: 'acc_a', day, event, events, quantity: events, users: 1 }).execute();
      await db.store.db.insertInto('user_activity_daily').values({ workspace_id: a.id, account_id: 'acc_a', user_id: 'u1', day, events }).onConflict((oc) => oc.doNothing()).execute();
    }
    viewer = (await apiKeyCaller(t, a.id, 'viewer')).headers;
    admin = (await signedInMember(t, [{ workspaceId: a.id, role: 'admin' }])).headers;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it("today's live score is today's snapshot", async () => {
    expect(await snapshotHealth(db.store, a.id, TODAY, FIXTURE_NOW)).toBe(6);
    const { status, body } = await get<HealthResponse>('/v1/customers/cus_a/health');
    expect(status).toBe(200);
    const snapshot = await healthSnapshotOf(db.store.db, a.id, 'cus_a', TODAY);
    expect(body).toMatchObject({ customerId: 'cus_a', day: TODAY, score: snapshot!.score, band: snapshot!.band, partial: snapshot!.partial, asOf: FIXTURE_NOW.toISOString() });
    expect(snapshot!.components).toEqual(body.components.map(({ name, weight, value, explanation }) => ({ name, weight, value, explanation })));
    expect(body.trend.at(-1)).toEqual({ day: TODAY, score: body.score, band: body.band });
    // No tickets or surveys in the workspace: support is missing, and said so.
    expect(body.partial).toBe(true);
    expect(body.missing).toEqual(['support']);
    expect(body.components.find((c) => c.name === 'usage')!.explanation).toBe('events −42% vs previous 30 days (35 vs 60)');
  });

  it('a customer without product usage gets a partial score from payment alone, never 0', async () => {
    const { body } = await get<HealthResponse>('/v1/customers/cus_c/health');
    expect(body).toMatchObject({ score: 100, band: 'healthy', partial: true, missing: ['usage', 'engagement', 'support', 'adoption'] });
  });

  it('the snapshot job is idempotent and backfills the missing history once, in the background', async () => {
    await snapshotHealth(db.store, a.id, TODAY, FIXTURE_NOW);
    const before = await snapshotCount();
    await snapshotHealth(db.store, a.id, TODAY, FIXTURE_NOW);
    expect(await snapshotCount()).toBe(before);

    const job = createHealthSnapshotJob({ store: db.store, logger: t.ctx.logger, now: () => FIXTURE_NOW, bus: t.ctx.bus, config: t.ctx.config });
    const first = await job.run();
    const days = backfillDays(TODAY);
    expect(days).toHaveLength(24); // 13 daily + 12 weekly, the 7-day-old one shared
    expect(first).toMatchObject({ workspaces: 2, today: 6, days: 24 }); // B has no customers: nothing to backfill
    const afterBackfill = await snapshotCount();
    const second = await job.run();
    expect(second).toMatchObject({ today: 6, days: 0, backfilled: 0 });
    expect(await snapshotCount()).toBe(afterBackfill);

    // Each backfilled day holds the customers that existed then (cus_f signed up today).
    const { body } = await get<HealthResponse>('/v1/customers/cus_a/health');
    expect(body.trend.map((p) => p.day)).toEqual([...days.filter((d) => d >= addDays(TODAY, -89))].sort().concat(TODAY));
    expect(await healthSnapshotOf(db.store.db, a.id, 'cus_f', addDays(TODAY, -1))).toBeNull();
    expect(await healthSnapshotOf(db.store.db, a.id, 'cus_b', addDays(TODAY, -7 * 6))).not.toBeNull();
  });

  it('as of a past instant: that day, and 404 for a customer who did not exist yet', async () => {
    const past = await get<HealthResponse>('/v1/customers/cus_a/health?asOf=2024-04-01T12:00:00Z');
    expect(past.status).toBe(200);
    expect(past.body.day).toBe('2024-04-01');
    expect(past.body.trend.every((p) => p.day <= '2024-04-01')).toBe(true);
    const notYet = await get<{ error: { code: string } }>('/v1/customers/cus_f/health?asOf=2024-04-01T12:00:00Z');
    expect([notYet.status, notYet.body.error.code]).toEqual([404, 'RVP_CUSTOMER_NOT_FOUND']);
  });

  it("another workspace's customer is not found", async () => {
    const other = await apiKeyCaller(t, b.id, 'viewer');
    const response = await t.app.inject({ url: `/v1/customers/cus_a/health?workspace=${b.id}`, headers: other.headers });
    expect(response.statusCode).toBe(404);
  });

  it('settings: defaults until saved; refused with a clear error naming the field; saved ones change the score', async () => {
    const initial = await get<SuccessSettingsResponse>('/v1/settings/success');
    expect(initial.body).toMatchObject({ settings: DEFAULT_SUCCESS_SETTINGS, defaults: DEFAULT_SUCCESS_SETTINGS, updatedAt: null, updatedBy: null });

    const refused = [
      [{ weights: { usage: 25, engagement: 25, support: 20, payment: 15, adoption: 10 } }, 'weights: weights must sum to 100 (got 95)'],
      [{ bands: { highRiskBelow: 80, healthyAbove: 70 } }, 'bands.highRiskBelow: must not be above bands.healthyAbove (80 > 70)'],
      [{ weights: { usage: 'lots' } }, 'weights.usage:'],
      [{ components: { usage: { dropForZero: 0, growthForFull: 20, seatShare: 40, seatTarget: 0.8 } } }, 'components.usage.dropForZero:'],
      [{ colour: 'red' }, ''],
    ] as const;
    for (const [payload, message] of refused) {
      const r = await put(payload);
      expect(r.status, JSON.stringify(payload)).toBe(400);
      expect(r.body.error!.code).toBe('RVP_VALIDATION');
      expect(r.body.error!.message.startsWith(message), r.body.error!.message).toBe(true);
    }
    expect((await get<SuccessSettingsResponse>('/v1/settings/success')).body.updatedAt).toBeNull();

    const before = (await get<HealthResponse>('/v1/customers/cus_a/health')).body;
    const saved = await put({ weights: { usage: 100, engagement: 0, support: 0, payment: 0, adoption: 0 }, keyFeatures: ['Report Created'] });
    expect(saved.status).toBe(200);
    expect(saved.body.settings).toMatchObject({ weights: { usage: 100, engagement: 0 }, keyFeatures: ['Report Created'], bands: DEFAULT_SUCCESS_SETTINGS.bands });
    expect(saved.body.updatedAt).toBe(FIXTURE_NOW.toISOString());
    const after = (await get<HealthResponse>('/v1/customers/cus_a/health')).body;
    const usage = after.components.find((c) => c.name === 'usage')!;
    expect(after.score).toBe(Math.round(usage.value!));
    expect(after.score).not.toBe(before.score);
    expect(after.partial).toBe(false);

    const viewerPut = await t.app.inject({ method: 'PUT', url: `/v1/settings/success?workspace=${a.id}`, headers: viewer, payload: { keyFeatures: [] } });
    expect(viewerPut.statusCode).toBe(403);
  });
});
