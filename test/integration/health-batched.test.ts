// The health snapshot job scores a day in batches of customers (src/jobs/health-snapshots.ts),
// resting between them on the embedded database. The snapshots written in batches of one are the
// ones written in one pass, and there was one rest per batch (other work ran in between).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotHealth } from '../../src/jobs/health-snapshots.js';
import { createPacer } from '../../src/jobs/share-connection.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { addAccount, addCustomers, addSurveys, addUsage } from './success-fixture.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const TODAY = '2026-03-10';

describe.each(BACKENDS)('health snapshots in batches (%s)', (backend) => {
  let db: TestDatabase;
  let ws: Workspace;

  const snapshots = async () => (await db.store.db.selectFrom('health_snapshots').select(['customer_id', 'day', 'score', 'band', 'partial', 'components'])
    .where('workspace_id', '=', ws.id).orderBy('customer_id').orderBy('day').execute()).map((r) => ({ ...r, day: String(r.day) }));

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    ws = await ensureWorkspace(db.store.db, { slug: 'health-batched', name: 'Batched' });
    await addCustomers(db.store.db, ws.id, [
      { id: 'cus_busy', mrr: 4900, planId: 'pro' },
      { id: 'cus_fading', mrr: 2900, planId: 'pro', ledger: [['2026-01-01', 4900], ['2026-02-20', 2900]] },
      { id: 'cus_silent', mrr: 9900, planId: 'pro' },
      { id: 'cus_trial', mrr: 0, planId: 'pro', signupDay: '2026-03-05' },
      { id: 'cus_unhappy', mrr: 1900, planId: 'basic' },
    ], TODAY);
    await addAccount(db.store.db, ws.id, 'acc_busy', 'cus_busy', [{ user: 'u1', day: '2026-03-09' }, { user: 'u2', day: '2026-03-08' }]);
    await addAccount(db.store.db, ws.id, 'acc_fading', 'cus_fading', [{ user: 'u3', day: '2026-02-01' }]);
    await addAccount(db.store.db, ws.id, 'acc_unhappy', 'cus_unhappy', [{ user: 'u4', day: '2026-03-01' }]);
    await addUsage(db.store.db, ws.id, [
      { account: 'acc_busy', day: '2026-03-09', event: 'report', events: 40 },
      { account: 'acc_busy', day: '2026-03-02', event: 'invite', events: 5 },
      { account: 'acc_fading', day: '2026-02-01', event: 'report', events: 60 },
      { account: 'acc_unhappy', day: '2026-03-01', event: 'report', events: 3 },
    ]);
    await addSurveys(db.store.db, ws.id, [{ id: 'nps_1', customerId: 'cus_unhappy', score: 2, at: '2026-03-02T10:00:00Z' }, { id: 'nps_2', customerId: 'cus_busy', score: 10, at: '2026-03-03T10:00:00Z' }]);
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('writes in batches of one customer exactly what one pass writes, resting once per batch', async () => {
    // cus_trial signed up on 2026-03-05: four customers on 2026-03-03.
    const days = [[TODAY, 5], ['2026-03-03', 4]] as const;
    for (const [day, n] of days) expect(await snapshotHealth(db.store, ws.id, day, NOW, { batchSize: 1000 })).toBe(n);
    const onePass = await snapshots();
    expect(onePass).toHaveLength(9);
    expect(new Set(onePass.map((r) => r.score)).size).toBeGreaterThan(1);
    await db.store.db.deleteFrom('health_snapshots').where('workspace_id', '=', ws.id).execute();
    const pacer = createPacer(db.store);
    for (const [day, n] of days) expect(await snapshotHealth(db.store, ws.id, day, NOW, { batchSize: 1, pacer })).toBe(n);
    expect(pacer.rests).toBe(9);
    expect(await snapshots()).toEqual(onePass);
  });
});
