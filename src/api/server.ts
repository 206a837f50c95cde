// Starts Revpulse: opens the database (migrated), makes sure the user's workspace and the demo
// exist, runs the ingest worker and the live feed, and listens. SIGINT/SIGTERM stop it
// gracefully: no new connections, in-flight requests finish, the worker finishes its batch, the
// database closes and the data-folder lock is released.
import type { FastifyInstance } from 'fastify';
import { ConfigError, type Config } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { describeLock } from '../store/data-dir-lock.js';
import { ensureWorkspace } from '../store/workspaces-repo.js';
import { createIngestWorker, type IngestWorker } from '../ingest/pipeline.js';
import { createThreadedIngestWorker } from '../ingest/ingest-thread.js';
import { demoAlreadyLoaded, ensureDemoWorkspace, loadDemoBilling, DEMO_WEBHOOK_SECRET } from '../ingest/load-demo.js';
import { createLiveBus } from '../live/bus.js';
import { createLiveHub } from '../live/hub.js';
import { createUpdatePublisher } from '../live/publish-updates.js';
import { createSyncHeartbeat } from '../jobs/sync-heartbeat.js';
import { createFxRefreshJob } from '../jobs/fx-refresh.js';
import { createSessionPruneJob } from '../jobs/session-prune.js';
import { sessionPolicy } from '../accounts/sessions.js';
import { failAbandonedRebuilds } from '../store/rebuild-jobs-repo.js';
import { createSyncStatusPublisher } from '../live/publish-sync-status.js';
import { ensureAccounts } from '../accounts/first-run.js';
import { attachDemoPulse } from '../jobs/demo-pulse.js';
import { createSuccessJobs } from '../jobs/success-jobs.js';
import { createOperationsJobs } from '../jobs/operations-jobs.js';
import { loadDemoSignals } from '../ingest/load-demo-signals.js';
import { buildApp } from './app.js';
import type { PaypalCertSource } from '../ingest/paypal/cert-cache.js';

/** Why `revpulse serve` on PostgreSQL will not start without REVPULSE_SECRET_KEY (one line). */
export const POSTGRES_NEEDS_SECRET_KEY =
  'REVPULSE_SECRET_KEY is not set: on PostgreSQL it is required (it encrypts stored webhook secrets and API keys). ' +
  'Make one with `openssl rand -hex 32` and set REVPULSE_SECRET_KEY to it (the same on every instance).';

/** Lines inside a frame drawn with box-drawing characters (no colour needed to stand out). */
export function framed(lines: readonly string[]): string[] {
  const width = Math.max(...lines.map((line) => [...line].length));
  const pad = (line: string) => line + ' '.repeat(width - [...line].length);
  return [`╔${'═'.repeat(width + 2)}╗`, ...lines.map((line) => `║ ${pad(line)} ║`), `╚${'═'.repeat(width + 2)}╝`];
}

export type RunningServer = {
  app: FastifyInstance;
  url: string;
  runtime: Runtime;
  worker: IngestWorker;
  /** Waits for the background jobs' runs under way (a fresh demo's first health, risk and alert
   *  runs): tests and tools that want a settled workspace call it; serving never waits. */
  settleBackground(): Promise<void>;
  stop(): Promise<void>;
};

