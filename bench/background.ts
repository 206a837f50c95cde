// npm run bench -- background [--reuse] [--jobs alerts,health,churn,rollup,gdpr] [--baseline] [--write]
// The full demo on the embedded database (PGlite, a data folder built once under bench/out and
// copied for each run, so every run starts from the same state), then each background job once
// while a dashboard client asks for the demo's metrics summary and first page of customers every
// 50 ms (the real app, an API key, app.inject): per job its duration and the requests' p50, p99
// and max during it, against the same client with nothing else running (idle). PGlite has one
// connection: a request waits for whatever statement or transaction holds it, so a job that runs
// one long statement or transaction shows up here directly. The CPU time of the process during
// each job is reported too (less sensitive to other load on the machine than wall time).
// --baseline also runs the one-pass versions the batched jobs replaced (alert evaluation of the
// whole workspace in one go, a day's health snapshots in one pass without rests), for comparison.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createApiKey } from '../src/accounts/api-keys.js';
import { buildApp } from '../src/api/app.js';
import type { AppContext } from '../src/api/context.js';
import { eraseCustomer } from '../src/compliance/customer-data.js';
import { loadConfig } from '../src/config.js';
import { createIngestWorker } from '../src/ingest/pipeline.js';
import { demoAlreadyLoaded, ensureDemoWorkspace, storeDemoEvents } from '../src/ingest/load-demo.js';
import { loadDemoSignals } from '../src/ingest/load-demo-signals.js';
import { createAlertsJob } from '../src/jobs/alerts.js';
import { createChurnModelJob } from '../src/jobs/churn-model.js';
import { createHealthSnapshotJob, snapshotHealth } from '../src/jobs/health-snapshots.js';
import { createPacer } from '../src/jobs/share-connection.js';
import { evaluateWorkspace } from '../src/notify/evaluate-alerts.js';
import { createSignalRollupJob } from '../src/jobs/signal-rollup.js';
import { createLiveBus } from '../src/live/bus.js';
import { createLiveHub } from '../src/live/hub.js';
import { createLogger } from '../src/logger.js';
import { createDb } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { createSecretBox } from '../src/store/secret-box.js';
import { flag, machine, percentile, writeSection } from './_shared.js';

const OUT = fileURLToPath(new URL('./out/background/', import.meta.url));
const BASE = `${OUT}base`;
const WORK = `${OUT}work`;
const META = `${OUT}base.json`;
const KEY = 'c'.repeat(64);
const INTERVAL_MS = 50;
const IDLE_MS = 5_000;
const ALL_JOBS = ['alerts', 'health', 'churn', 'rollup', 'gdpr'] as const;
type JobName = (typeof ALL_JOBS)[number];

type Meta = { endAt: number; workspaceId: string; sourceId: string; events: number; buildSeconds: number };

const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' / ');

