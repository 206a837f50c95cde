// A PayPal subscription's whole life — trial → active → upgrade to another plan → suspended →
// re-activated → cancelled, with its sales, a failed payment and a refund — stored as webhook
// events of a PayPal source and drained by the ingest worker. Delivered in order, shuffled and
// duplicated, or with the plans arriving after the subscription: the same ledger and the same
// monthly report every time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { paypalEvent, paypalPlan, paypalRefund, paypalSale, paypalSubscription, type PaypalSubscriptionOptions, type PaypalTestEvent } from '../helpers/paypal-events.js';
import { createLogger } from '../../src/logger.js';
import { createIngestWorker, storeEvents } from '../../src/ingest/pipeline.js';
import { asOf } from '../../src/read/clock.js';
import { loadMonthly } from '../../src/read/periods/load.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';
import type { Database } from '../../src/store/schema.js';

const DAY = 86_400;
const T0 = 1_736_150_400; // 2025-01-06T08:00:00Z
const basic = paypalPlan({ id: 'P-BASIC', name: 'Basic', value: '49.00', trial: { value: '0', intervalUnit: 'DAY', intervalCount: 14 }, created: T0 - 10 * DAY });
const pro = paypalPlan({ id: 'P-PRO', name: 'Pro', value: '99.00', created: T0 - 10 * DAY });

const sub = (options: Partial<PaypalSubscriptionOptions>) =>
  paypalSubscription({ id: 'I-LIFE', planId: 'P-BASIC', payerId: 'PAYERL', email: 'lee@example.com', start: T0, ...options });
const trial = { trial: { cyclesCompleted: 0 }, nextBillingTime: T0 + 14 * DAY };
const paid = (cycles: number, planId = 'P-BASIC') => ({ planId, trial: { cyclesCompleted: 1 }, regularCyclesCompleted: cycles });

/** Every event, in the order PayPal would send them. Ids are fixed so every run stores the same. */
const PLAN_EVENTS: PaypalTestEvent[] = [
  paypalEvent('BILLING.PLAN.CREATED', basic, T0 - 10 * DAY, { id: 'WH-PLAN-BASIC' }),
  paypalEvent('BILLING.PLAN.CREATED', pro, T0 - 10 * DAY, { id: 'WH-PLAN-PRO' }),
];
const LIFE_EVENTS: PaypalTestEvent[] = [
  paypalEvent('BILLING.SUBSCRIPTION.CREATED', sub({ status: 'APPROVAL_PENDING', payerId: null }), T0 - 60, { id: 'WH-01-CREATED' }),
  paypalEvent('BILLING.SUBSCRIPTION.ACTIVATED', sub(trial), T0, { id: 'WH-02-ACTIVATED' }),
  paypalEvent('PAYMENT.SALE.COMPLETED', paypalSale({ id: 'SALE-1', subscriptionId: 'I-LIFE', value: '49.00', fee: '1.72', created: T0 + 14 * DAY }), T0 + 14 * DAY, { id: 'WH-03-SALE' }),
  paypalEvent('BILLING.SUBSCRIPTION.UPDATED', sub({ ...paid(1), lastPayment: { value: '49.00', time: T0 + 14 * DAY }, nextBillingTime: T0 + 45 * DAY }), T0 + 14 * DAY + 60, { id: 'WH-04-CONVERTED' }),
  // The upgrade: PayPal's plan revision moves the subscription to another plan.
  paypalEvent('BILLING.SUBSCRIPTION.UPDATED', sub({ ...paid(1, 'P-PRO') }), T0 + 30 * DAY, { id: 'WH-05-UPGRADE' }),
  paypalEvent('PAYMENT.SALE.COMPLETED', paypalSale({ id: 'SALE-2', subscriptionId: 'I-LIFE', value: '99.00', created: T0 + 45 * DAY }), T0 + 45 * DAY, { id: 'WH-06-SALE' }),
  paypalEvent('BILLING.SUBSCRIPTION.PAYMENT.FAILED', sub({ ...paid(2, 'P-PRO'), lastFailedPayment: { value: '99.00', time: T0 + 75 * DAY, reasonCode: 'PAYMENT_DENIED' } }), T0 + 75 * DAY, { id: 'WH-07-FAILED' }),
  paypalEvent('BILLING.SUBSCRIPTION.SUSPENDED', sub({ ...paid(2, 'P-PRO'), status: 'SUSPENDED', statusUpdateTime: T0 + 80 * DAY }), T0 + 80 * DAY, { id: 'WH-08-SUSPENDED' }),
  paypalEvent('BILLING.SUBSCRIPTION.RE-ACTIVATED', sub({ ...paid(2, 'P-PRO'), statusUpdateTime: T0 + 90 * DAY }), T0 + 90 * DAY, { id: 'WH-09-REACTIVATED' }),
  paypalEvent('PAYMENT.SALE.COMPLETED', paypalSale({ id: 'SALE-3', subscriptionId: 'I-LIFE', value: '99.00', created: T0 + 90 * DAY }), T0 + 90 * DAY + 60, { id: 'WH-10-SALE' }),
  paypalEvent('PAYMENT.SALE.REFUNDED', paypalRefund({ id: 'REFUND-1', saleId: 'SALE-3', value: '30.00', created: T0 + 95 * DAY }), T0 + 95 * DAY, { id: 'WH-11-REFUND' }),
  paypalEvent('BILLING.SUBSCRIPTION.CANCELLED', sub({ ...paid(3, 'P-PRO'), status: 'CANCELLED', statusUpdateTime: T0 + 120 * DAY }), T0 + 120 * DAY, { id: 'WH-12-CANCELLED' }),
];

