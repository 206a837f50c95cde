// The demo's product signals while the server runs.
//
// Upkeep, once the demo's billing upkeep is done (src/jobs/demo-pulse.ts: its history carried on
// to the clock) and the ingest worker has caught up with it: the generated usage, tickets and NPS
// answers are carried on to today (topUpDemoSignals in src/ingest/demo-topup.ts).
// Pulse (REVPULSE_DEMO_PULSE, the same switch and average interval as the Stripe pulse): every
// few seconds a Segment `batch` of a few calls by people of active demo accounts is posted to the
// server's own /v1/batch — the real tracking path: write-key auth, storage, the roll-up, the
// link rules. The write key is an `ingest` API key of the Demo workspace the job creates on start
// and keeps in memory only; keys it made before (a crash, an earlier run) are revoked first, and
// its own on stop, so they never pile up.
//
// It never takes the server down: every failure is logged and the next beat tries again.
// Instances sharing PostgreSQL take turns through an advisory lock: one pulses.
import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../accounts/api-keys.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createRng, mixSeed } from '../demo/random.js';
import { pulseBatch, type PulsePerson } from '../demo/signals/pulse.js';
import { topUpDemoSignals } from '../ingest/demo-topup.js';
import { listApiKeys, revokeApiKey } from '../store/api-keys-repo.js';
import type { Store } from '../store/db.js';
import { activeDemoPeople, billingIngestPending } from '../store/demo-signals-repo.js';
import { withSourceLock } from '../store/source-lock.js';
import { sleep } from './abortable-sleep.js';

/** The name of the job's API keys (the ones it revokes). */
export const DEMO_SIGNAL_KEY_NAME = 'Demo signal pulse';
const PEOPLE_TTL_MS = 5 * 60_000;
/** How long the upkeep waits for the ingest worker to catch up with the billing top-up. */
const INGEST_WAIT_MS = 120_000;

export type DemoSignalPulseDeps = {
  store: Store;
  logger: Logger;
  now: () => Date;
  workspaceId: string;
  /** The server's own address, known once it listens. */
  baseUrl: () => string;
  /** Average seconds between two batches; null runs the upkeep only. */
  pulseSeconds: number | null;
  /** Resolves when the demo's billing upkeep is done (default: at once). */
  upkept?: Promise<void>;
  seed?: number;
  fetchImpl?: typeof fetch;
};

export type DemoSignalPulse = {
  start(): void;
  stop(): Promise<void>;
  /** Resolves when the signals' start-up upkeep is done. */
  readonly upkept: Promise<void>;
  stats(): { batches: number; calls: number; failed: number };
};

