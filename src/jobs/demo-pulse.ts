// The Demo workspace's upkeep and pulse, while the server runs.
//
// Upkeep, once the server listens: the demo's daily exchange rates up to today and its history
// up to the clock (src/ingest/demo-topup.ts), then the rates again whenever the day changes.
// Pulse (REVPULSE_DEMO_PULSE, on by default): every few seconds (the configured average, ±50%)
// one thing happens to the demo business (src/demo/pulse.ts) and its Stripe events are posted,
// signed with the demo source's secret, to the server's own webhook — the real path: signature
// check, storage, the ingest worker, the ledger and the live feed. Each event is posted when the
// server's clock reaches its `created` (a charge follows its invoice by a few seconds).
//
// It never takes the server down: every failure is logged and the next tick tries again. It
// stops with the server (before the HTTP server closes), finishing the database work at hand.
// Instances sharing PostgreSQL take turns through an advisory lock: one keeps the demo.
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import { DEMO_WEBHOOK_SECRET } from '../ingest/load-demo.js';
import { demoFirstFxDay, findDemoLayout, topUpDemoFxRates, topUpDemoHistory, touchedCustomers, type DemoTarget } from '../ingest/demo-topup.js';
import { signStripePayload } from '../ingest/stripe/verify-signature.js';
import { withSourceLock } from '../store/source-lock.js';
import { attachDemoSignalPulse } from './demo-signal-pulse.js';
import type { DemoCatalog } from '../demo/catalog.js';
import { buildPulseEvents, pickPulse, pulseBalanceOf, pulseCatalog, type PulseBalance, type PulseCandidate, type PulseContext, type PulseEvents, type PulseSubject } from '../demo/pulse.js';
import type { StripeEvent, StripePrice, StripeProduct, StripeSubscription } from '../demo/stripe-types.js';
import { sleep } from './abortable-sleep.js';

const HOUR_MS = 3_600_000;

export type DemoPulseDeps = {
  store: Store;
  logger: Logger;
  now: () => Date;
  target: DemoTarget;
  /** The server's own address, known once it listens (`http://127.0.0.1:3000`). */
  baseUrl: () => string;
  /** Average seconds between two pulse actions; null runs the upkeep only. */
  pulseSeconds: number | null;
  /** Fixes the run's choices and ids (default: a random seed per run). */
  seed?: number;
  fetchImpl?: typeof fetch;
};

export type DemoPulse = {
  start(): void;
  stop(): Promise<void>;
  /** Resolves when the start-up upkeep (rates, history) is done. */
  readonly upkept: Promise<void>;
  /** Pulse actions taken, and events the webhook accepted. */
  stats(): { actions: number; posted: number; failed: number };
};

type Latest = { subscription: StripeSubscription; versionAt: number };

function candidateOf(sub: StripeSubscription): PulseCandidate {
  const item = sub.items.data[0];
  return {
    subscriptionId: sub.id, customerId: sub.customer, status: sub.status, priceId: item?.price.id ?? null,
    quantity: item?.quantity ?? 1, cancelAtPeriodEnd: sub.cancel_at_period_end,
    currentPeriodEnd: sub.current_period_end, trialEnd: sub.trial_end,
  };
}