export async function startServer(
  config: Config,
  // paypalCertSource: browser tests only (a local certificate server); never from configuration.
  options: { logger?: Logger; now?: () => Date; print?: (line: string) => void; paypalCertSource?: PaypalCertSource; ingestThread?: boolean } = {},
): Promise<RunningServer> {
  const started = Date.now();
  const logger = options.logger ?? createLogger(config.logLevel);
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  // The embedded database keeps its key in the data folder; PostgreSQL has no such folder.
  if (config.database.kind === 'postgres' && !config.secretKey) throw new ConfigError(POSTGRES_NEEDS_SECRET_KEY);
  const runtime = await openRuntime(config, 'serve', {
    onError: (err, where) => logger.warn({ err, where }, 'database connection error'),
    onSecretKeyCreated: () => undefined, // said in the box at the end
  });
  const { store, box } = runtime;
  if (runtime.applied.length > 0) logger.info({ applied: runtime.applied.length, latest: runtime.applied.at(-1) }, 'database schema brought up to date');

  const bus = createLiveBus(store, { now: options.now });
  const hub = createLiveHub();
  const unsubscribe = await bus.subscribe((message) => hub.deliver(message));
  // On PostgreSQL ingestion may run in its own thread, off the HTTP event loop (ingest-thread.ts),
  // with REVPULSE_INGEST_THREAD=true. Off by default: on a 2-core machine shared with PostgreSQL
  // it measured slower than in-process (docs/benchmarks.md, "Live feed").
  const threadUrl = config.database.kind === 'postgres' && (options.ingestThread ?? config.ingestThread) ? config.database.url : null;
  const worker = threadUrl
    ? createThreadedIngestWorker({ logger, data: { databaseUrl: threadUrl, logLevel: logger.level, clockOffsetMs: now().getTime() - Date.now(), leaseSeconds: config.ingestLeaseSeconds } })
    : createIngestWorker({ store, logger, now, leaseSeconds: config.ingestLeaseSeconds, afterBatch: createUpdatePublisher(store, bus, logger, now) });
  if (runtime.releasedLeases > 0) logger.warn({ events: runtime.releasedLeases }, 'events claimed by a previous run that stopped abruptly are queued again');

  const home = await ensureWorkspace(store.db, { slug: 'default', name: 'My workspace' });
  let demoSourceId: string | null = null;
  let demoWorkspace = null;
  if (config.demo) {
    const demo = await ensureDemoWorkspace(store.db, box);
    demoSourceId = demo.source.id;
    demoWorkspace = demo.workspace;
    if (!(await demoAlreadyLoaded(store.db, demo.workspace.id))) {
      // The demo ends at the server's clock (floored to the minute), so a test can pin its day.
      await loadDemoBilling(store, demo, { logger, now, print, endAt: Math.floor(now().getTime() / 60_000) * 60 });
    }
  }
  // Every job below is created now (the app wakes them) and started once the server listens: on
  // the embedded database everything shares one connection, so a job's first run started before
  // listen would hold back the rest of the start-up (issue 16, first start).
  // The revenue heartbeat: Stripe sources with an API key sync every REVPULSE_SYNC_INTERVAL.
  const heartbeat = createSyncHeartbeat({
    deps: { store, box, logger, now, stripeApiUrl: config.stripeApiUrl, paypalApiUrl: config.paypalApiUrl, onStored: () => worker.wake(), publishStatus: createSyncStatusPublisher(bus) },
    intervalSeconds: config.syncIntervalSeconds,
  });
  // Exchange rates: the ECB's reference rates, every working day (REVPULSE_FX_RATES_URL=off: none).
  const fxJob = config.fxRatesUrl ? createFxRefreshJob({ store, logger, now, baseUrl: config.fxRatesUrl }) : null;
  // Sessions past their lifetime or idle timeout are deleted, now and every hour.
  const sessionJob = createSessionPruneJob({ store, logger, now, policy: sessionPolicy(config.auth) });
  // Customer success: signal roll-ups, health snapshots, churn model, alerts.
  const successJobs = createSuccessJobs({ store, logger, now, bus, config });
  // Trust and operations: GDPR requests, retention, scheduled backups, outgoing webhooks.
  const operationsJobs = createOperationsJobs({ store, box, logger, now, bus, config });
  // A rebuild left 'running' by an instance that died an hour ago or more rolled back: say so.
  await failAbandonedRebuilds(store.db, new Date(Date.now() - 3_600_000));
  const accounts = await ensureAccounts(store.db, { adminEmail: config.auth.adminEmail, adminPassword: config.auth.adminPassword, home, demo: demoWorkspace });

  const app = await buildApp({ config, store, box, logger, bus, hub, wakeIngest: () => worker.wake(), wakeSignals: () => successJobs.wakeSignals(), wakeReports: () => successJobs.wakeReports(), wakeGdpr: () => operationsJobs.wakeGdpr(), wakeWebhooks: () => operationsJobs.wakeWebhooks(), now, ...(options.paypalCertSource ? { paypalCertSource: options.paypalCertSource } : {}) });
  attachDemoPulse(app, { config, store, logger, now, workspaceId: demoWorkspace?.id, sourceId: demoSourceId }); // the Demo workspace's upkeep and pulse: from listen to close
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://localhost:${port}`;
  if (runtime.lock) describeLock(runtime.lock, { url });

  print(`Revpulse is running at ${url} (database: ${store.kind === 'pglite' ? `embedded, ${config.dataDir}` : 'PostgreSQL'}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  // Last, framed: what a person needs to sign in and connect Stripe. Lines fit 80 columns for
  // the default addresses.
  const owner = accounts.owner;
  const notice: string[] = [`Open ${url} and sign in.`, ''];
  if (owner?.generatedPassword) {
    notice.push(`  Owner login   ${owner.email} / ${owner.generatedPassword}`, '                (shown once: change it under Settings → Account)');
  } else if (owner) {
    notice.push(`  Owner login   ${owner.email} (password from REVPULSE_ADMIN_PASSWORD)`);
  } else {
    notice.push('  Use your account (lost password: revpulse users reset-password EMAIL)');
  }
  if (accounts.demoLogin) notice.push(`  Demo login    ${accounts.demoLogin.email} / ${accounts.demoLogin.password} (read-only)`);
  notice.push('', 'Connect Stripe: Settings → Sources → Add a Stripe account.');
  if (demoSourceId) notice.push(`Demo webhooks: ${url}/webhooks/stripe/${demoSourceId}`, `               signing secret ${DEMO_WEBHOOK_SECRET}`);
  if (runtime.secretKey.kind === 'file' && runtime.secretKey.created) {
    notice.push('', `Secret key created: ${runtime.secretKey.file}`, '  It encrypts webhook secrets and API keys: include it in backups.');
  }
  for (const line of framed(notice)) print(line);

  // Served: now the background work. The demo's usage, tickets and NPS (once; nothing when
  // already there) come before the success jobs, so their first runs see them; until then the
  // Success screen shows its "not yet" notes.
  worker.start();
  heartbeat.start();
  fxJob?.start();
  sessionJob.start();
  const background = (async () => {
    if (demoWorkspace) {
      const workspace = demoWorkspace;
      await loadDemoSignals(store, workspace, { endAt: Math.floor(now().getTime() / 60_000) * 60 }).catch((error: unknown) => logger.error({ err: error }, 'loading the demo product signals failed'));
    }
    successJobs.start();
    operationsJobs.start();
  })();

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      hub.close();
      await background;
      await heartbeat.stop();
      await fxJob?.stop();
      await sessionJob.stop();
      await successJobs.stop();
      await operationsJobs.stop();
      await worker.stop();
      await unsubscribe();
      await runtime.close();
    })());
  return { app, url, runtime, worker, settleBackground: async () => {
    await background;
    await successJobs.settle();
    await operationsJobs.settle();
  }, stop };
}

/** Wires SIGINT/SIGTERM to a graceful stop, with a hard deadline. */
export function stopOnSignals(server: RunningServer, logger: Pick<Logger, 'info' | 'error'>, deadlineMs = 10_000): void {
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
