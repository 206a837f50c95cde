// PayPal sync against the local fake PayPal API: the backfill discovers subscriptions from the
// Transaction Search API (31-day windows, paged), fetches each subscription and its plan once,
// and stores them as synthetic events in PayPal's webhook shape (reconstructed start and trial
// end, the current state, the completed sales); a second run stores nothing; an interrupted one
// resumes without searching again; the heartbeat picks up new sales and subscriptions (and ones
// that appeared late, within PayPal's lag); 500s and 429s (Retry-After) are ridden out; a
// source with bad credentials records its error without blocking the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startFakePaypal, type FakePaypal, type FakeTransaction } from '../helpers/fake-paypal-api.js';
import { paypalPlan, paypalSubscription } from '../helpers/paypal-events.js';
import { createLogger } from '../../src/logger.js';
import { createIngestWorker } from '../../src/ingest/pipeline.js';
import { createDb } from '../../src/store/db.js';
import { withSourceLock } from '../../src/store/source-lock.js';
import { createPaypalApi } from '../../src/ingest/paypal/api.js';
import type { BackfillProgress } from '../../src/ingest/stripe/sync/backfill.js';
import { syncAnySource, type AnySyncDeps } from '../../src/ingest/sync-source.js';
import { createSyncHeartbeat } from '../../src/jobs/sync-heartbeat.js';
import { addPaypalSource } from '../../src/ingest/paypal/source.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { findSourceForIngest } from '../../src/store/sources-repo.js';
import { loadSyncStatus } from '../../src/store/source-sync-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';

const DAY = 86_400;
const END = 1_767_225_600; // 2026-01-01T00:00:00Z
const box = createSecretBox('e'.repeat(64));
const CLIENT = { clientId: 'AfakeClientIdForPaypalSync0001', clientSecret: 'EfakeClientSecretForPaypalSync01' };
const BROKEN = { clientId: 'AfakeClientIdThatPaypalRefuses01', clientSecret: 'EfakeSecretThatPaypalRefuses0001' };

// Plans: monthly USD, a paid two-week trial then monthly USD, monthly JPY (no decimals).
const basic = paypalPlan({ id: 'P-BASIC0000000000000000001', name: 'Basic', value: '49.00' });
const trial = paypalPlan({ id: 'P-TRIAL0000000000000000001', name: 'Trial then Pro', value: '20.00', trial: { value: '1.00', intervalUnit: 'WEEK', intervalCount: 1, totalCycles: 2 } });
const yen = paypalPlan({ id: 'P-YEN000000000000000000001', name: 'Tokyo', currency: 'JPY', value: '4900' });

const subscriptions = [
  paypalSubscription({ id: 'I-ACTIVE000001', planId: basic.id, payerId: 'PAYERACTIVE1', start: END - 90 * DAY, regularCyclesCompleted: 3, nextBillingTime: END + 1 * DAY }),
  paypalSubscription({ id: 'I-TRIAL0000001', planId: trial.id, payerId: 'PAYERTRIAL01', start: END - 3 * DAY, trial: { cyclesCompleted: 1, totalCycles: 2 }, nextBillingTime: END + 4 * DAY }),
  paypalSubscription({ id: 'I-CANCEL000001', planId: basic.id, payerId: 'PAYERCANCEL1', status: 'CANCELLED', start: END - 200 * DAY, statusUpdateTime: END - 50 * DAY, regularCyclesCompleted: 5 }),
  paypalSubscription({ id: 'I-YEN000000001', planId: yen.id, payerId: 'PAYERYEN0001', currency: 'JPY', start: END - 40 * DAY, regularCyclesCompleted: 2, nextBillingTime: END + 20 * DAY }),
];

