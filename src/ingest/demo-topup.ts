// Keeps the Demo workspace current on every start: its history reaches the server's clock, and
// its exchange rates cover every day from its first to today.
//
// History. The demo is generated once, at the first start, over the 24 months that end then
// (E0). Generating it again with a later end is NOT a top-up: the range would move, and every
// customer with it (other signup times, other events under the same ids). Instead the stored
// demo is carried on past E0 with `generateDemoContinuation`: the same customers living on and
// new ones signing up, with ids that do not depend on how far it reaches, so each start stores
// what happened since the last one and storing a stretch twice adds nothing. E0, the seed and
// the number of customers are read back from the stored events (the catalogue's first event and
// each customer's first event have ids the generator fixes). Customers that something else has
// touched since (the demo pulse, a webhook someone posted) are not carried on: their story is
// no longer the generator's.
import { sql } from 'kysely';
import { addMonths as addCalendarMonths, DAY } from '../demo/calendar.js';
import { demoDailyFxRates, DEMO_FX_CURRENCIES } from '../demo/fx-rates.js';
import { demoSeedTag, generateDemoContinuation } from '../demo/generate.js';
import { createIdFactory } from '../demo/ids.js';
import type { StripeEvent } from '../demo/stripe-types.js';
import { addDays, dayFromNumber, daysBetween, dayToNumber } from '../core/dates.js';
import type { Day, UnixSeconds } from '../core/types.js';
import type { Store } from '../store/db.js';
import { upsertFxRates } from '../store/fx-repo.js';
import { storeEvents } from './pipeline.js';
import { rawEventFor } from '../store/raw-events-repo.js';
import { leanDemoEvent } from './load-demo-lean.js';
import { topUpRange } from '../demo/signals/generate.js';
import { findDemoSignalLoad, latestBillingEvent } from '../store/demo-signals-repo.js';
import { totalRows, writeSignalRange } from './load-demo-signals.js';

/** What the server loads as the demo: `storeDemoEvents` with the generator's defaults. */
export const DEMO_SEED = 42;
export const DEMO_MONTHS = 24;
/** The most customers `revpulse demo --customers` loads; the search for the count stops there. */
const MAX_DEMO_CUSTOMERS = 1_000_000;
/** The source of the demo's exchange rates in fx_rates. */
export const DEMO_FX_SOURCE = 'demo';
const STORE_BATCH = 2000;

export type DemoTarget = { workspaceId: string; sourceId: string };
export type DemoLayout = { seed: number; customers: number; months: number; startAt: UnixSeconds; endAt: UnixSeconds };

async function rawEvent(store: Store, target: DemoTarget, eventId: string): Promise<{ type: string; created: UnixSeconds } | null> {
  const row = await store.db
    .selectFrom('raw_events')
    .select(['type', 'payload'])
    .where('workspace_id', '=', target.workspaceId)
    .where('source_id', '=', target.sourceId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!row) return null;
  return { type: row.type, created: (row.payload as { created: UnixSeconds }).created };
}

/**
 * The options the stored demo was generated with, read back from its events; null when the
 * workspace holds no demo of the default seed (nothing loaded yet, or `revpulse demo --seed`).
 */
export async function findDemoLayout(store: Store, target: DemoTarget): Promise<DemoLayout | null> {
  const tag = demoSeedTag(DEMO_SEED);
  // The catalogue's first event opens the range: the range starts at its `created`.
  const catalog = await rawEvent(store, target, createIdFactory(tag, 0).event());
  if (!catalog || catalog.type !== 'product.created') return null;
  const startAt = catalog.created;
  // The range ended DEMO_MONTHS later. Two ends map to one start when the end was a 29 February
  // (two years back has none): the later one if any stored range event is past the earlier one.
  let endAt = addCalendarMonths(startAt, DEMO_MONTHS);
  if (addCalendarMonths(endAt + DAY, -DEMO_MONTHS) === startAt) {
    const row = await sql<{ last: Date | null }>`
      select max(event_created) as last from raw_events
      where workspace_id = ${target.workspaceId} and source_id = ${target.sourceId}
        and event_id like 'evt\\_demo\\_%' and length(event_id) = 23`.execute(store.db);
    const last = row.rows[0]?.last;
    if (last && new Date(last).getTime() / 1000 > endAt) endAt += DAY;
  }
  // Customer n (1-based) exists when its first event (customer.created) is stored: the largest n.
  const exists = async (n: number) => n === 0 || (await rawEvent(store, target, createIdFactory(tag, n).event())) !== null;
  let lo = 0;
  let hi = MAX_DEMO_CUSTOMERS + 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await exists(mid)) lo = mid;
    else hi = mid;
  }
  return { seed: DEMO_SEED, customers: lo, months: DEMO_MONTHS, startAt, endAt };
}

