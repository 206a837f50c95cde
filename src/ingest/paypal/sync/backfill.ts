// Full backfill of a PayPal account, in two resumable phases. PayPal has no "list subscriptions",
// so (1) `transactions` walks the Transaction Search API over its whole three-year reach in
// windows of at most 31 days, page by page: every completed subscription payment is stored as a
// PAYMENT.SALE.COMPLETED event and the subscription it names is staged. Then (2) `subscriptions`
// fetches each staged subscription and its plan (plans cached for the run) and stores the plan,
// the subscription's reconstructed start (and trial end) and its current state as events.
// Cursors are saved after every page and every batch, so an interrupted backfill continues where
// it stopped; ids are deterministic, so a page fetched twice stores nothing twice.
import type { Kysely } from 'kysely';
import pLimit from 'p-limit';
import type { Database } from '../../../store/schema.js';
import type { BackfillCursor, BackfillCursors } from '../../../store/schema-sync.js';
import { insertRawEvents, type RawEventInput } from '../../../store/raw-events-repo.js';
import {
  clearStaging, countStaged, finishBackfill, loadSyncStatus, saveBackfillCursors, stagedPage, stageObjects, startBackfill,
} from '../../../store/source-sync-repo.js';
import { MAX_TRANSACTION_PAGE_SIZE, PaypalApiError, type PaypalApi, type PaypalObject, type TransactionInfo } from '../api.js';
import { planEvent, reconstructedEvent, saleEvent, subscriptionEvent, subscriptionOf, subscriptionStateTime, type EventTarget } from './events.js';
import { reconstructSubscription } from './reconstruct.js';

/** The Transaction Search API answers for the last three years... */
export const HISTORY_SECONDS = 3 * 365 * 86_400;
/** ...in windows of at most 31 days. */
export const WINDOW_SECONDS = 31 * 86_400;
/** Kept off the three-year edge, so PayPal's clock and ours may differ by this much. */
const EDGE_MARGIN_SECONDS = 3600;
const SUBSCRIPTION_BATCH = 25;
const FETCH_CONCURRENCY = 4;

export type BackfillProgress = { phase: string; done: number; total: number | null };

export type Window = { start: number; end: number };

/** Consecutive windows of at most 31 days covering [from, to] (both inclusive, unix seconds). */
export function windowsBetween(from: number, to: number): Window[] {
  const windows: Window[] = [];
  for (let start = from; start <= to; start += WINDOW_SECONDS) windows.push({ start, end: Math.min(start + WINDOW_SECONDS - 1, to) });
  return windows;
}

export function backfillWindows(asOf: number): Window[] {
  return windowsBetween(asOf - HISTORY_SECONDS + EDGE_MARGIN_SECONDS, asOf);
}

export type BackfillOptions = {
  db: Kysely<Database>;
  api: PaypalApi;
  target: EventTarget;
  now: () => Date;
  signal?: AbortSignal;
  pageSize?: number;
  onProgress?: (progress: BackfillProgress) => void;
  onStored?: (count: number) => void;
};

export type BackfillResult = { asOf: number; listed: number; stored: number; resumed: boolean };

/** One page of transactions: the sales worth storing and the subscriptions they name. */
export function readTransactions(target: EventTarget, transactions: readonly TransactionInfo[], origin: 'backfill' | 'heartbeat'): { sales: RawEventInput[]; subscriptionIds: string[] } {
  const sales: RawEventInput[] = [];
  const ids = new Set<string>();
  for (const t of transactions) {
    const id = subscriptionOf(t);
    if (id) ids.add(id);
    const sale = saleEvent(target, t, origin);
    if (sale) sales.push(sale);
  }
  return { sales, subscriptionIds: [...ids] };
}