export function createDemoSignalPulse(deps: DemoSignalPulseDeps): DemoSignalPulse {
  const { store, logger, workspaceId } = deps;
  const seed = deps.seed ?? randomInt(0, 2 ** 31);
  const fetchImpl = deps.fetchImpl ?? fetch;
  const controller = new AbortController();
  const signal = controller.signal;
  const counts = { batches: 0, calls: 0, failed: 0 };
  let running: Promise<void> | null = null;
  let markUpkept: () => void = () => undefined;
  const upkept = new Promise<void>((resolve) => (markUpkept = resolve));
  let key: { id: string; token: string } | null = null;
  let people: { at: number; list: PulsePerson[] } | null = null;
  let tick = 0;
  let lastWarning = 0;
  const warn = (details: object, message: string) => {
    const quiet = Date.now() - lastWarning < 60_000;
    if (!quiet) lastWarning = Date.now();
    (quiet ? logger.debug : logger.warn).call(logger, details, message);
  };

  async function upkeep(): Promise<void> {
    await deps.upkept;
    try {
      const deadline = Date.now() + INGEST_WAIT_MS;
      while (Date.now() < deadline && (await billingIngestPending(store.db, workspaceId))) {
        if (!(await sleep(1000, signal))) return;
      }
      const result = await topUpDemoSignals(store, workspaceId, { now: deps.now() });
      if (result.status === 'stored') logger.info({ rows: result.rows, from: result.from }, 'demo product signals brought up to today');
    } catch (error) {
      if (!signal.aborted) logger.warn({ err: error }, 'could not bring the demo product signals up to today');
    }
  }

  /** Revokes the keys an earlier run left, then makes this run's. */
  async function ensureKey(): Promise<{ id: string; token: string }> {
    if (key) return key;
    const now = deps.now();
    for (const old of await listApiKeys(store.db, workspaceId)) {
      if (old.name === DEMO_SIGNAL_KEY_NAME && old.revokedAt === null) await revokeApiKey(store.db, workspaceId, old.id, now);
    }
    const made = await createApiKey(store.db, { workspaceId, name: DEMO_SIGNAL_KEY_NAME, role: 'ingest', createdBy: null, now });
    key = { id: made.key.id, token: made.token };
    return key;
  }

  async function pulseOnce(): Promise<void> {
    if (!people || Date.now() - people.at > PEOPLE_TTL_MS) people = { at: Date.now(), list: await activeDemoPeople(store.db, workspaceId) };
    if (people.list.length === 0) return;
    const { token } = await ensureKey();
    const rng = createRng(mixSeed(seed, tick));
    const body = pulseBatch(people.list, rng, deps.now(), rng.int(2, 6), `demo-pulse-${seed.toString(36)}-${tick.toString(36)}`);
    tick += 1;
    const response = await fetchImpl(`${deps.baseUrl()}/v1/batch`, {
      method: 'POST', body: JSON.stringify(body), signal,
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${token}:`).toString('base64')}` },
    });
    if (response.ok) {
      counts.batches += 1;
      counts.calls += body.batch.length;
      await response.arrayBuffer();
      return;
    }
    counts.failed += 1;
    // A key revoked from Settings: make a new one at the next beat.
    if (response.status === 401 || response.status === 403) key = null;
    warn({ status: response.status, body: (await response.text()).slice(0, 300) }, 'the demo signal pulse batch was refused');
  }

  async function lead(): Promise<void> {
    await upkeep();
    markUpkept();
    if (deps.pulseSeconds === null) return;
    const intervalMs = deps.pulseSeconds * 1000;
    let beatStarted = Date.now();
    while (!signal.aborted) {
      const wait = beatStarted + intervalMs * (0.5 + Math.random()) - Date.now();
      if (!(await sleep(wait, signal))) break;
      beatStarted = Date.now();
      try {
        await pulseOnce();
      } catch (error) {
        if (signal.aborted) break;
        warn({ err: error }, 'the demo signal pulse failed; it tries again at the next beat');
      }
    }
  }

  async function run(): Promise<void> {
    while (!signal.aborted) {
      const result = await withSourceLock(store, `demo-signal-pulse:${workspaceId}`, lead);
      if (result.acquired) return;
      markUpkept();
      if (!(await sleep(5 * 60_000, signal))) return;
    }
  }

  return {
    upkept,
    stats: () => ({ ...counts }),
    start() {
      running ??= run().catch((error: unknown) => logger.error({ err: error }, 'the demo signal pulse stopped'));
    },
    async stop() {
      controller.abort();
      markUpkept();
      await running;
      if (key) {
        await revokeApiKey(store.db, workspaceId, key.id, deps.now()).catch((error: unknown) => logger.warn({ err: error }, 'could not revoke the demo signal pulse key'));
        key = null;
      }
    },
  };
}

/**
 * Wires the demo's signal upkeep and pulse to the server: they start once it listens (after the
 * billing upkeep, `upkept`) and stop before it closes. Nothing without the demo.
 */
export function attachDemoSignalPulse(
  app: FastifyInstance,
  options: { config: Config; store: Store; logger: Logger; now: () => Date; workspaceId: string | null | undefined; baseUrl: () => string; upkept?: Promise<void> },
): DemoSignalPulse | null {
  const { config, workspaceId } = options;
  if (!config.demo || !workspaceId) return null;
  const pulse = createDemoSignalPulse({
    store: options.store, logger: options.logger, now: options.now, workspaceId, baseUrl: options.baseUrl,
    pulseSeconds: config.demoPulseSeconds, ...(options.upkept ? { upkept: options.upkept } : {}),
  });
  app.addHook('onListen', () => pulse.start());
  app.addHook('preClose', async () => pulse.stop());
  return pulse;
}
