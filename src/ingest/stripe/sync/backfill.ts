// Full backfill of a Stripe account, in resumable phases. First the last 30 days of events
// (exact history, stored as they are); then every object, listed page by page and stored as a
// synthetic event stamped with the moment the backfill started (`asOf`); subscriptions, invoices,
// charges and prices are also staged; last, each subscription's older history is reconstructed
// from the staged objects (reconstruct.ts). After every page the phase's cursor is saved, so an
// interrupted backfill continues where it stopped, and since every id is deterministic a page
// listed twice stores nothing twice.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import type { BackfillCursor, BackfillCursors } from '../../../store/schema-sync.js';
import { insertRawEvents, type RawEventInput } from '../../../store/raw-events-repo.js';
import {
  clearStaging, countStaged, finishBackfill, loadSyncStatus, saveBackfillCursors, stagedChildren,
  stagedPage, stageObjects, startBackfill, type StagedObject,
} from '../../../store/source-sync-repo.js';
import { storableEvents } from './incremental.js';
import { reconstructSubscription } from './reconstruct.js';
import type { ListParams, ListType, StripeApi } from './stripe-api.js';
import { objectEvent, reconstructedEvent, type StripeObject } from './synthetic.js';

export type BackfillTarget = { workspaceId: string; sourceId: string; mode: 'test' | 'live' };

export type BackfillProgress = { phase: string; done: number; total: number | null };

type Phase = {
  name: string;
  list: ListType;
  params: (asOf: number) => ListParams;
  /** Store the listed objects as synthetic events (false: staged only, or real events). */
  wrap: boolean;
  stage?: (o: StripeObject) => StagedObject | null;
};

const ref = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : null;

function invoiceSubscription(o: StripeObject): string | null {
  const parent = o.parent as { subscription_details?: { subscription?: unknown } } | null | undefined;
  return ref(o.subscription) ?? ref(parent?.subscription_details?.subscription);
}

export const PHASES: readonly Phase[] = [
  { name: 'events', list: 'events', params: (asOf) => ({ created: { lte: asOf } }), wrap: false },
  { name: 'products', list: 'products', params: () => ({}), wrap: true },
  { name: 'prices', list: 'prices', params: () => ({}), wrap: true, stage: (o) => ({ type: 'price', id: o.id, parentId: null, payload: o }) },
  { name: 'coupons', list: 'coupons', params: () => ({}), wrap: true },
  { name: 'customers', list: 'customers', params: () => ({}), wrap: true },
  {
    name: 'subscriptions', list: 'subscriptions', params: () => ({ status: 'all', expand: ['data.discounts'] }), wrap: false,
    stage: (o) => ({ type: 'subscription', id: o.id, parentId: null, payload: o }),
  },
  {
    name: 'invoices', list: 'invoices', params: () => ({ expand: ['data.discounts'] }), wrap: true,
    stage: (o) => {
      const subscriptionId = invoiceSubscription(o);
      return subscriptionId ? { type: 'invoice', id: o.id, parentId: subscriptionId, payload: o } : null;
    },
  },
  { name: 'invoice_payments', list: 'invoice_payments', params: () => ({}), wrap: true },
  {
    name: 'charges', list: 'charges', params: () => ({}), wrap: true,
    stage: (o) => {
      const invoiceId = ref(o.invoice);
      return invoiceId ? { type: 'charge', id: o.id, parentId: invoiceId, payload: o } : null;
    },
  },
  { name: 'refunds', list: 'refunds', params: () => ({}), wrap: true },
  { name: 'disputes', list: 'disputes', params: () => ({}), wrap: true },
  { name: 'credit_notes', list: 'credit_notes', params: () => ({}), wrap: true },
];
const RECONSTRUCT = 'reconstruct';
const RECONSTRUCT_BATCH = 200;

export type BackfillOptions = {
  db: Kysely<Database>;
  api: StripeApi;
  target: BackfillTarget;
  now: () => Date;
  signal?: AbortSignal;
  pageSize?: number;
  onProgress?: (progress: BackfillProgress) => void;
  onStored?: (count: number) => void;
};

export type BackfillResult = { asOf: number; cutoff: number; listed: number; stored: number; resumed: boolean };

/** How many objects a phase will list, when Stripe tells (`include[]=total_count`). */
async function countOf(api: StripeApi, phase: Phase, asOf: number): Promise<number | null> {
  try {
    return (await api.list(phase.list, { ...phase.params(asOf), limit: 1, include: ['total_count'] })).totalCount;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 400) return null;
    throw error;
  }
}

const emptyCursor = (): BackfillCursor => ({ after: null, done: false, count: 0, total: null });

/** Invoices list at most a few lines inline; fetch the rest so reconstruction sees every line. */
async function completeLines(api: StripeApi, invoice: StripeObject, pageSize: number): Promise<StripeObject> {
  const lines = invoice.lines as { data?: StripeObject[]; has_more?: boolean } | undefined;
  if (!lines?.has_more) return invoice;
  const all: StripeObject[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await api.invoiceLines(invoice.id, { limit: pageSize, ...(after ? { starting_after: after } : {}) });
    all.push(...page.data);
    after = page.data.at(-1)?.id;
    if (!page.hasMore || !after) break;
  }
  return { ...invoice, lines: { ...lines, data: all, has_more: false, total_count: all.length } };
}