/** The latest `created` of the continuation events stored so far (their ids are one longer). */
async function continuedUntil(store: Store, target: DemoTarget): Promise<UnixSeconds | null> {
  const row = await sql<{ last: Date | string | null }>`
    select max(event_created) as last from raw_events
    where workspace_id = ${target.workspaceId} and source_id = ${target.sourceId}
      and event_id like 'evt\\_demo\\_%' and length(event_id) = 24`.execute(store.db);
  const last = row.rows[0]?.last;
  return last ? Math.floor(new Date(last).getTime() / 1000) : null;
}

/** Customers that events from anywhere but the generator have touched (the pulse, webhooks). */
export async function touchedCustomers(store: Store, target: DemoTarget): Promise<Set<string>> {
  const rows = await sql<{ customer: string | null }>`
    select distinct coalesce(
      payload->'data'->'object'->>'customer',
      case when payload->'data'->'object'->>'object' = 'customer' then payload->'data'->'object'->>'id' end
    ) as customer
    from raw_events
    where workspace_id = ${target.workspaceId} and source_id = ${target.sourceId} and event_id not like 'evt\\_demo\\_%'`.execute(store.db);
  return new Set(rows.rows.flatMap((r) => (r.customer ? [r.customer] : [])));
}

export type HistoryTopUp =
  | { status: 'stored'; stored: number; from: UnixSeconds; until: UnixSeconds }
  | { status: 'skipped'; reason: 'no-default-demo' | 'up-to-date' | 'stopped' };

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Stores the demo's history from where it stops to `now` (see the top of the file). Does
 * nothing when less than `minGapSeconds` passed since (the pulse covers short gaps). Generating
 * takes a few seconds of CPU for the 2,000-customer demo: it gives the event loop a turn every
 * few milliseconds, and stops early when `signal` aborts. Events are stored oldest first, so an
 * interrupted top-up leaves no hole: the next one starts from the latest event stored.
 */
export async function topUpDemoHistory(
  store: Store,
  target: DemoTarget,
  options: { now: Date; minGapSeconds?: number; signal?: AbortSignal },
): Promise<HistoryTopUp> {
  const layout = await findDemoLayout(store, target);
  if (!layout) return { status: 'skipped', reason: 'no-default-demo' };
  const until = Math.floor(options.now.getTime() / 1000);
  const from = Math.max(layout.endAt, (await continuedUntil(store, target)) ?? layout.endAt);
  if (until - from < (options.minGapSeconds ?? 3600)) return { status: 'skipped', reason: 'up-to-date' };
  const skipCustomers = await touchedCustomers(store, target);

  const fresh: StripeEvent[] = [];
  let lastYield = performance.now();
  for (const event of generateDemoContinuation({ seed: layout.seed, customers: layout.customers, months: layout.months, endAt: layout.endAt, until, skipCustomers })) {
    // Stored up to `from` before (the same second again is harmless: stored once).
    if (event.created >= from) fresh.push(event);
    if (performance.now() - lastYield > 15) {
      await yieldToEventLoop();
      if (options.signal?.aborted) return { status: 'skipped', reason: 'stopped' };
      lastYield = performance.now();
    }
  }
  fresh.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let stored = 0;
  for (let i = 0; i < fresh.length; i += STORE_BATCH) {
    if (options.signal?.aborted) break;
    stored += await storeEvents(
      store,
      fresh.slice(i, i + STORE_BATCH).map((event) => rawEventFor(target, leanDemoEvent(event))),
    );
  }
  return { status: 'stored', stored, from, until };
}

