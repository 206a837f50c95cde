// Loads the demo business into its own workspace ("Demo") through the same pipeline as real
// webhooks: the generated Stripe events are stored raw, then processed by the ingest worker.
import type { Kysely } from 'kysely';
import { DEMO_FX_RATES } from '../core/fx.js';
import { generateDemoEvents, type DemoOptions } from '../demo/generate.js';
import type { StripeEvent } from '../demo/stripe-types.js';
import type { Store } from '../store/db.js';
import type { Database } from '../store/schema.js';
import type { SecretBox } from '../store/secret-box.js';
import { upsertFxRates } from '../store/fx-repo.js';
import { createSource, listSources, type Source } from '../store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../store/workspaces-repo.js';
import { createIngestWorker, storeEvents } from './pipeline.js';
import type { Logger } from '../logger.js';
import { DEMO_FX_SOURCE } from './demo-topup.js';
import { rawEventFor } from '../store/raw-events-repo.js';
import { leanDemoEvent } from './load-demo-lean.js';

/** Published on purpose: the demo's webhook secret, so anyone can post signed demo webhooks. */
export const DEMO_WEBHOOK_SECRET = 'whsec_revpulse_demo_not_a_secret';
const STORE_BATCH = 2000;

export type DemoWorkspace = { workspace: Workspace; source: Source; loaded: boolean };

export async function ensureDemoWorkspace(db: Kysely<Database>, box: SecretBox): Promise<{ workspace: Workspace; source: Source }> {
  const workspace = await ensureWorkspace(db, { slug: 'demo', name: 'Demo', isDemo: true, reportingCurrency: 'usd' });
  const existing = (await listSources(db, workspace.id)).find((s) => s.provider === 'stripe');
  const source =
    existing ??
    (await createSource(db, box, {
      workspaceId: workspace.id,
      provider: 'stripe',
      name: 'Demo Stripe account',
      mode: 'test',
      webhookSecret: DEMO_WEBHOOK_SECRET,
      keyId: 'demo',
    }));
  // The half-yearly anchors; the server's demo upkeep adds every day in between (demo-topup.ts).
  await upsertFxRates(db, workspace.id, 'usd', DEMO_FX_RATES.usd, DEMO_FX_SOURCE);
  await upsertFxRates(db, workspace.id, 'eur', DEMO_FX_RATES.eur, DEMO_FX_SOURCE);
  return { workspace, source };
}

export async function demoAlreadyLoaded(db: Kysely<Database>, workspaceId: string): Promise<boolean> {
  const row = await db.selectFrom('raw_events').select('event_id').where('workspace_id', '=', workspaceId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Stores the demo events (idempotent: a second load adds nothing). The caller drains the
 * ingest worker afterwards. Returns how many events were new. Payloads are lean by default
 * (only what is read: load-demo-lean.ts, a third of the JSON, the same figures); `payloads:
 * 'full'` stores them as the generator renders them.
 */
export async function storeDemoEvents(
  store: Store,
  target: { workspace: Workspace; source: Source },
  options: { seed?: number; customers?: number; endAt?: number; payloads?: 'lean' | 'full'; onGenerated?: (events: number) => void } = {},
  onProgress?: (stored: number) => void,
): Promise<number> {
  const events = await generateInTurns(options, options.payloads === 'full' ? <E>(e: E) => e : leanDemoEvent, options.onGenerated);
  let stored = 0;
  for (let i = 0; i < events.length; i += STORE_BATCH) {
    const batch = events.slice(i, i + STORE_BATCH).map((event) => rawEventFor({ workspaceId: target.workspace.id, sourceId: target.source.id }, event));
    stored += await storeEvents(store, batch);
    onProgress?.(stored);
  }
  return stored;
}

/**
 * The demo's events (as `demoEvents` gives them: sorted by created, then id), each shaped as it
 * is generated so the full payloads never pile up, and generated in turns of ~50 ms so the
 * event loop (a progress line, a signal) is not held for the whole generation.
 */
async function generateInTurns<T extends { id: string; created: number }>(
  options: DemoOptions, shape: (event: StripeEvent) => T, onGenerated?: (events: number) => void,
): Promise<T[]> {
  const out: T[] = [];
  let turn = performance.now();
  for (const event of generateDemoEvents(options)) {
    out.push(shape(event));
    if (performance.now() - turn > 50) {
      onGenerated?.(out.length);
      await new Promise((resolve) => setImmediate(resolve));
      turn = performance.now();
    }
  }
  return out.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The first start's demo: its Stripe events stored, then processed into records and ledgers
 * (bulk: ledgers once at the end), with a progress line every few seconds — whatever is running,
 * so a log gets one line per interval, never a flood. Returns how many events were stored and how
 * long it took.
 */
export async function loadDemoBilling(
  store: Store,
  target: { workspace: Workspace; source: Source },
  options: { logger: Logger; now: () => Date; print: (line: string) => void; endAt: number; progressEveryMs?: number },
): Promise<{ stored: number; seconds: number }> {
  const t0 = Date.now();
  // The line is printed from the progress callbacks, at most every progressEveryMs: the embedded
  // database answers through promises alone, so a timer would not fire until the load is over.
  const every = options.progressEveryMs ?? 3_000;
  let printedAt = t0;
  const report = (text: string) => {
    if (Date.now() - printedAt < every) return;
    printedAt = Date.now();
    options.print(`Loading the demo… ${text} [${Math.round((printedAt - t0) / 1000)} s]`);
  };
  options.print('Loading the demo data set (first start only)…');
  const stored = await storeDemoEvents(store, target, { endAt: options.endAt, onGenerated: (n) => report(`generating the events: ${count(n)}`) }, (n) => report(`storing events: ${count(n)} stored`));
  // Processing the events is most of the work (the ledgers follow, once, at the end).
  const percent = (n: number) => Math.min(95, 5 + Math.floor((90 * n) / Math.max(1, stored)));
  report(`${percent(0)}% (0 of ${count(stored)} events processed)`);
  await createIngestWorker({
    store, logger: options.logger, now: options.now, batchSize: 2000, deferLedger: true,
    onBatch: (n) => report(n >= stored ? `95% (${count(stored)} events processed; computing the revenue ledgers)` : `${percent(n)}% (${count(n)} of ${count(stored)} events processed)`),
  }).drain();
  const seconds = (Date.now() - t0) / 1000;
  options.print(`Demo ready: ${count(stored)} Stripe events loaded in ${seconds.toFixed(1)} s.`);
  return { stored, seconds };
}
