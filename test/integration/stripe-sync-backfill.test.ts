// Backfill through the official client against the local fake Stripe API: progress with counts
// and a total, resuming after an interruption without listing again what was done, riding out
// a storm of 429s (honouring Retry-After) and 5xx, and failing at once on a bad key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startFakeStripe, type FakeStripe } from '../helpers/fake-stripe.js';
import { accountFromEvents } from '../helpers/stripe-account.js';
import { demoEvents } from '../../src/demo/generate.js';
import { createLogger } from '../../src/logger.js';
import { createIngestWorker } from '../../src/ingest/pipeline.js';
import { syncSource, type SyncDeps } from '../../src/ingest/stripe/sync/run-sync.js';
import type { BackfillProgress } from '../../src/ingest/stripe/sync/backfill.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createSource, findSourceForIngest } from '../../src/store/sources-repo.js';
import { loadSyncStatus } from '../../src/store/source-sync-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';
import { sourceFreshness } from '../../src/ingest/freshness.js';

const END = 1_767_225_600;
const API_KEY = 'sk_test_backfill00001';
const box = createSecretBox('c'.repeat(64));
const now = () => new Date((END + 60) * 1000);

describe.each(BACKENDS)('Stripe backfill (%s)', (backend) => {
  let db: TestDatabase;
  let fake: FakeStripe;
  let slept: number[];
  let deps: SyncDeps;
  let n = 0;

  const newSource = async (apiKey = API_KEY) => {
    n += 1;
    const ws = await ensureWorkspace(db.store.db, { slug: `b${n}`, name: `Backfill ${n}` });
    const source = await createSource(db.store.db, box, { workspaceId: ws.id, provider: 'stripe', name: `Stripe ${n}`, mode: 'test', webhookSecret: 'whsec_backfill00', apiKey });
    return { workspaceId: ws.id, sourceId: source.id };
  };
  const ledger = async (workspaceId: string) =>
    (await db.store.db.selectFrom('ledger_entries').select(['customer_id', 'day', 'currency', 'mrr', 'delta', 'movement']).where('workspace_id', '=', workspaceId).orderBy('customer_id').orderBy('day').orderBy('currency').execute()).map((r) => JSON.stringify(r));
  const requestsSince = (i: number) => fake.requests.slice(i);

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    fake = await startFakeStripe();
    fake.addAccount(API_KEY, accountFromEvents(demoEvents({ customers: 40, endAt: END, seed: 5 })));
    fake.setNow(END);
    slept = [];
    deps = {
      store: db.store, box, logger: createLogger('silent'), now, stripeApiUrl: fake.url, pageSize: 25,
      retry: { baseDelayMs: 1, maxAttempts: 4, sleep: async (ms) => void slept.push(ms) },
    };
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  let reference: string[] = [];

  it('backfills every object type with progress counts and a total, and records the sync', async () => {
    const target = await newSource();
    const progress: BackfillProgress[] = [];
    const outcome = await syncSource(deps, { ...target, kind: 'full', onProgress: (p) => progress.push(p) });
    expect(outcome).toMatchObject({ status: 'done', kind: 'full' });
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['events', 'products', 'prices', 'coupons', 'customers', 'subscriptions', 'invoices', 'invoice_payments', 'charges', 'refunds', 'disputes', 'credit_notes', 'reconstruct']));
    const last = progress.at(-1)!;
    expect(last.total).toBeGreaterThan(100);
    expect(last.done).toBe(last.total);
    expect(progress.every((p, i) => i === 0 || p.done >= progress[i - 1]!.done)).toBe(true);
    // Stripe's list pages were walked with starting_after.
    expect(fake.requests.some((r) => r.path === '/v1/invoices')).toBe(true);

    const source = (await findSourceForIngest(db.store.db, box, target.sourceId))!;
    expect(source.lastError).toBeNull();
    expect(source.lastSyncedAt).not.toBeNull();
    const cursor = await db.store.db.selectFrom('sources').select('sync_cursor').where('source_id', '=', target.sourceId).executeTakeFirstOrThrow();
    expect(Number(cursor.sync_cursor)).toBe(END + 60);
    expect(sourceFreshness({ ...source, runningSince: null }, now())).toBe('live');
    const staging = await db.store.db.selectFrom('sync_staging').select('object_id').where('source_id', '=', target.sourceId).execute();
    expect(staging).toEqual([]);
    await createIngestWorker({ store: db.store, logger: deps.logger, now }).drain();
    reference = await ledger(target.workspaceId);
    expect(reference.length).toBeGreaterThan(20);
  }, 120_000);

  it('resumes an interrupted backfill where it stopped, listing nothing twice', async () => {
    const target = await newSource();
    // The second page of invoices fails on every attempt: the backfill stops there.
    fake.fail({ status: 500, times: 4, path: /^\/v1\/invoices$/, match: (url) => url.searchParams.has('starting_after') });
    const first = await syncSource(deps, { ...target, kind: 'auto' });
    expect(first).toMatchObject({ status: 'failed', kind: 'full' });
    const failed = await loadSyncStatus(db.store.db, target);
    expect(failed.status).toBe('failed');
    expect(failed.cursors.customers?.done).toBe(true);
    expect(failed.cursors.invoices).toMatchObject({ done: false, count: 25 });
    const source = (await findSourceForIngest(db.store.db, box, target.sourceId))!;
    expect(source.lastError).toMatch(/Stripe answered 500/);
    expect(sourceFreshness({ ...source, runningSince: null }, now())).toBe('error');

    const mark = fake.requests.length;
    const second = await syncSource(deps, { ...target, kind: 'auto' });
    expect(second).toMatchObject({ status: 'done', kind: 'full' });
    const paths = requestsSince(mark).map((r) => r.path);
    expect(paths).not.toContain('/v1/customers');
    expect(paths).not.toContain('/v1/events');
    expect(paths).toContain('/v1/invoices');
    expect((await findSourceForIngest(db.store.db, box, target.sourceId))!.lastError).toBeNull();
    await createIngestWorker({ store: db.store, logger: deps.logger, now }).drain();
    expect(await ledger(target.workspaceId)).toEqual(reference);
  }, 120_000);

  it('rides out a storm of 429s and 5xx, waiting at least what Retry-After asks', async () => {
    const target = await newSource();
    slept.length = 0;
    fake.fail({ status: 429, times: 3, retryAfter: 2 });
    fake.fail({ status: 429, times: 3, retryAfter: 7, path: /^\/v1\/charges$/ });
    fake.fail({ status: 503, times: 3, path: /^\/v1\/subscriptions$/ });
    const mark = fake.requests.length;
    const outcome = await syncSource({ ...deps, retry: { ...deps.retry, maxAttempts: 6 } }, { ...target, kind: 'full' });
    expect(outcome).toMatchObject({ status: 'done' });
    const statuses = requestsSince(mark).map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    expect(statuses.filter((s) => s === 503)).toHaveLength(3);
    expect(slept.filter((ms) => ms >= 2000 && ms < 7000)).toHaveLength(3);
    expect(slept.filter((ms) => ms >= 7000)).toHaveLength(3);
    expect(slept.filter((ms) => ms < 2000)).toHaveLength(3);
    await createIngestWorker({ store: db.store, logger: deps.logger, now }).drain();
    expect(await ledger(target.workspaceId)).toEqual(reference);
  }, 120_000);

  it('fails at once on a rejected API key, with an error that does not show the key', async () => {
    const target = await newSource('sk_test_notaknownkey99');
    const mark = fake.requests.length;
    const outcome = await syncSource(deps, { ...target, kind: 'full' });
    expect(outcome).toMatchObject({ status: 'failed' });
    expect(requestsSince(mark)).toHaveLength(1);
    const source = (await findSourceForIngest(db.store.db, box, target.sourceId))!;
    expect(source.lastError).toMatch(/^Stripe answered 401: Invalid API Key provided/);
    expect(source.lastError).not.toContain('notaknownkey99');
  });
});