export async function runBackfill(options: BackfillOptions): Promise<BackfillResult> {
  const { db, api, target } = options;
  const key = { workspaceId: target.workspaceId, sourceId: target.sourceId };
  const pageSize = options.pageSize ?? 100;
  const livemode = target.mode === 'live';
  const previous = await loadSyncStatus(db, key);
  const resumed = (previous.status === 'running' || previous.status === 'failed') && previous.asOf !== null;
  const asOf = resumed ? previous.asOf! : Math.floor(options.now().getTime() / 1000);
  const cursors: BackfillCursors = resumed ? structuredClone(previous.cursors) : {};
  if (!resumed) {
    await clearStaging(db, key);
    await startBackfill(db, key, asOf, options.now());
    // Totals first, for the progress bar's ETA (Stripe counts them when asked; null if not).
    for (const phase of PHASES) cursors[phase.name] = { ...emptyCursor(), total: await countOf(api, phase, asOf) };
    cursors[RECONSTRUCT] = { ...emptyCursor(), total: cursors.subscriptions?.total ?? null };
    await saveBackfillCursors(db, key, cursors);
  }
  let listed = 0;
  let stored = 0;
  const totalOf = () => {
    const all = [...PHASES.map((p) => p.name), RECONSTRUCT].map((n) => cursors[n]);
    return all.every((c) => c && c.total !== null) ? all.reduce((sum, c) => sum + (c!.total ?? 0), 0) : null;
  };
  const report = (phase: string) => {
    const done = Object.values(cursors).reduce((sum, c) => sum + c.count, 0);
    options.onProgress?.({ phase, done, total: totalOf() });
  };
  const store = async (events: RawEventInput[]) => {
    const inserted = (await insertRawEvents(db, events)).size;
    stored += inserted;
    if (inserted > 0) options.onStored?.(inserted);
  };

  for (const phase of PHASES) {
    const cursor = (cursors[phase.name] ??= emptyCursor());
    if (cursor.done) continue;
    for (;;) {
      options.signal?.throwIfAborted();
      const page = await api.list(phase.list, { ...phase.params(asOf), limit: pageSize, ...(cursor.after ? { starting_after: cursor.after } : {}) });
      const objects = phase.list === 'invoices' ? await Promise.all(page.data.map((o) => completeLines(api, o, pageSize))) : page.data;
      if (phase.name === 'events') {
        for (const e of objects) if (typeof e.created === 'number') cursor.oldest = Math.min(cursor.oldest ?? e.created, e.created);
        await store(storableEvents(key, objects));
      } else if (phase.wrap) {
        await store(objects.map((o) => objectEvent({ ...key, livemode }, o, asOf)));
      }
      if (phase.stage) await stageObjects(db, key, objects.map(phase.stage).filter((s): s is StagedObject => s !== null));
      listed += objects.length;
      cursor.count += objects.length;
      cursor.after = objects.at(-1)?.id ?? cursor.after;
      cursor.done = !page.hasMore || objects.length === 0;
      await saveBackfillCursors(db, key, cursors);
      report(phase.name);
      if (cursor.done) break;
    }
  }

  const cutoff = cursors.events?.oldest ?? asOf;
  const rebuild = (cursors[RECONSTRUCT] ??= emptyCursor());
  if (!rebuild.done) {
    rebuild.total = await countStaged(db, key, 'subscription');
    const prices = new Map((await stagedAll(db, key, 'price')).map((p) => [p.id, p.payload as StripeObject]));
    for (;;) {
      options.signal?.throwIfAborted();
      const subscriptions = await stagedPage(db, key, 'subscription', rebuild.after, RECONSTRUCT_BATCH);
      if (subscriptions.length === 0) break;
      const invoices = await stagedChildren(db, key, 'invoice', subscriptions.map((s) => s.id));
      const charges = await stagedChildren(db, key, 'charge', invoices.map((i) => i.id));
      const events: RawEventInput[] = [];
      for (const staged of subscriptions) {
        const subscription = staged.payload as StripeObject;
        const own = invoices.filter((i) => i.parentId === staged.id);
        const ownIds = new Set(own.map((i) => i.id));
        const moments = reconstructSubscription({
          subscription,
          invoices: own.map((i) => i.payload as StripeObject),
          charges: charges.filter((c) => c.parentId !== null && ownIds.has(c.parentId)).map((c) => c.payload as StripeObject),
          priceById: (id) => prices.get(id) ?? null,
          cutoff,
        });
        moments.forEach((m, i) => events.push(reconstructedEvent({ ...key, livemode }, m.object, m.at, i === 0 && m.tags.includes('start'))));
        events.push(objectEvent({ ...key, livemode }, subscription, asOf));
      }
      await store(events);
      rebuild.count += subscriptions.length;
      rebuild.after = subscriptions.at(-1)!.id;
      await saveBackfillCursors(db, key, cursors);
      report(RECONSTRUCT);
    }
    rebuild.done = true;
    await saveBackfillCursors(db, key, cursors);
  }
  await finishBackfill(db, key, { status: 'done', cutoff, at: options.now() });
  await clearStaging(db, key);
  return { asOf, cutoff, listed, stored, resumed };
}

async function stagedAll(db: Kysely<Database>, key: { workspaceId: string; sourceId: string }, type: StagedObject['type']): Promise<StagedObject[]> {
  const all: StagedObject[] = [];
  for (let after: string | null = null; ; ) {
    const page = await stagedPage(db, key, type, after, 1000);
    all.push(...page);
    if (page.length < 1000) return all;
    after = page.at(-1)!.id;
  }
}
