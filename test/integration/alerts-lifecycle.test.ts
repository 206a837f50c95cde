// Alert rules against a real database: a rule fires once however often it is evaluated, clears
// when the data no longer fires it, and fires again as a new alert; the alert centre's actions
// (acknowledge, snooze, assign) with their permissions; the rules API; tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertItem, AlertListResponse, AlertRuleItem } from '../../src/read/alerts/contract.js';
import { evaluateWorkspace } from '../../src/notify/evaluate-alerts.js';
import { ensureDefaultRules, listRules, updateRule } from '../../src/store/alerts-repo.js';
import { DEFAULT_ALERT_RULES } from '../../src/core/alert-rules.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signedInMember, type Caller } from '../helpers/auth.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { addAccount, addCustomers, addUsage } from './success-fixture.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const TODAY = '2026-03-10';

describe.each(BACKENDS)('alert lifecycle (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let a: Workspace;
  let b: Workspace;
  let viewer: Caller;
  let analyst: Caller & { userId: string; email: string };
  let outsider: Caller & { userId: string };
  let ownerB: Caller;
  const clock = NOW;
  const evaluate = (ws: Workspace) => evaluateWorkspace({ store: t.ctx.store, bus: t.ctx.bus, now: () => clock }, ws.id);
  const alertsOf = async (ws: Workspace, caller: Caller, query = '') => {
    const response = await t.app.inject({ url: `/v1/alerts?workspace=${ws.id}${query}`, headers: caller.headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as AlertListResponse;
  };

  /** Only usage_drop stays enabled, so what fires is exactly the usage the test writes. */
  async function onlyUsageDrop(ws: Workspace) {
    await ensureDefaultRules(db.store.db, ws.id, DEFAULT_ALERT_RULES, clock);
    for (const rule of await listRules(db.store.db, ws.id)) {
      await updateRule(db.store.db, ws.id, rule.ruleId, { ...rule, enabled: rule.kind === 'usage_drop', emailTo: rule.kind === 'usage_drop' ? ['cs@example.com'] : [] }, clock);
    }
  }

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => clock });
    a = await ensureWorkspace(db.store.db, { slug: 'alerts-a', name: 'A' });
    b = await ensureWorkspace(db.store.db, { slug: 'alerts-b', name: 'B' });
    for (const ws of [a, b]) {
      await addCustomers(db.store.db, ws.id, [{ id: 'cus_1', name: `Acme ${ws.id === a.id ? 'A' : 'B'}`, mrr: 4900, planId: 'pro' }, { id: 'cus_2', name: 'Steady', mrr: 2900, planId: 'pro' }], TODAY);
      await addAccount(db.store.db, ws.id, 'acc_1', 'cus_1');
      await addAccount(db.store.db, ws.id, 'acc_2', 'cus_2');
      // cus_1: 100 events the week before, 10 this week (a 90% fall); cus_2: 50 and 50.
      await addUsage(db.store.db, ws.id, [
        { account: 'acc_1', day: '2026-03-01', event: 'report', events: 100 },
        { account: 'acc_1', day: '2026-03-08', event: 'report', events: 10 },
        { account: 'acc_2', day: '2026-03-01', event: 'report', events: 50 },
        { account: 'acc_2', day: '2026-03-08', event: 'report', events: 50 },
      ]);
      await onlyUsageDrop(ws);
    }
    viewer = await signedInMember(t, [{ workspaceId: a.id, role: 'viewer' }]);
    analyst = await signedInMember(t, [{ workspaceId: a.id, role: 'analyst' }]);
    outsider = await signedInMember(t, [{ workspaceId: b.id, role: 'viewer' }]);
    ownerB = await signedInMember(t, [{ workspaceId: b.id, role: 'owner' }]);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('opens one alert however often the rules are evaluated, with the numbers that fired it', async () => {
    const first = await evaluate(a);
    const second = await evaluate(a);
    expect(first.opened).toBe(1);
    expect(second.opened).toBe(0);
    const list = await alertsOf(a, viewer);
    expect(list.total).toBe(1);
    const alert = list.data[0]!;
    expect(alert).toMatchObject({ status: 'open', rule: { kind: 'usage_drop' }, customer: { id: 'cus_1', name: 'Acme A', mrr: 4900, currency: 'usd' } });
    expect(alert.evidence.sentence).toContain('fell 90%');
    expect(alert.evidence.figures).toContainEqual({ key: 'eventsPrev7d', label: 'Events, previous 7 days', value: 100 });
    expect(alert.deliveries).toEqual([expect.objectContaining({ channel: 'email', target: 'cs@example.com', notice: 1, status: 'pending', attempts: 0 })]);
  });

  it('clears when the rule stops firing, and fires again later as a new alert', async () => {
    const [opened] = (await alertsOf(a, viewer, '&status=open')).data;
    await addUsage(db.store.db, a.id, [{ account: 'acc_1', day: '2026-03-09', event: 'report', events: 90 }]);
    expect((await evaluate(a)).cleared).toBe(1);
    const cleared = (await alertsOf(a, viewer)).data.find((x) => x.id === opened!.id)!;
    expect(cleared.status).toBe('cleared');
    expect(cleared.clearedAt).toBe(NOW.toISOString());
    expect((await alertsOf(a, viewer, '&status=open,acknowledged,snoozed')).total).toBe(0);

    await db.store.db.deleteFrom('usage_daily').where('workspace_id', '=', a.id).where('day', '=', '2026-03-09').execute();
    expect((await evaluate(a)).opened).toBe(1);
    const all = await alertsOf(a, viewer);
    expect(all.total).toBe(2);
    const reopened = all.data.find((x) => x.status === 'open')!;
    expect(reopened.id).not.toBe(opened!.id);
    expect(reopened.customer.id).toBe('cus_1');
  });

  it('lets alerts:manage acknowledge, snooze and assign, and refuses the rest', async () => {
    const open = (await alertsOf(a, viewer, '&status=open')).data[0]!;
    const post = (caller: Caller, path: string, payload?: object) =>
      t.app.inject({ method: 'POST', url: `/v1/alerts/${open.id}/${path}?workspace=${a.id}`, headers: caller.headers, ...(payload ? { payload } : {}) });

    expect((await post(viewer, 'acknowledge')).statusCode).toBe(403);
    const acked = await post(analyst, 'acknowledge');
    expect(acked.statusCode, acked.body).toBe(200);
    expect((acked.json() as { alert: AlertItem }).alert).toMatchObject({ status: 'acknowledged', acknowledgedBy: { userId: analyst.userId, email: analyst.email } });

    const past = await post(analyst, 'snooze', { until: '2026-03-01T00:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.message).toContain('body/until');
    const until = '2026-03-12T09:00:00.000Z';
    const snoozed = await post(analyst, 'snooze', { until });
    expect((snoozed.json() as { alert: AlertItem }).alert).toMatchObject({ status: 'snoozed', snoozedUntil: until });

    const stranger = await post(analyst, 'assign', { userId: outsider.userId });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error.message).toContain('body/userId');
    const assigned = await post(analyst, 'assign', { userId: analyst.userId });
    expect((assigned.json() as { alert: AlertItem }).alert.assignee).toEqual({ userId: analyst.userId, email: analyst.email, name: null });
    expect((await alertsOf(a, viewer, `&assignee=${analyst.userId}`)).data.map((x) => x.id)).toEqual([open.id]);
    expect((await alertsOf(a, viewer, '&assignee=none')).data.map((x) => x.id)).not.toContain(open.id);

    // A snoozed alert still firing is not repeated: evaluating opens nothing new.
    expect((await evaluate(a)).opened).toBe(0);
    const cleared = (await alertsOf(a, viewer, '&status=cleared')).data[0]!;
    const late = await t.app.inject({ method: 'POST', url: `/v1/alerts/${cleared.id}/acknowledge?workspace=${a.id}`, headers: analyst.headers });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('RVP_ALERT_CLEARED');
  });

  it('keeps each workspace to its own alerts', async () => {
    await evaluate(b);
    const mine = await alertsOf(b, outsider);
    expect(mine.data.map((x) => x.customer.name)).toEqual(['Acme B']);
    const aIds = (await alertsOf(a, viewer)).data.map((x) => x.id);
    expect(mine.data.some((x) => aIds.includes(x.id))).toBe(false);
    expect((await t.app.inject({ url: `/v1/alerts?workspace=${a.id}`, headers: outsider.headers })).statusCode).toBe(404);
    const crossing = await t.app.inject({ method: 'POST', url: `/v1/alerts/${aIds[0]}/assign?workspace=${b.id}`, headers: ownerB.headers, payload: { userId: null } });
    expect(crossing.statusCode).toBe(404);
    expect(crossing.json().error.code).toBe('RVP_ALERT_NOT_FOUND');
  });

  it('manages rules: defaults listed, numbers checked per kind, webhooks masked, kind fixed, delete takes the alerts', async () => {
    const owner = await signedInMember(t, [{ workspaceId: a.id, role: 'owner' }]);
    const rules = (await t.app.inject({ url: `/v1/alert-rules?workspace=${a.id}`, headers: viewer.headers })).json() as { data: AlertRuleItem[]; emailConfigured: boolean };
    expect(rules.data.map((r) => r.kind).sort()).toEqual(DEFAULT_ALERT_RULES.map((r) => r.kind).sort());
    expect(rules.emailConfigured).toBe(false);
    expect(rules.data.find((r) => r.kind === 'usage_drop')).toMatchObject({ openAlerts: 1, params: { minEvents: 20 } });

    const bad = await t.app.inject({ method: 'POST', url: `/v1/alert-rules?workspace=${a.id}`, headers: owner.headers, payload: { kind: 'risk_above', name: 'Risky', threshold: 70 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('body/threshold');
    const created = await t.app.inject({
      method: 'POST', url: `/v1/alert-rules?workspace=${a.id}`, headers: owner.headers,
      payload: { kind: 'limit_near', name: 'Near the limit', webhookUrl: 'https://hooks.example.com/services/T000/B000/secret' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = (created.json() as { rule: AlertRuleItem }).rule;
    expect(rule).toMatchObject({ threshold: 0.8, enabled: true, webhookUrl: 'https://hooks.example.com/…' });
    expect(created.body).not.toContain('secret');

    const changed = await t.app.inject({ method: 'PUT', url: `/v1/alert-rules/${rule.id}?workspace=${a.id}`, headers: owner.headers, payload: { threshold: 0.9, emailTo: ['Ops@Example.com'] } });
    expect((changed.json() as { rule: AlertRuleItem }).rule).toMatchObject({ threshold: 0.9, emailTo: ['ops@example.com'], webhookUrl: 'https://hooks.example.com/…' });
    const kind = await t.app.inject({ method: 'PUT', url: `/v1/alert-rules/${rule.id}?workspace=${a.id}`, headers: owner.headers, payload: { kind: 'health_below' } });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().error.message).toContain('body/kind');
    expect((await t.app.inject({ method: 'POST', url: `/v1/alert-rules?workspace=${a.id}`, headers: analyst.headers, payload: { kind: 'payment_failed', name: 'x' } })).statusCode).toBe(403);

    const usageRule = rules.data.find((r) => r.kind === 'usage_drop')!;
    const gone = await t.app.inject({ method: 'DELETE', url: `/v1/alert-rules/${usageRule.id}?workspace=${a.id}`, headers: owner.headers });
    expect(gone.statusCode).toBe(204);
    expect((await alertsOf(a, viewer)).total).toBe(0);
    const again = await t.app.inject({ method: 'DELETE', url: `/v1/alert-rules/${usageRule.id}?workspace=${a.id}`, headers: owner.headers });
    expect(again.json().error.code).toBe('RVP_ALERT_RULE_NOT_FOUND');
    // Deleted rules stay deleted: the defaults are created once.
    await evaluate(a);
    expect((await listRules(db.store.db, a.id)).some((r) => r.ruleId === usageRule.id)).toBe(false);
  });
});
