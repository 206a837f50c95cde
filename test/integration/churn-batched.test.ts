// Churn training and scoring read signals in batches of customers (src/jobs/churn-training.ts),
// resting between them on the embedded database. The paying customers' signals read in batches
// of one are the ones read in one pass, with one rest per batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endOfDayAsOf, payingSignals } from '../../src/jobs/churn-training.js';
import { createPacer } from '../../src/jobs/share-connection.js';
import { riskSignals } from '../../src/read/risk/signals.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { addAccount, addCustomers, addSurveys, addUsage } from './success-fixture.js';

const TODAY = '2026-03-10';

describe.each(BACKENDS)('churn signals in batches (%s)', (backend) => {
  let db: TestDatabase;
  let ws: Workspace;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    ws = await ensureWorkspace(db.store.db, { slug: 'churn-batched', name: 'Batched' });
    await addCustomers(db.store.db, ws.id, [
      { id: 'cus_busy', mrr: 4900, planId: 'pro' },
      { id: 'cus_fading', mrr: 2900, planId: 'pro', ledger: [['2026-01-01', 4900], ['2026-02-20', 2900]] },
      { id: 'cus_gone', mrr: 0, status: 'churned', ledger: [['2026-01-01', 1000], ['2026-02-01', 0]] },
      { id: 'cus_trial', mrr: 0, planId: 'pro', signupDay: '2026-03-05' },
      { id: 'cus_unhappy', mrr: 1900, planId: 'basic' },
    ], TODAY);
    await addAccount(db.store.db, ws.id, 'acc_busy', 'cus_busy', [{ user: 'u1', day: '2026-03-09' }]);
    await addAccount(db.store.db, ws.id, 'acc_fading', 'cus_fading', [{ user: 'u3', day: '2026-02-01' }]);
    await addUsage(db.store.db, ws.id, [
      { account: 'acc_busy', day: '2026-03-09', event: 'report', events: 40 },
      { account: 'acc_fading', day: '2026-02-01', event: 'report', events: 60 },
    ]);
    await addSurveys(db.store.db, ws.id, [{ id: 'nps_1', customerId: 'cus_unhappy', score: 2, at: '2026-03-02T10:00:00Z' }]);
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('reads in batches of one customer exactly the paying signals one pass reads, resting once per batch', async () => {
    for (const day of [TODAY, '2026-01-15']) {
      const onePass = (await riskSignals(db.store.db, ws.id, { day, asOf: endOfDayAsOf(day) })).filter((s) => s.paying);
      expect(onePass.length).toBeGreaterThan(1);
      const pacer = createPacer(db.store);
      expect(await payingSignals(db.store.db, ws.id, day, endOfDayAsOf(day), { batchSize: 1, pacer })).toEqual(onePass);
      expect(pacer.rests).toBe(5); // five customer summaries, one batch each
    }
  });
});