let n = 0;
const txn = (subscriptionId: string | null, at: number, value: string, currency = 'USD', extra: Partial<FakeTransaction> = {}): FakeTransaction => ({
  transaction_id: `TXN${String(++n).padStart(14, '0')}`,
  ...(subscriptionId ? { paypal_reference_id: subscriptionId, paypal_reference_id_type: 'SUB' as const } : {}),
  transaction_event_code: subscriptionId ? 'T0002' : 'T0006',
  at,
  value,
  currency,
  ...extra,
});

const transactions: FakeTransaction[] = [
  ...[0, 30, 60].map((d) => txn('I-ACTIVE000001', END - 90 * DAY + d * DAY, '49.00')),
  txn('I-TRIAL0000001', END - 3 * DAY, '1.00'),
  ...[0, 30, 61, 91, 122].map((d) => txn('I-CANCEL000001', END - 200 * DAY + d * DAY, '49.00')),
  ...[0, 30].map((d) => txn('I-YEN000000001', END - 40 * DAY + d * DAY, '4900', 'JPY')),
  // Not a subscription's: ignored. A pending one names its subscription but is no sale yet.
  txn(null, END - 10 * DAY, '15.00'),
  txn('I-ACTIVE000001', END - 5 * DAY, '49.00', 'USD', { status: 'P' }),
];
const SALES = 11;