/** The first day the demo's rates must cover: its range's first day, with a week's margin. */
export function demoFirstFxDay(layout: Pick<DemoLayout, 'startAt'> | null, today: Day): Day {
  const start = layout ? new Date(layout.startAt * 1000).toISOString().slice(0, 10) : addDays(today, -(DEMO_MONTHS * 31));
  return addDays(start, -7);
}

/**
 * Stores the demo's daily rates (src/demo/fx-rates.ts) for every day from `firstDay` to `today`
 * that is not stored yet, into usd and eur, with source 'demo'. Checks what is there first (one
 * grouped query): on a start when they are current it writes nothing. Returns how many days it
 * stored.
 */
export async function topUpDemoFxRates(store: Store, workspaceId: string, range: { firstDay: Day; today: Day }): Promise<number> {
  const { firstDay, today } = range;
  if (today < firstDay) return 0;
  const rows = await sql<{ quote_currency: string; currency: string; n: number; last: string }>`
    select quote_currency, currency, count(*)::int as n, max(day)::text as last from fx_rates
    where workspace_id = ${workspaceId} and source = ${DEMO_FX_SOURCE} and day >= ${firstDay} and day <= ${today}
    group by quote_currency, currency`.execute(store.db);
  const held = new Map(rows.rows.map((r) => [`${r.quote_currency}/${r.currency}`, r]));
  // Each series must run without a gap from firstDay; then only the days after its end are missing.
  let from: Day | null = null;
  for (const quote of ['usd', 'eur'] as const) {
    for (const currency of DEMO_FX_CURRENCIES[quote]) {
      const row = held.get(`${quote}/${currency}`);
      const complete = row !== undefined && row.n === daysBetween(firstDay, row.last) + 1;
      const next = complete ? addDays(row.last, 1) : firstDay;
      if (from === null || next < from) from = next;
    }
  }
  if (from === null || from > today) return 0;
  const rates = demoDailyFxRates(from, today);
  await upsertFxRates(store.db, workspaceId, 'usd', rates.usd, DEMO_FX_SOURCE);
  await upsertFxRates(store.db, workspaceId, 'eur', rates.eur, DEMO_FX_SOURCE);
  return daysBetween(from, today) + 1;
}

// --- product signals ------------------------------------------------------------------------

export type SignalTopUp =
  | { status: 'stored'; rows: number; from: Day; until: UnixSeconds }
  | { status: 'skipped'; reason: 'not-loaded' | 'up-to-date' };

/**
 * Carries the demo's product signals (src/ingest/load-demo-signals.ts) on from the day after the
 * last load to the day of `now`, from the billing story as it stands — so call it once the
 * history top-up has been ingested. Days already generated are left as they are (a churn found
 * now shows its decline only on the new days); the tickets of the weeks before are drawn again
 * so the ones left open move on. Nothing is dated after `now` or the latest billing event.
 */
export async function topUpDemoSignals(store: Store, workspaceId: string, options: { now: Date }): Promise<SignalTopUp> {
  const load = await findDemoSignalLoad(store.db, workspaceId);
  if (!load) return { status: 'skipped', reason: 'not-loaded' };
  const billingEnd = (await latestBillingEvent(store.db, workspaceId)) ?? load.loadedUntil;
  const until = Math.min(Math.floor(options.now.getTime() / 1000), billingEnd);
  if (Math.floor(until / DAY) <= Math.floor(load.loadedUntil / DAY)) return { status: 'skipped', reason: 'up-to-date' };
  const range = topUpRange(load.loadedUntil, until, dayToNumber(load.windowStart));
  const counts = await writeSignalRange(store, workspaceId, range, load.seed);
  return { status: 'stored', rows: totalRows(counts), from: dayFromNumber(range.from), until };
}