/** Builds the demo data folder once (the server's first start, without the server). */
async function buildBase(): Promise<Meta> {
  rmSync(BASE, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const store = await createDb({ kind: 'pglite', dataDir: BASE });
  const started = Date.now();
  try {
    await migrate(store);
    const endAt = Math.floor(Date.now() / 60_000) * 60;
    const now = new Date(endAt * 1000);
    const demo = await ensureDemoWorkspace(store.db, createSecretBox(KEY));
    let events = 0;
    if (!(await demoAlreadyLoaded(store.db, demo.workspace.id))) {
      events = await storeDemoEvents(store, demo, { endAt });
      log(`stored ${events} demo events; ingesting…`);
      await createIngestWorker({ store, logger: createLogger('warn'), now: () => now, batchSize: 2000, deferLedger: true }).drain();
    }
    await loadDemoSignals(store, demo.workspace, { endAt });
    const meta: Meta = { endAt, workspaceId: demo.workspace.id, sourceId: demo.source.id, events, buildSeconds: (Date.now() - started) / 1000 };
    writeFileSync(META, JSON.stringify(meta));
    return meta;
  } finally {
    await store.close();
  }
}

type Sample = { at: number; ms: number };
type Stats = { n: number; p50: number; p99: number; max: number };

function stats(samples: readonly Sample[]): Stats {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { n: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.at(-1) ?? Number.NaN };
}

type JobResult = { job: JobName; what: string; seconds: number; cpuSeconds: number; during: Stats; loadBefore: string; loadAfter: string; note: string };

export async function run(args: string[]): Promise<number> {
  const write = args.includes('--write');
  const baseline = args.includes('--baseline');
  const wanted = flag(args, 'jobs', ALL_JOBS.join(',')).split(',') as JobName[];
  const loadBefore = load();
  let meta: Meta;
  if (args.includes('--reuse') && existsSync(META) && existsSync(BASE)) {
    meta = JSON.parse(readFileSync(META, 'utf8')) as Meta;
    log(`reusing the demo data folder built in ${meta.buildSeconds.toFixed(0)} s (${BASE})`);
  } else {
    log('building the demo data folder (once; --reuse skips this next time)…');
    meta = await buildBase();
    log(`built in ${meta.buildSeconds.toFixed(0)} s`);
  }
  rmSync(WORK, { recursive: true, force: true });
  cpSync(BASE, WORK, { recursive: true });

  const store = await createDb({ kind: 'pglite', dataDir: WORK });
  const now = () => new Date(meta.endAt * 1000);
  const logger = createLogger('warn');
  const bus = createLiveBus(store);
  const hub = createLiveHub();
  const config = loadConfig({ REVPULSE_DEMO: 'false', REVPULSE_RATE_LIMIT_API: '10000000', LOG_LEVEL: 'warn' });
  const box = createSecretBox(KEY);
  const ctx: AppContext = { config, store, box, logger, bus, hub, wakeIngest: () => undefined, now };
  const app = await buildApp(ctx, { webDist: '/nonexistent' });
  const { token } = await createApiKey(store.db, { workspaceId: meta.workspaceId, name: 'bench', role: 'analyst', createdBy: null, now: now() });
  const headers = { authorization: `Bearer ${token}` };
  const paths = [`/v1/metrics/summary?workspace=${meta.workspaceId}`, `/v1/customers?limit=50&workspace=${meta.workspaceId}`];
  for (const url of paths) {
    const res = await app.inject({ url, headers });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  }

  /** A dashboard client: one request every 50 ms (alternating summary and customers), each
   *  timed from when it was due — so a request that could not even start because the event loop
   *  was held counts its wait too — until stop(); a request that waits delays the next one. */
  const client = () => {
    const samples: Sample[] = [];
    let stopped = false;
    let i = 0;
    const loop = (async () => {
      let due = performance.now();
      while (!stopped) {
        const res = await app.inject({ url: paths[i++ % paths.length]!, headers });
        if (res.statusCode !== 200) throw new Error(`dashboard request: ${res.statusCode} ${res.body.slice(0, 200)}`);
        const end = performance.now();
        samples.push({ at: due, ms: end - due });
        due = Math.max(due + INTERVAL_MS, end);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      }
      // A request due but never sent: the timer could not fire (a job held the event loop — PGlite
      // runs each statement on it) until stop(); it waited at least this long.
      if (performance.now() - due > INTERVAL_MS) samples.push({ at: due, ms: performance.now() - due });
    })();
    return { samples, stop: async () => { stopped = true; await loop; } };
  };

  const measure = async (job: JobName, what: string, work: () => Promise<string>): Promise<JobResult> => {
    const before = load();
    const c = client();
    await new Promise((resolve) => setTimeout(resolve, 200)); // the client is running first
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const note = await work();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    await c.stop();
    // Every request that waited while the job ran (one sent just before it started counts too).
    const during = stats(c.samples.filter((s) => s.at + s.ms >= t0 && s.at <= t0 + seconds * 1000));
    const result = { job, what, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, during, loadBefore: before, loadAfter: load(), note };
    log(`${job}: ${seconds.toFixed(1)} s (cpu ${result.cpuSeconds.toFixed(1)} s); requests during it p50 ${during.p50.toFixed(0)} ms, p99 ${during.p99.toFixed(0)} ms, max ${during.max.toFixed(0)} ms (${during.n}); ${note}; load ${before} → ${result.loadAfter}`);
    return result;
  };

  // Idle: the same client with no job running.
  const idleClient = client();
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  await idleClient.stop();
  const idle = stats(idleClient.samples.slice(5));
  log(`idle: p50 ${idle.p50.toFixed(1)} ms, p99 ${idle.p99.toFixed(1)} ms, max ${idle.max.toFixed(1)} ms (${idle.n} requests)`);

  const deps = { store, logger, now, bus, config };
  const results: JobResult[] = [];
  try {
    for (const job of wanted) {
      if (job === 'alerts') {
        const alerts = createAlertsJob(deps, { mailer: null, post: async () => undefined });
        results.push(await measure(job, 'alert evaluation, every workspace (the 5-minute run; first run opens the demo\'s alerts)', async () => {
          const r = await alerts.evaluateAll();
          return `${r?.evaluated ?? 0} customers evaluated, ${r?.opened ?? 0} alerts opened`;
        }));
        results.push(await measure(job, 'alert evaluation again (nothing changed)', async () => {
          const r = await alerts.evaluateAll();
          return `${r?.evaluated ?? 0} customers evaluated, ${r?.opened ?? 0} opened, ${r?.cleared ?? 0} cleared`;
        }));
        await alerts.stop();
        if (baseline) {
          results.push(await measure(job, 'before: alert evaluation in one pass (evaluateWorkspace, nothing changed)', async () => {
            const r = await evaluateWorkspace({ store, bus, now }, meta.workspaceId);
            return `${r.evaluated} customers evaluated, ${r.opened} opened, ${r.cleared} cleared`;
          }));
        }
      } else if (job === 'health') {
        const health = createHealthSnapshotJob(deps);
        results.push(await measure(job, 'health snapshots: today and the history backfill (first run)', async () => {
          const r = await health.run();
          return `${r.today} today, ${r.backfilled} backfilled over ${r.days} days`;
        }));
        results.push(await measure(job, 'health snapshots: the hourly run (today only)', async () => {
          const r = await health.run();
          return `${r.today} today, ${r.backfilled} backfilled`;
        }));
        if (baseline) {
          const today = now().toISOString().slice(0, 10);
          results.push(await measure(job, "before: today's health snapshots in one pass, no rests", async () => {
            const n = await snapshotHealth(store, meta.workspaceId, today, now(), { batchSize: 1_000_000, pacer: createPacer({ kind: 'postgres' }) });
            return `${n} today`;
          }));
        }
      } else if (job === 'churn') {
        const churn = createChurnModelJob(deps);
        results.push(await measure(job, 'churn model: training and scoring (first run)', async () => {
          const r = await churn.run();
          return `${r.trained} trained, ${r.scored} scored`;
        }));
        results.push(await measure(job, 'churn model: the daily scoring', async () => {
          const r = await churn.run();
          return `${r.trained} trained, ${r.scored} scored`;
        }));
      } else if (job === 'rollup') {
        const rollup = createSignalRollupJob(deps);
        results.push(await measure(job, 'signal roll-up (queue empty: upkeep sweep and relink)', async () => {
          const r = await rollup.run();
          return `${r.claimed} claimed, ${r.linked} linked`;
        }));
      } else if (job === 'gdpr') {
        const row = await store.db.selectFrom('customer_summaries').select('customer_id').where('workspace_id', '=', meta.workspaceId)
          .orderBy('mrr', 'desc').limit(1).executeTakeFirstOrThrow();
        results.push(await measure(job, 'GDPR erase (anonymise) of the demo\'s largest customer', async () => {
          const r = await eraseCustomer(store.db, { workspaceId: meta.workspaceId, customerId: row.customer_id }, { mode: 'anonymise', now: now() });
          return `${Object.values(r.counts).reduce((a, b) => a + b, 0)} rows changed`;
        }));
      }
    }
  } finally {
    await app.close();
    hub.close();
    await store.close();
    rmSync(WORK, { recursive: true, force: true });
  }

  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const target = 200;
  const table = [
    '| job | duration | CPU | request p50 | p99 | max | requests | load before → after | result |',
    '|---|---|---|---|---|---|---|---|---|',
    `| idle (no job) | — | — | ${idle.p50.toFixed(1)} ms | ${idle.p99.toFixed(1)} ms | ${idle.max.toFixed(1)} ms | ${idle.n} | — | — |`,
    ...results.map((r) => `| ${r.what} | ${r.seconds.toFixed(1)} s | ${r.cpuSeconds.toFixed(1)} s | ${ms(r.during.p50)} | ${ms(r.during.p99)}${r.during.p99 > target ? ' ✗' : ' ✓'} | ${ms(r.during.max)} | ${r.during.n} | ${r.loadBefore} → ${r.loadAfter} | ${r.note} |`),
  ].join('\n');
  const misses = results.filter((r) => r.during.p99 > target);
  const body = [
    `\`npm run bench -- background\`: the full demo (${meta.events.toLocaleString('en-US')} Stripe events and its product signals) on the embedded database (PGlite, a data folder), each background job run once while a dashboard client asks for the metrics summary and the first page of customers every ${INTERVAL_MS} ms (the real app through app.inject, an API key). Target: a request waits at most ~${target} ms at p99 while any job runs (a quiet machine).`,
    '',
    `Machine: ${machine()}. Load average (1 / 5 / 15 min) before the run ${loadBefore}, after ${load()}.`,
    '',
    table,
    '',
    misses.length === 0 ? `Every job met the target.` : `Missed (p99 over ${target} ms): ${misses.map((m) => m.what).join('; ')}.`,
    '',
    'How the jobs share the connection: alert evaluation, health snapshots, churn training and scoring read signals in batches of customers (200, 500, 500), each batch its own short reads and transaction, and on PGlite rest as long as their last batch took before the next (src/jobs/share-connection.ts), so requests that queued run on an idle connection and a request waits for about one batch. The signal roll-up takes 500 messages per transaction on PGlite, paced the same way. Tests compare each batched job with its one-pass result (test/integration/alerts-batched, health-batched, churn-batched).',
    '',
    'What one batch costs, measured with EXPLAIN ANALYZE on the demo: two of the signals queries (src/read/success-signals/query.ts: usageRows and activeUsers) scan the whole 60-day window of usage_daily (~91,000 of 167,000 rows) and user_activity_daily (~40,000) whatever the batch, because the planner prefers a sequential scan to ~200 primary-key probes; they are most of a batch\'s time and set the floor of the wait. Next step: read them per account (a lateral primary-key probe per linked account of the batch) so a batch costs in proportion to its customers. A GDPR erasure is still one transaction (src/compliance/customer-data.ts): the whole-workspace sweep and the locked raw-events scan hold the connection for their whole length on PGlite (see docs/compliance.md).',
  ].join('\n');
  process.stdout.write(`${body}\n`);
  if (write) writeSection('## Background jobs and the embedded database', body);
  return 0;
}