export function createDemoPulse(deps: DemoPulseDeps): DemoPulse {
  const { store, logger, target } = deps;
  const db = store.db;
  const seed = deps.seed ?? randomInt(0, 2 ** 31);
  const fetchImpl = deps.fetchImpl ?? fetch;
  const controller = new AbortController();
  const signal = controller.signal;
  const counts = { actions: 0, posted: 0, failed: 0 };
  let running: Promise<void> | null = null;
  let markUpkept: () => void = () => undefined;
  const upkept = new Promise<void>((resolve) => (markUpkept = resolve));
  // The pulse's own latest versions, until the worker has stored them as snapshots.
  const latest = new Map<string, Latest>();
  let touched = new Set<string>();
  let lastFxDay: string | null = null;
  let tick = 0;
  let balance: PulseBalance | null = null;
  // The snapshots are read again at most this often; the pulse's own versions are overlaid.
  const CANDIDATES_TTL_MS = 30_000;
  let storedCandidates: { at: number; rows: Map<string, PulseCandidate & { versionAt: number }> } | null = null;

  const today = () => deps.now().toISOString().slice(0, 10);
  // A failure that repeats every beat (the server overloaded, say) is told once a minute.
  let lastWarning = 0;
  const warn = (details: object, message: string) => {
    const quiet = Date.now() - lastWarning < 60_000;
    if (!quiet) lastWarning = Date.now();
    (quiet ? logger.debug : logger.warn).call(logger, details, message);
  };

  async function topUpRates(): Promise<void> {
    const day = today();
    if (day === lastFxDay) return;
    const layout = await findDemoLayout(store, target);
    const stored = await topUpDemoFxRates(store, target.workspaceId, { firstDay: demoFirstFxDay(layout, day), today: day });
    lastFxDay = day;
    if (stored > 0) logger.info({ days: stored }, 'demo exchange rates brought up to today');
  }

  async function upkeep(): Promise<void> {
    try {
      await topUpRates();
    } catch (error) {
      logger.warn({ err: error }, 'could not bring the demo exchange rates up to date');
    }
    try {
      const result = await topUpDemoHistory(store, target, { now: deps.now(), signal });
      if (result.status === 'stored') logger.info({ events: result.stored, from: new Date(result.from * 1000).toISOString() }, 'demo history brought up to now');
    } catch (error) {
      if (!signal.aborted) logger.warn({ err: error }, 'could not bring the demo history up to now');
    }
  }

  async function loadCatalog(): Promise<DemoCatalog | null> {
    const rows = await db.selectFrom('raw_events').select(['type', 'payload'])
      .where('workspace_id', '=', target.workspaceId).where('source_id', '=', target.sourceId)
      .where('type', 'in', ['product.created', 'price.created']).execute();
    const objects = rows.map((r) => (r.payload as { data: { object: unknown } }).data.object);
    const products = rows.flatMap((r, i) => (r.type === 'product.created' ? [objects[i] as StripeProduct] : []));
    const prices = rows.flatMap((r, i) => (r.type === 'price.created' ? [objects[i] as StripePrice] : []));
    if (products.length === 0 || prices.length === 0) return null;
    const catalog = pulseCatalog(products, prices);
    return catalog.prices.length > 0 ? catalog : null;
  }

  /** The latest version of every demo subscription that has not ended, the pulse's own first. */
  async function loadCandidates(): Promise<PulseCandidate[]> {
    if (!storedCandidates || Date.now() - storedCandidates.at > CANDIDATES_TTL_MS) {
      const rows = await sql<{ subscription_id: string; customer_id: string; effective_at: number; status: string; price_id: string | null; quantity: number | null; cape: boolean | null; cpe: number | null; trial_end: number | null }>`
        with latest as (
          select distinct on (subscription_id) subscription_id, customer_id, effective_at, state
          from subscription_snapshots where workspace_id = ${target.workspaceId}
          order by subscription_id, effective_at desc, event_id desc
        )
        select subscription_id, customer_id, effective_at, state->>'status' as status,
          state->'items'->0->>'priceId' as price_id, (state->'items'->0->>'quantity')::int as quantity,
          (state->>'cancelAtPeriodEnd')::boolean as cape, (state->>'currentPeriodEnd')::bigint as cpe,
          (state->>'trialEnd')::bigint as trial_end
        from latest where state->>'status' in ('active', 'trialing', 'past_due')`.execute(db);
      storedCandidates = {
        at: Date.now(),
        rows: new Map(rows.rows.map((r) => [r.subscription_id, {
          subscriptionId: r.subscription_id, customerId: r.customer_id, status: r.status, priceId: r.price_id,
          quantity: r.quantity ?? 1, cancelAtPeriodEnd: r.cape ?? false, currentPeriodEnd: r.cpe === null ? null : Number(r.cpe),
          trialEnd: r.trial_end === null ? null : Number(r.trial_end), versionAt: Number(r.effective_at),
        }])),
      };
      // Versions the worker has stored since are the database's to tell.
      for (const [id, mine] of latest) {
        const held = storedCandidates.rows.get(id);
        if (held ? held.versionAt >= mine.versionAt : mine.subscription.status === 'canceled') latest.delete(id);
      }
    }
    const byId = new Map<string, PulseCandidate>(storedCandidates.rows);
    for (const [id, mine] of latest) {
      const candidate = candidateOf(mine.subscription);
      if (['active', 'trialing', 'past_due'].includes(candidate.status)) byId.set(id, candidate);
      else byId.delete(id);
    }
    return [...byId.values()]
      .map((c) => ({ subscriptionId: c.subscriptionId, customerId: c.customerId, status: c.status, priceId: c.priceId, quantity: c.quantity, cancelAtPeriodEnd: c.cancelAtPeriodEnd, currentPeriodEnd: c.currentPeriodEnd, trialEnd: c.trialEnd }))
      .sort((a, b) => (a.subscriptionId < b.subscriptionId ? -1 : a.subscriptionId > b.subscriptionId ? 1 : 0));
  }

  async function loadSubject(subscriptionId: string): Promise<PulseSubject | null> {
    const row = await db.selectFrom('subscription_snapshots as s')
      .innerJoin('raw_events as r', (join) => join.onRef('r.workspace_id', '=', 's.workspace_id').onRef('r.source_id', '=', 's.source_id').onRef('r.event_id', '=', 's.event_id'))
      .select(['s.effective_at', 's.customer_id', 'r.payload'])
      .where('s.workspace_id', '=', target.workspaceId).where('s.subscription_id', '=', subscriptionId)
      .orderBy('s.effective_at', 'desc').orderBy('s.event_id', 'desc').limit(1).executeTakeFirst();
    const mine = latest.get(subscriptionId);
    const fromDb = row ? { subscription: (row.payload as { data: { object: StripeSubscription } }).data.object, versionAt: Number(row.effective_at) } : null;
    const version = mine && (!fromDb || mine.versionAt > fromDb.versionAt) ? mine : fromDb;
    if (!version) return null;
    const customerId = version.subscription.customer;
    const customer = await db.selectFrom('customers').select(['customer_id', 'email', 'name', 'country', 'created_at'])
      .where('workspace_id', '=', target.workspaceId).where('customer_id', '=', customerId).executeTakeFirst();
    const invoices = await db.selectFrom('invoices').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', target.workspaceId).where('customer_id', '=', customerId).executeTakeFirst();
    return {
      ...version,
      customer: {
        id: customerId,
        created: customer?.created_at ? Math.floor(customer.created_at.getTime() / 1000) : version.subscription.created,
        email: customer?.email ?? null, name: customer?.name ?? null, country: customer?.country ?? null,
      },
      invoiceCount: Number(invoices?.n ?? 0),
    };
  }

  async function post(event: StripeEvent): Promise<void> {
    const body = JSON.stringify(event);
    const signature = signStripePayload(body, DEMO_WEBHOOK_SECRET, Math.floor(deps.now().getTime() / 1000));
    const response = await fetchImpl(`${deps.baseUrl()}/webhooks/stripe/${target.sourceId}`, {
      method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': signature }, signal,
    });
    if (response.ok) {
      counts.posted += 1;
      await response.arrayBuffer();
      return;
    }
    counts.failed += 1;
    warn({ status: response.status, event: event.id, type: event.type, body: (await response.text()).slice(0, 300) }, 'the demo pulse event was refused');
  }

  async function pulseOnce(catalog: DemoCatalog): Promise<void> {
    const context: PulseContext = { seed, tick: tick++, now: Math.floor(deps.now().getTime() / 1000) };
    const candidates = await loadCandidates();
    // The business's size when the pulse began: it holds it there.
    balance ??= pulseBalanceOf(candidates, catalog);
    const pick = pickPulse(candidates, catalog, context, touched, balance);
    const subject = pick.subscriptionId ? await loadSubject(pick.subscriptionId) : null;
    const built: PulseEvents | null =
      buildPulseEvents(pick, subject, catalog, context) ?? buildPulseEvents({ kind: 'signup', action: 'signup', subscriptionId: null }, null, catalog, context);
    if (!built) return;
    counts.actions += 1;
    touched.add(built.customerId);
    for (const event of built.events) {
      if (event.type.startsWith('customer.subscription.')) {
        latest.set((event.data.object as StripeSubscription).id, { subscription: event.data.object as StripeSubscription, versionAt: event.created });
      }
    }
    logger.debug({ action: built.action, customer: built.customerId, events: built.events.length }, 'demo pulse');
    for (const event of built.events) {
      const wait = event.created * 1000 - deps.now().getTime();
      if (wait > 0 && !(await sleep(wait, signal))) return;
      if (signal.aborted) return;
      await post(event);
    }
  }

  /** One instance keeps the demo (several may share PostgreSQL): the others wait their turn. */
  async function run(): Promise<void> {
    while (!signal.aborted) {
      const result = await withSourceLock(store, `demo-pulse:${target.sourceId}`, lead);
      if (result.acquired) return;
      markUpkept();
      if (!(await sleep(5 * 60_000, signal))) return;
    }
  }

  async function lead(): Promise<void> {
    await upkeep();
    markUpkept();
    let catalog: DemoCatalog | null = null;
    if (deps.pulseSeconds !== null && !signal.aborted) {
      try {
        catalog = await loadCatalog();
        touched = await touchedCustomers(store, target);
      } catch (error) {
        logger.warn({ err: error }, 'the demo pulse could not read the demo catalogue');
      }
      if (!catalog) logger.warn('the demo pulse found no demo catalogue; it stays off');
    }
    const intervalMs = catalog && deps.pulseSeconds !== null ? deps.pulseSeconds * 1000 : HOUR_MS;
    let nextRates = Date.now() + HOUR_MS;
    let beatStarted = Date.now();
    while (!signal.aborted) {
      // Jittered: 50% to 150% of the average, from the start of the last beat (whose delayed
      // events, a charge seconds after its invoice, may have taken part of it).
      const wait = beatStarted + intervalMs * (0.5 + Math.random()) - Date.now();
      if (!(await sleep(wait, signal))) break;
      beatStarted = Date.now();
      if (catalog) {
        try {
          await pulseOnce(catalog);
        } catch (error) {
          if (signal.aborted) break;
          warn({ err: error }, 'the demo pulse failed; it tries again at the next beat');
        }
      }
      if (Date.now() >= nextRates) {
        nextRates = Date.now() + HOUR_MS;
        await topUpRates().catch((error: unknown) => warn({ err: error }, 'could not bring the demo exchange rates up to date'));
      }
    }
  }

  return {
    upkept,
    stats: () => ({ ...counts }),
    start() {
      running ??= run().catch((error: unknown) => logger.error({ err: error }, 'the demo pulse stopped'));
    },
    async stop() {
      controller.abort();
      markUpkept();
      await running;
    },
  };
}

/** The address to reach the server at from the same machine. */
function ownAddress(app: FastifyInstance, config: Config): string {
  const address = app.server.address();
  if (address === null || typeof address === 'string') return `http://127.0.0.1:${config.port}`;
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/**
 * Wires the Demo workspace's upkeep and pulse to the server: they start once it listens and stop
 * before it closes. Nothing when the server runs without the demo.
 */
export function attachDemoPulse(
  app: FastifyInstance,
  options: { config: Config; store: Store; logger: Logger; now: () => Date; workspaceId: string | null | undefined; sourceId: string | null },
): DemoPulse | null {
  const { config, workspaceId, sourceId } = options;
  if (!config.demo || !workspaceId || !sourceId) return null;
  const pulse = createDemoPulse({
    store: options.store, logger: options.logger, now: options.now, target: { workspaceId, sourceId },
    baseUrl: () => ownAddress(app, config), pulseSeconds: config.demoPulseSeconds,
  });
  app.addHook('onListen', () => pulse.start());
  app.addHook('preClose', async () => pulse.stop());
  attachDemoSignalPulse(app, { ...options, baseUrl: () => ownAddress(app, config), upkept: pulse.upkept }); // usage, tickets, NPS: top-up and live tracking
  return pulse;
}