/** A fixed pseudo-random order (the same on every run). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);

describe.each(BACKENDS)('a PayPal subscription lifecycle (%s)', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(() => db?.drop());

  /** Stores the batches one after another, draining the worker after each. */
  async function deliver(name: string, batches: PaypalTestEvent[][], afterBatch?: (workspaceId: string, index: number) => Promise<void>): Promise<string> {
    const workspace = await ensureWorkspace(db.store.db, { slug: name, name });
    const source = await createSource(db.store.db, createSecretBox(undefined), { workspaceId: workspace.id, provider: 'paypal', name: 'PayPal' });
    const worker = createIngestWorker({ store: db.store, logger: createLogger('silent') });
    for (const batch of batches) {
      await storeEvents(db.store, batch.map((e) => ({ workspaceId: workspace.id, sourceId: source.id, eventId: e.id, type: e.event_type, created: Math.floor(Date.parse(e.create_time) / 1000), livemode: true, payload: e })));
      await worker.drain();
      await afterBatch?.(workspace.id, batches.indexOf(batch));
    }
    return workspace.id;
  }

  const ledgerOf = (k: Kysely<Database>, workspaceId: string) =>
    k.selectFrom('ledger_entries').select(['customer_id', 'day', 'currency', 'mrr', 'delta', 'movement', 'cause_event_id'])
      .where('workspace_id', '=', workspaceId).orderBy('day').orderBy('customer_id').orderBy('currency').execute();
  const monthlyOf = (workspaceId: string) => loadMonthly(db.store.db, workspaceId, { currency: 'usd', asOf: asOf(new Date('2025-12-31T00:00:00Z')) });

  let inOrder: string;
  it('in order: trial, new at conversion, expansion, churn at suspension, reactivation, churn', async () => {
    inOrder = await deliver('paypal-in-order', [[...PLAN_EVENTS, ...LIFE_EVENTS]]);
    expect(await ledgerOf(db.store.db, inOrder)).toEqual([
      { customer_id: 'paypal_PAYERL', day: day(T0 + 14 * DAY), currency: 'usd', mrr: 4900, delta: 4900, movement: 'new', cause_event_id: 'WH-04-CONVERTED' },
      { customer_id: 'paypal_PAYERL', day: day(T0 + 30 * DAY), currency: 'usd', mrr: 9900, delta: 5000, movement: 'expansion', cause_event_id: 'WH-05-UPGRADE' },
      { customer_id: 'paypal_PAYERL', day: day(T0 + 80 * DAY), currency: 'usd', mrr: 0, delta: -9900, movement: 'churn', cause_event_id: 'WH-08-SUSPENDED' },
      { customer_id: 'paypal_PAYERL', day: day(T0 + 90 * DAY), currency: 'usd', mrr: 9900, delta: 9900, movement: 'reactivation', cause_event_id: 'WH-09-REACTIVATED' },
      { customer_id: 'paypal_PAYERL', day: day(T0 + 120 * DAY), currency: 'usd', mrr: 0, delta: -9900, movement: 'churn', cause_event_id: 'WH-12-CANCELLED' },
    ]);
    const payments = await db.store.db.selectFrom('payments').select(['payment_id', 'customer_id', 'status', 'amount']).where('workspace_id', '=', inOrder).orderBy('payment_id').execute();
    expect(payments).toEqual([
      { payment_id: `I-LIFE:failed:${T0 + 75 * DAY}`, customer_id: 'paypal_PAYERL', status: 'failed', amount: 9900 },
      { payment_id: 'SALE-1', customer_id: 'paypal_PAYERL', status: 'succeeded', amount: 4900 },
      { payment_id: 'SALE-2', customer_id: 'paypal_PAYERL', status: 'succeeded', amount: 9900 },
      { payment_id: 'SALE-3', customer_id: 'paypal_PAYERL', status: 'succeeded', amount: 9900 },
    ]);
    const refunds = await db.store.db.selectFrom('refunds').select(['refund_id', 'payment_id', 'amount']).where('workspace_id', '=', inOrder).execute();
    expect(refunds).toEqual([{ refund_id: 'REFUND-1', payment_id: 'SALE-3', amount: 3000 }]);
    const drops = await db.store.db.selectFrom('raw_events').select(['event_id', 'drop_reason']).where('workspace_id', '=', inOrder).where('drop_reason', 'is not', null).execute();
    expect(drops).toEqual([{ event_id: 'WH-01-CREATED', drop_reason: 'unsupported_type' }]); // no payer yet
  });

  it('shuffled and duplicated, in three deliveries: the same ledger and monthly report', async () => {
    const all = shuffled([...PLAN_EVENTS, ...LIFE_EVENTS, ...shuffled(LIFE_EVENTS, 7).slice(0, 8), ...PLAN_EVENTS], 42);
    const third = Math.ceil(all.length / 3);
    const id = await deliver('paypal-shuffled', [all.slice(0, third), all.slice(third, 2 * third), all.slice(2 * third)]);
    expect(await ledgerOf(db.store.db, id)).toEqual(await ledgerOf(db.store.db, inOrder));
    expect(await monthlyOf(id)).toEqual(await monthlyOf(inOrder));
    const customers = await db.store.db.selectFrom('payments').select('customer_id').distinct().where('workspace_id', '=', id).execute();
    expect(customers).toEqual([{ customer_id: 'paypal_PAYERL' }]);
  });

  it('the plans arriving after the subscription: the same ledger once they are stored', async () => {
    const name = 'paypal-plans-late';
    const id = await deliver(name, [shuffled(LIFE_EVENTS, 3), [...PLAN_EVENTS].reverse()], async (workspaceId, index) => {
      // Before the plans: the subscription is known, its price is not, so nothing counts yet.
      if (index === 0) expect(await ledgerOf(db.store.db, workspaceId)).toEqual([]);
    });
    expect(await ledgerOf(db.store.db, id)).toEqual(await ledgerOf(db.store.db, inOrder));
    expect(await monthlyOf(id)).toEqual(await monthlyOf(inOrder));
  });

  it('the monthly report shows the movements', async () => {
    const report = await monthlyOf(inOrder);
    const byMonth = new Map(report.months.map((m) => [m.month, m]));
    expect(byMonth.get('2025-01')?.mrr).toBe(4900);
    expect(byMonth.get('2025-02')?.mrr).toBe(9900);
    expect(byMonth.get('2025-03')?.mrr).toBe(0); // suspended on 2025-03-27
    expect(byMonth.get('2025-04')?.mrr).toBe(9900); // re-activated on 2025-04-06
    expect(byMonth.get('2025-05')?.mrr).toBe(0); // cancelled on 2025-05-06
  });
});
