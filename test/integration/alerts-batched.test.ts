// The 5-minute alert run evaluates a workspace in batches of customers (src/jobs/alerts.ts), each
// in its own transaction, so the embedded database's one connection is free between them. Here:
// two workspaces with the same customers and history, one evaluated in one shot
// (evaluateWorkspace), the other in batches of one customer; the alerts (opened, kept, cleared,
// woken from an ended snooze), their evidence, their deliveries and the totals are the same, and
// the batched run did let other work in between its batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateWorkspaceInBatches } from '../../src/jobs/alerts.js';
import { createLiveBus } from '../../src/live/bus.js';
import { evaluateWorkspace } from '../../src/notify/evaluate-alerts.js';
import { DEFAULT_ALERT_RULES } from '../../src/core/alert-rules.js';
import { ensureDefaultRules } from '../../src/store/alerts-repo.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { addAccount, addCustomers, addSurveys, addUsage } from './success-fixture.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const TODAY = '2026-03-10';

describe.each(BACKENDS)('alert evaluation in batches (%s)', (backend) => {
  let db: TestDatabase;
  let oneShot: Workspace;
  let batched: Workspace;
  const deps = () => ({ store: db.store, bus: createLiveBus(db.store), now: () => NOW });

  async function seed(ws: Workspace) {
    await addCustomers(db.store.db, ws.id, [
      { id: 'cus_drop', mrr: 4900, planId: 'pro' },
      { id: 'cus_steady', mrr: 2900, planId: 'pro' },
      { id: 'cus_quiet', mrr: 9900, planId: 'pro' },
      { id: 'cus_trial', mrr: 0, planId: 'pro', signupDay: '2026-03-05' },
      { id: 'cus_gone', mrr: 0, status: 'churned', ledger: [['2026-01-01', 1000], ['2026-02-01', 0]] },
      { id: 'cus_unhappy', mrr: 1900, planId: 'basic' },
    ], TODAY);
    await addAccount(db.store.db, ws.id, 'acc_drop', 'cus_drop', [{ user: 'u1', day: '2026-03-01' }]);
    await addAccount(db.store.db, ws.id, 'acc_steady', 'cus_steady', [{ user: 'u2', day: '2026-03-08' }]);
    await addAccount(db.store.db, ws.id, 'acc_unhappy', 'cus_unhappy', [{ user: 'u3', day: '2026-02-01' }]);
    await addUsage(db.store.db, ws.id, [
      { account: 'acc_drop', day: '2026-03-01', event: 'report', events: 100 },
      { account: 'acc_drop', day: '2026-03-08', event: 'report', events: 10 },
      { account: 'acc_steady', day: '2026-03-01', event: 'report', events: 50 },
      { account: 'acc_steady', day: '2026-03-08', event: 'report', events: 50 },
      { account: 'acc_unhappy', day: '2026-02-01', event: 'report', events: 5 },
    ]);
    await addSurveys(db.store.db, ws.id, [{ id: `nps_${ws.id}`, customerId: 'cus_unhappy', score: 1, at: '2026-03-02T10:00:00Z' }]);
    await db.store.db.insertInto('payments').values({
      workspace_id: ws.id, payment_id: `pay_${ws.id}`, customer_id: 'cus_quiet', invoice_id: null, status: 'failed', currency: 'usd', amount: 9900,
      failure_code: 'card_declined', created_at: new Date('2026-03-09T08:00:00Z'), record: JSON.stringify({}), version_at: 1,
    }).execute();
    // Every rule mails someone, so openings and reminders leave deliveries to compare.
    await ensureDefaultRules(db.store.db, ws.id, DEFAULT_ALERT_RULES, NOW);
    await db.store.db.updateTable('alert_rules').set({ email_to: JSON.stringify(['cs@example.com']) }).where('workspace_id', '=', ws.id).execute();
  }

  /** The workspace's alerts by rule kind and customer, with everything that must agree. */
  async function state(ws: Workspace) {
    const alerts = await db.store.db.selectFrom('alerts')
      .innerJoin('alert_rules', (j) => j.onRef('alert_rules.workspace_id', '=', 'alerts.workspace_id').onRef('alert_rules.rule_id', '=', 'alerts.rule_id'))
      .select(['alert_rules.kind', 'alerts.alert_id', 'alerts.customer_id', 'alerts.status', 'alerts.evidence', 'alerts.cleared_at', 'alerts.snoozed_until'])
      .where('alerts.workspace_id', '=', ws.id).execute();
    const deliveries = await db.store.db.selectFrom('alert_deliveries').select(['alert_id', 'channel', 'target', 'notice', 'status'])
      .where('workspace_id', '=', ws.id).execute();
    return alerts.map((a) => ({
      key: `${a.kind}|${a.customer_id}|${a.status}`, evidence: a.evidence, clearedAt: a.cleared_at ? new Date(a.cleared_at).toISOString() : null,
      snoozedUntil: a.snoozed_until ? new Date(a.snoozed_until).toISOString() : null,
      deliveries: deliveries.filter((d) => d.alert_id === a.alert_id).map((d) => `${d.channel}:${d.target}:${d.notice}:${d.status}`).sort(),
    })).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  }

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    oneShot = await ensureWorkspace(db.store.db, { slug: 'batch-one-shot', name: 'One shot' });
    batched = await ensureWorkspace(db.store.db, { slug: 'batch-batched', name: 'Batched' });
    for (const ws of [oneShot, batched]) await seed(ws);
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('opens the same alerts as the one-shot run, one transaction per batch with other work let in between', async () => {
    const first = await evaluateWorkspace(deps(), oneShot.id);
    const batches: number[] = [];
    let between = 0;
    const inBatches = await evaluateWorkspaceInBatches(deps(), batched.id, {
      batchSize: 1,
      onBatch: async ({ customers }) => {
        batches.push(customers);
        // Another query gets the connection between two batches (on PGlite, the only one).
        await db.store.db.selectFrom('workspaces').select('workspace_id').where('workspace_id', '=', batched.id).execute();
        between += 1;
      },
    });
    expect(first.opened).toBeGreaterThan(1);
    expect(inBatches).toEqual(first);
    expect(batches).toEqual([1, 1, 1, 1, 1, 1]); // six customers, six batches
    expect(between).toBe(6);
    expect(await state(batched)).toEqual(await state(oneShot));
  });

  it('clears, keeps and reminds exactly as the one-shot run does on a later run', async () => {
    for (const ws of [oneShot, batched]) {
      // cus_drop's usage recovers (its alert clears); one alert was snoozed and the snooze ended;
      // another alert belongs to a customer no longer read (it clears).
      await db.store.db.updateTable('usage_daily').set({ events: 100 }).where('workspace_id', '=', ws.id).where('account_id', '=', 'acc_drop').execute();
      const open = await db.store.db.selectFrom('alerts').select(['alert_id', 'customer_id', 'rule_id']).where('workspace_id', '=', ws.id).where('status', '=', 'open').orderBy('customer_id').orderBy('rule_id').execute();
      const other = open.find((a) => a.customer_id !== 'cus_drop')!;
      await db.store.db.updateTable('alerts').set({ status: 'snoozed', snoozed_until: new Date('2026-03-10T00:00:00Z') }).where('workspace_id', '=', ws.id).where('alert_id', '=', other.alert_id).execute();
      await db.store.db.insertInto('alerts').values({
        workspace_id: ws.id, alert_id: `alert_ghost_${ws.id}`, rule_id: other.rule_id, customer_id: 'cus_ghost', status: 'open', opened_at: new Date('2026-03-01T00:00:00Z'), evidence: JSON.stringify({}), updated_at: new Date('2026-03-01T00:00:00Z'),
      }).execute();
    }
    const second = await evaluateWorkspace(deps(), oneShot.id);
    const inBatches = await evaluateWorkspaceInBatches(deps(), batched.id, { batchSize: 2 });
    expect(second.cleared).toBeGreaterThanOrEqual(2);
    expect(second.reminded).toBe(1);
    expect(inBatches).toEqual(second);
    expect(await state(batched)).toEqual(await state(oneShot));
  });
});