describe.each(BACKENDS)('PayPal sync (%s)', (backend) => {
  let db: TestDatabase;
  let fake: FakePaypal;
  let deps: AnySyncDeps;
  let slept: number[] = [];
  let clock = END + 60;
  const now = () => new Date(clock * 1000);
  let ws = 0;

  const newSource = async (credentials = CLIENT, name = 'PayPal') => {
    ws += 1;
    const workspace = await ensureWorkspace(db.store.db, { slug: `pp${ws}`, name: `PayPal ${ws}` });
    const source = await addPaypalSource(db.store.db, box, { workspaceId: workspace.id, name, ...credentials, webhookId: 'WH0SYNCTEST0001', sandbox: false });
    return { workspaceId: workspace.id, sourceId: source.id };
  };
  const stored = async (sourceId: string) =>
    db.store.db.selectFrom('raw_events').select(['event_id', 'type', 'event_created', 'livemode', 'payload']).where('source_id', '=', sourceId).orderBy('event_id').execute();
  const requestsSince = (i: number) => fake.requests.slice(i);

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    fake = await startFakePaypal();
    fake.setNow(END + 60);
    fake.addAccount({ ...CLIENT, transactions, subscriptions, plans: [basic, trial, yen] });
    deps = {
      store: db.store, box, logger: createLogger('silent'), now, paypalApiUrl: fake.url, pageSize: 2,
      retry: { baseDelayMs: 1, maxAttempts: 4, sleep: async (ms) => void slept.push(ms) },
    };
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  let reference: string[] = [];

  it('backfills: searches three years in 31-day windows, fetches each subscription and plan once, stores webhook-shaped events', async () => {
    const target = await newSource();
    const mark = fake.requests.length;
    const progress: BackfillProgress[] = [];
    const outcome = await syncAnySource(deps, { ...target, kind: 'auto', onProgress: (p) => progress.push(p) });
    expect(outcome).toMatchObject({ status: 'done', kind: 'full' });

    const requests = requestsSince(mark);
    expect(requests.every((r) => r.status === 200)).toBe(true);
    expect(requests.filter((r) => r.path === '/v1/oauth2/token')).toHaveLength(1);
    const searches = requests.filter((r) => r.path === '/v1/reporting/transactions');
    const spans = searches.map((r) => (Date.parse(r.query.end_date!) - Date.parse(r.query.start_date!)) / 1000);
    expect(Math.max(...spans)).toBeLessThanOrEqual(31 * DAY);
    expect(Math.min(...searches.map((r) => Date.parse(r.query.start_date!) / 1000))).toBeGreaterThan(END - 3 * 365 * DAY);
    expect(searches.every((r) => r.query.fields === 'all' && r.query.page_size === '2')).toBe(true);
    expect(searches.some((r) => r.query.page === '2')).toBe(true);
    const fetched = (prefix: string) => requests.filter((r) => r.path.startsWith(prefix)).map((r) => r.path).sort();
    expect(fetched('/v1/billing/subscriptions/')).toEqual(subscriptions.map((s) => `/v1/billing/subscriptions/${s.id}`).sort());
    expect(fetched('/v1/billing/plans/')).toEqual([basic, trial, yen].map((p) => `/v1/billing/plans/${p.id}`).sort());

    // Progress: windows, then subscriptions; it ends full.
    const last = progress.at(-1)!;
    expect(last).toEqual({ phase: 'subscriptions', done: 36 + 4, total: 36 + 4 });
    expect(progress.every((p, i) => i === 0 || p.done >= progress[i - 1]!.done)).toBe(true);
    const status = await loadSyncStatus(db.store.db, target);
    expect(status.status).toBe('done');

    const events = await stored(target.sourceId);
    const byType = (type: string) => events.filter((e) => e.type === type);
    expect(byType('BILLING.PLAN.UPDATED')).toHaveLength(3);
    expect(byType('PAYMENT.SALE.COMPLETED')).toHaveLength(SALES);
    expect(events.every((e) => e.event_id.startsWith('WH-RP') && e.livemode === true)).toBe(true);
    // Every subscription: its reconstructed start, and its current state with the plan embedded.
    const of = (id: string) => events.filter((e) => (e.payload as { resource: { id: string } }).resource.id === id).map((e) => ({ type: e.type, at: new Date(e.event_created).getTime() / 1000, resource: (e.payload as { resource: Record<string, unknown> }).resource }));
    const active = of('I-ACTIVE000001');
    expect(active.map((e) => [e.type, e.at])).toEqual(expect.arrayContaining([['BILLING.SUBSCRIPTION.ACTIVATED', END - 90 * DAY], ['BILLING.SUBSCRIPTION.UPDATED', END + 60]]));
    expect(active).toHaveLength(2);
    expect(active.every((e) => (e.resource.plan as { id: string }).id === basic.id)).toBe(true);
    // Cancelled: ended at its status_update_time, not when we looked.
    expect(of('I-CANCEL000001').map((e) => [e.type, e.at]).sort()).toEqual([['BILLING.SUBSCRIPTION.ACTIVATED', END - 200 * DAY], ['BILLING.SUBSCRIPTION.CANCELLED', END - 50 * DAY]]);
    // In its trial: the start shows no trial cycle run yet; the trial has not ended, so no trial-end moment.
    const inTrial = of('I-TRIAL0000001');
    expect(inTrial).toHaveLength(2);
    const start = inTrial.find((e) => e.type === 'BILLING.SUBSCRIPTION.ACTIVATED')!;
    expect((start.resource.billing_info as { cycle_executions: Array<{ tenure_type: string; cycles_completed: number }> }).cycle_executions[0]).toMatchObject({ tenure_type: 'TRIAL', cycles_completed: 0 });
    // A sale: the amount exactly as PayPal's decimal string, linked to its subscription.
    const yenSale = byType('PAYMENT.SALE.COMPLETED').map((e) => (e.payload as { resource: Record<string, unknown> }).resource).find((r) => r.billing_agreement_id === 'I-YEN000000001');
    expect(yenSale).toMatchObject({ state: 'completed', amount: { total: '4900', currency: 'JPY' } });
    expect(events).toHaveLength(3 + SALES + 8);
    reference = events.map((e) => e.event_id);

    const source = (await findSourceForIngest(db.store.db, box, target.sourceId))!;
    expect(source.lastError).toBeNull();
    const cursor = await db.store.db.selectFrom('sources').select('sync_cursor').where('source_id', '=', target.sourceId).executeTakeFirstOrThrow();
    expect(Number(cursor.sync_cursor)).toBe(END + 60);

    // Through the one PayPal transform: the ledger reads them like webhooks.
    await createIngestWorker({ store: db.store, logger: deps.logger, now }).drain();
    const dropped = await db.store.db.selectFrom('raw_events').select(['event_id', 'drop_reason', 'drop_detail']).where('source_id', '=', target.sourceId).where('drop_reason', 'is not', null).execute();
    expect(dropped).toEqual([]);
    const ledger = await db.store.db.selectFrom('ledger_entries').select(['customer_id', 'day', 'currency', 'mrr', 'movement']).where('workspace_id', '=', target.workspaceId).orderBy('customer_id').orderBy('day').execute();
    expect(ledger).toEqual([
      { customer_id: 'paypal_PAYERACTIVE1', day: '2025-10-03', currency: 'usd', mrr: 4900, movement: 'new' },
      { customer_id: 'paypal_PAYERCANCEL1', day: '2025-06-15', currency: 'usd', mrr: 4900, movement: 'new' },
      { customer_id: 'paypal_PAYERCANCEL1', day: '2025-11-12', currency: 'usd', mrr: 0, movement: 'churn' },
      // JPY has no minor unit: 4900 yen is 4900.
      { customer_id: 'paypal_PAYERYEN0001', day: '2025-11-22', currency: 'jpy', mrr: 4900, movement: 'new' },
    ]);
    // The subscription in its trial counts no MRR yet; its trial is recorded from its start.
    const trials = await db.store.db.selectFrom('trials').select(['subscription_id', 'started_day', 'converted_day']).where('workspace_id', '=', target.workspaceId).execute();
    expect(trials).toEqual([{ subscription_id: 'I-TRIAL0000001', started_day: '2025-12-29', converted_day: null }]);
    const payments = await db.store.db.selectFrom('payments').select(['customer_id', 'currency', 'amount']).where('workspace_id', '=', target.workspaceId).execute();
    expect(payments).toHaveLength(SALES);
    expect(payments.filter((p) => p.currency === 'jpy').map((p) => p.amount)).toEqual([4900, 4900]);

    // The same account fetched again stores nothing new.
    const again = await syncAnySource(deps, { ...target, kind: 'full' });
    expect(again).toMatchObject({ status: 'done', kind: 'full', stored: 0 });
  }, 120_000);

  it('a trial that has ended is reconstructed with its trial end', async () => {
    const ended = paypalSubscription({ id: 'I-TRIALDONE001', planId: trial.id, payerId: 'PAYERTRIALD1', start: END - 30 * DAY, trial: { cyclesCompleted: 2, totalCycles: 2 }, regularCyclesCompleted: 1 });
    fake.put(CLIENT.clientId, { subscriptions: [ended], transactions: [txn('I-TRIALDONE001', END - 16 * DAY, '20.00')] });
    const target = await newSource();
    expect(await syncAnySource(deps, { ...target, kind: 'full' })).toMatchObject({ status: 'done' });
    const moments = (await stored(target.sourceId)).filter((e) => (e.payload as { resource: { id: string } }).resource.id === ended.id).map((e) => new Date(e.event_created).getTime() / 1000);
    expect(moments.sort()).toEqual([END - 30 * DAY, END - 16 * DAY, END + 60]);
  }, 120_000);

  it('resumes an interrupted backfill where it stopped, searching nothing again and storing nothing twice', async () => {
    const target = await newSource();
    // The yen subscription fails on every attempt: the backfill stops in its second phase.
    fake.fail({ status: 500, times: 4, path: /^\/v1\/billing\/subscriptions\/I-YEN/ });
    const first = await syncAnySource(deps, { ...target, kind: 'auto' });
    expect(first).toMatchObject({ status: 'failed', kind: 'full' });
    expect(first.status === 'failed' && first.error).toMatch(/^PayPal answered GET \/v1\/billing\/subscriptions\/I-YEN000000001: 500 INTERNAL_SERVICE_ERROR: An internal service error has occurred/);
    const failed = await loadSyncStatus(db.store.db, target);
    expect(failed.status).toBe('failed');
    expect(failed.cursors.transactions?.done).toBe(true);
    expect(failed.cursors.subscriptions).toMatchObject({ done: false });
    const source = (await findSourceForIngest(db.store.db, box, target.sourceId))!;
    expect(source.lastError).toMatch(/500 INTERNAL_SERVICE_ERROR/);
    const afterFirst = (await stored(target.sourceId)).length;

    const mark = fake.requests.length;
    const second = await syncAnySource(deps, { ...target, kind: 'auto' });
    expect(second).toMatchObject({ status: 'done', kind: 'full' });
    expect(requestsSince(mark).map((r) => r.path)).not.toContain('/v1/reporting/transactions');
    expect(second.status === 'done' && afterFirst + second.stored).toBe((await stored(target.sourceId)).length);
    const ids = (await stored(target.sourceId)).map((e) => e.event_id);
    expect(ids).toEqual(expect.arrayContaining(reference));
    expect((await findSourceForIngest(db.store.db, box, target.sourceId))!.lastError).toBeNull();
  }, 120_000);

  it('rides out 500s and 429s, waiting at least what Retry-After asks, and gets a new token when PayPal drops one', async () => {
    const target = await newSource();
    slept = [];
    fake.fail({ status: 500, times: 2, path: /^\/v1\/reporting\/transactions$/ });
    fake.fail({ status: 429, times: 2, retryAfter: 7, path: /^\/v1\/billing\/plans\// });
    fake.revokeTokens();
    const mark = fake.requests.length;
    const outcome = await syncAnySource(deps, { ...target, kind: 'full' });
    expect(outcome).toMatchObject({ status: 'done' });
    const statuses = requestsSince(mark).map((r) => r.status);
    expect(statuses.filter((s) => s === 500)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(slept.filter((ms) => ms >= 7000)).toHaveLength(2);
    expect(slept.filter((ms) => ms < 7000)).toHaveLength(2);
    expect((await stored(target.sourceId)).map((e) => e.event_id)).toEqual(expect.arrayContaining(reference));
  }, 120_000);

  it('heartbeat: picks up a new sale, a new subscription and a late transaction; a source PayPal refuses records its error', async () => {
    const target = await newSource();
    expect(await syncAnySource(deps, { ...target, kind: 'full' })).toMatchObject({ status: 'done' });
    const broken = await newSource(BROKEN, 'Refused');
    const before = new Set((await stored(target.sourceId)).map((e) => e.event_id));

    // Four hours later: a renewal of the active subscription, a new subscription with its first
    // sale, and a sale from before the last sync that PayPal only listed late (within its lag).
    clock = END + 4 * 3600;
    fake.setNow(clock);
    const fresh = paypalSubscription({ id: 'I-NEW000000001', planId: basic.id, payerId: 'PAYERNEW0001', start: END + 3600 });
    const renewed = { ...subscriptions[0]!, billing_info: { ...subscriptions[0]!.billing_info, cycle_executions: [{ tenure_type: 'REGULAR', sequence: 1, cycles_completed: 4, cycles_remaining: 0, total_cycles: 0 }] } };
    fake.put(CLIENT.clientId, {
      subscriptions: [fresh, renewed],
      transactions: [txn('I-ACTIVE000001', END + 2 * 3600, '49.00'), txn('I-NEW000000001', END + 3600, '49.00'), txn('I-YEN000000001', END - 3600, '4900', 'JPY')],
    });
    const report = await createSyncHeartbeat({ deps, intervalSeconds: 600 }).beat();
    const by = new Map(report.map((r) => [r.sourceId, r.outcome]));
    expect(by.get(target.sourceId)).toMatchObject({ status: 'done', kind: 'incremental' });
    const failed = by.get(broken.sourceId);
    expect(failed).toMatchObject({ status: 'failed', kind: 'full' });
    expect((await findSourceForIngest(db.store.db, box, broken.sourceId))!.lastError).toBe('PayPal answered POST /v1/oauth2/token: 401 invalid_client: Client Authentication failed');
    expect(JSON.stringify(report)).not.toContain(BROKEN.clientSecret);

    const events = await stored(target.sourceId);
    const added = events.filter((e) => !before.has(e.event_id));
    const sales = added.filter((e) => e.type === 'PAYMENT.SALE.COMPLETED').map((e) => (e.payload as { resource: { billing_agreement_id: string } }).resource.billing_agreement_id).sort();
    expect(sales).toEqual(['I-ACTIVE000001', 'I-NEW000000001', 'I-YEN000000001']);
    const states = added.filter((e) => e.type.startsWith('BILLING.SUBSCRIPTION.')).map((e) => (e.payload as { resource: { id: string } }).resource.id);
    expect(new Set(states)).toEqual(new Set(['I-ACTIVE000001', 'I-NEW000000001']));
    // The new subscription: its start and its state now, and nothing else was new.
    expect(added).toHaveLength(3 + 2 + 1);
    const cursor = await db.store.db.selectFrom('sources').select('sync_cursor').where('source_id', '=', target.sourceId).executeTakeFirstOrThrow();
    expect(Number(cursor.sync_cursor)).toBe(clock);

    await createIngestWorker({ store: db.store, logger: deps.logger, now }).drain();
    const newcomer = await db.store.db.selectFrom('ledger_entries').select(['day', 'mrr', 'movement']).where('workspace_id', '=', target.workspaceId).where('customer_id', '=', 'paypal_PAYERNEW0001').execute();
    expect(newcomer).toEqual([{ day: '2026-01-01', mrr: 4900, movement: 'new' }]);

    // The next beat finds nothing new.
    const quiet = await createSyncHeartbeat({ deps, intervalSeconds: 600 }).beat();
    expect(quiet.find((r) => r.sourceId === target.sourceId)?.outcome).toMatchObject({ status: 'done', kind: 'incremental', stored: 0 });
    clock = END + 60;
    fake.setNow(clock);
  }, 120_000);

  it('runs one sync per source at a time (the advisory lock across instances on PostgreSQL)', async () => {
    const target = await newSource();
    let release!: () => void;
    const holder = withSourceLock(db.store, target.sourceId, () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((r) => setTimeout(r, 50));
    expect(await syncAnySource(deps, { ...target, kind: 'full' })).toEqual({ status: 'busy' });
    if (db.url) {
      const other = await createDb({ kind: 'postgres', url: db.url });
      try {
        expect(await syncAnySource({ ...deps, store: other }, { ...target, kind: 'full' })).toEqual({ status: 'busy' });
      } finally {
        await other.close();
      }
    }
    release();
    await holder;
    expect(await syncAnySource(deps, { ...target, kind: 'full' })).toMatchObject({ status: 'done' });
  }, 120_000);

  it('the client times out a slow answer and names the endpoint', async () => {
    fake.slow(400, /^\/v1\/billing\/plans\//);
    try {
      const api = createPaypalApi({ ...CLIENT, sandbox: false }, { apiUrl: fake.url, timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1 } });
      await expect(api.getPlan(basic.id)).rejects.toThrow(`GET /v1/billing/plans/${basic.id}: no answer: timed out after 100 ms`);
      await expect(api.getSubscription('I-NOSUCH000001')).rejects.toThrow('GET /v1/billing/subscriptions/I-NOSUCH000001: 404 RESOURCE_NOT_FOUND: The specified resource does not exist. (INVALID_RESOURCE_ID Requested resource ID was not found.)');
    } finally {
      fake.slow(null);
    }
  });
});