/** Fetches subscriptions and their plans (each plan once per `plans` cache) and builds their events. */
export async function subscriptionEvents(
  api: PaypalApi,
  target: EventTarget,
  ids: readonly string[],
  plans: Map<string, Promise<PaypalObject | null>>,
  asOf: number,
  origin: 'backfill' | 'heartbeat',
): Promise<{ events: RawEventInput[]; missing: string[] }> {
  const limit = pLimit(FETCH_CONCURRENCY);
  const planOf = (id: string) => {
    let plan = plans.get(id);
    if (!plan) {
      plan = api.getPlan(id).catch((error: unknown) => {
        // A deleted plan: the subscription is stored without it (the transform then waits for the plan).
        if (error instanceof PaypalApiError && error.statusCode === 404) return null;
        plans.delete(id);
        throw error;
      });
      plans.set(id, plan);
    }
    return plan;
  };
  const fetched = await Promise.all(
    ids.map((id) =>
      limit(async () => {
        try {
          const subscription = await api.getSubscription(id);
          const plan = typeof subscription.plan_id === 'string' ? await planOf(subscription.plan_id) : null;
          return { id, subscription, plan };
        } catch (error) {
          if (error instanceof PaypalApiError && error.statusCode === 404) return { id, subscription: null, plan: null };
          throw error;
        }
      }),
    ),
  );
  const events: RawEventInput[] = [];
  const missing: string[] = [];
  const planEvents = new Map<string, RawEventInput>();
  for (const { id, subscription, plan } of fetched) {
    if (!subscription) {
      missing.push(id);
      continue;
    }
    if (plan && !planEvents.has(plan.id)) planEvents.set(plan.id, planEvent(target, plan, asOf, origin));
    const until = subscriptionStateTime(subscription, asOf);
    reconstructSubscription(subscription, plan, until).forEach((m, i) => events.push(reconstructedEvent(target, m.resource, m.at, i === 0)));
    events.push(subscriptionEvent(target, subscription, plan, asOf, origin));
  }
  return { events: [...planEvents.values(), ...events], missing };
}

const emptyCursor = (total: number | null): BackfillCursor => ({ after: null, done: false, count: 0, total });

export async function runPaypalBackfill(options: BackfillOptions): Promise<BackfillResult> {
  const { db, api, target } = options;
  const key = { workspaceId: target.workspaceId, sourceId: target.sourceId };
  const pageSize = Math.min(MAX_TRANSACTION_PAGE_SIZE, options.pageSize ?? MAX_TRANSACTION_PAGE_SIZE);
  const previous = await loadSyncStatus(db, key);
  const resumed = (previous.status === 'running' || previous.status === 'failed') && previous.asOf !== null;
  const asOf = resumed ? previous.asOf! : Math.floor(options.now().getTime() / 1000);
  const windows = backfillWindows(asOf);
  const cursors: BackfillCursors = resumed ? structuredClone(previous.cursors) : {};
  if (!resumed) {
    await clearStaging(db, key);
    await startBackfill(db, key, asOf, options.now());
  }
  // Progress: windows searched, then subscriptions fetched (their total grows as they are found).
  const search = (cursors.transactions ??= emptyCursor(windows.length));
  const fetching = (cursors.subscriptions ??= emptyCursor(0));
  await saveBackfillCursors(db, key, cursors);
  let listed = 0;
  let stored = 0;
  const report = (phase: string) => options.onProgress?.({ phase, done: search.count + fetching.count, total: (search.total ?? 0) + (fetching.total ?? 0) });
  const store = async (events: RawEventInput[]) => {
    const inserted = (await insertRawEvents(db, events)).size;
    stored += inserted;
    if (inserted > 0) options.onStored?.(inserted);
  };

  // `after` is "<window index>:<next page>".
  let [windowIndex, page] = (search.after ?? '0:1').split(':').map(Number) as [number, number];
  while (!search.done && windowIndex < windows.length) {
    options.signal?.throwIfAborted();
    const window = windows[windowIndex]!;
    const result = await api.searchTransactions({ startDate: new Date(window.start * 1000), endDate: new Date(window.end * 1000), page, pageSize });
    const { sales, subscriptionIds } = readTransactions(target, result.transactions, 'backfill');
    await store(sales);
    await stageObjects(db, key, subscriptionIds.map((id) => ({ type: 'subscription' as const, id, parentId: null, payload: { id } })));
    listed += result.transactions.length;
    if (page >= result.totalPages || result.transactions.length === 0) {
      windowIndex += 1;
      page = 1;
      search.count += 1;
    } else {
      page += 1;
    }
    search.after = `${windowIndex}:${page}`;
    search.done = windowIndex >= windows.length;
    fetching.total = await countStaged(db, key, 'subscription');
    await saveBackfillCursors(db, key, cursors);
    report('transactions');
  }

  const plans = new Map<string, Promise<PaypalObject | null>>();
  while (!fetching.done) {
    options.signal?.throwIfAborted();
    const batch = await stagedPage(db, key, 'subscription', fetching.after, SUBSCRIPTION_BATCH);
    if (batch.length === 0) {
      fetching.done = true;
      break;
    }
    const { events } = await subscriptionEvents(api, target, batch.map((s) => s.id), plans, asOf, 'backfill');
    await store(events);
    listed += batch.length;
    fetching.count += batch.length;
    fetching.after = batch.at(-1)!.id;
    await saveBackfillCursors(db, key, cursors);
    report('subscriptions');
  }
  await saveBackfillCursors(db, key, cursors);
  await finishBackfill(db, key, { status: 'done', cutoff: windows[0]?.start ?? asOf, at: options.now() });
  await clearStaging(db, key);
  return { asOf, listed, stored, resumed };
}
