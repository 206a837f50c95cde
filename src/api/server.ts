// Starts Revpulse: opens the database (migrated), makes sure the user's workspace and the demo
// exist, runs the ingest worker and the live feed, and listens. SIGINT/SIGTERM stop it
// gracefully: no new connections, in-flight requests finish, the worker finishes its batch, the
// database closes and the data-folder lock is released.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { describeLock } from '../store/data-dir-lock.js';
import { ensureWorkspace } from '../store/workspaces-repo.js';
import { createIngestWorker, type IngestWorker } from '../ingest/pipeline.js';
import { demoAlreadyLoaded, ensureDemoWorkspace, storeDemoEvents, DEMO_WEBHOOK_SECRET } from '../ingest/load-demo.js';
import { createLiveBus } from '../live/bus.js';
import { createLiveHub } from '../live/hub.js';
import { createUpdatePublisher } from '../live/publish-updates.js';
import { createSyncHeartbeat } from '../jobs/sync-heartbeat.js';
import { createSyncStatusPublisher } from '../live/publish-sync-status.js';
import { ensureAccounts } from '../accounts/first-run.js';
import { buildApp } from './app.js';

export type RunningServer = {
  app: FastifyInstance;
  url: string;
  runtime: Runtime;
  worker: IngestWorker;
  stop(): Promise<void>;
};

export async function startServer(
  config: Config,
  options: { logger?: Logger; now?: () => Date; print?: (line: string) => void } = {},
): Promise<RunningServer> {
  const started = Date.now();
  const logger = options.logger ?? createLogger(config.logLevel);
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const runtime = await openRuntime(config, 'serve', { onError: (err, where) => logger.warn({ err, where }, 'database connection error') });
  const { store, box } = runtime;
  if (runtime.applied.length > 0) logger.info({ migrations: runtime.applied }, 'migrations applied');

  const bus = createLiveBus(store, { now: options.now });
  const hub = createLiveHub();
  const unsubscribe = await bus.subscribe((message) => hub.deliver(message));
  const worker = createIngestWorker({ store, logger, now, leaseSeconds: config.ingestLeaseSeconds, afterBatch: createUpdatePublisher(store, bus, logger, now) });
  if (runtime.releasedLeases > 0) logger.warn({ events: runtime.releasedLeases }, 'events claimed by a previous run that stopped abruptly are queued again');

  const home = await ensureWorkspace(store.db, { slug: 'default', name: 'My workspace' });
  let demoSourceId: string | null = null;
  let demoWorkspace = null;
  if (config.demo) {
    const demo = await ensureDemoWorkspace(store.db, box);
    demoSourceId = demo.source.id;
    demoWorkspace = demo.workspace;
    if (!(await demoAlreadyLoaded(store.db, demo.workspace.id))) {
      print('Loading the demo data set (first start only)…');
      // The demo ends at the server's clock (floored to the minute), so a test can pin its day.
      const stored = await storeDemoEvents(store, demo, { endAt: Math.floor(now().getTime() / 60_000) * 60 });
      const t0 = Date.now();
      await createIngestWorker({ store, logger, now, batchSize: 2000, deferLedger: true }).drain();
      print(`Demo ready: ${stored} Stripe events ingested in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
    }
  }
  worker.start();
  // The revenue heartbeat: Stripe sources with an API key sync every REVPULSE_SYNC_INTERVAL.
  const heartbeat = createSyncHeartbeat({
    deps: { store, box, logger, now, stripeApiUrl: config.stripeApiUrl, onStored: () => worker.wake(), publishStatus: createSyncStatusPublisher(bus) },
    intervalSeconds: config.syncIntervalSeconds,
  });
  heartbeat.start();
  if (!box.canSeal) print('REVPULSE_SECRET_KEY is not set: Stripe sources (webhook secrets, API keys) cannot be added until it is (`openssl rand -hex 32`).');
  const accounts = await ensureAccounts(store.db, { adminEmail: config.auth.adminEmail, adminPassword: config.auth.adminPassword, home, demo: demoWorkspace });

  const app = await buildApp({ config, store, box, logger, bus, hub, wakeIngest: () => worker.wake(), now });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://localhost:${port}`;
  if (runtime.lock) describeLock(runtime.lock, { url });

  print(`Revpulse is running at ${url} (database: ${store.kind === 'pglite' ? `embedded, ${config.dataDir}` : 'PostgreSQL'}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (demoSourceId) {
    print(`Demo workspace: signed Stripe webhooks go to ${url}/webhooks/stripe/${demoSourceId} (secret ${DEMO_WEBHOOK_SECRET}).`);
  }
  if (accounts.owner) {
    print(
      accounts.owner.generatedPassword
        ? `Owner account created: ${accounts.owner.email} / ${accounts.owner.generatedPassword} (shown once; change it under Settings → Account, or \`revpulse users reset-password ${accounts.owner.email}\`).`
        : `Owner account created: ${accounts.owner.email} (password from REVPULSE_ADMIN_PASSWORD).`,
    );
  }
  if (accounts.demoLogin) print(`Demo login (read-only, Demo workspace only): ${accounts.demoLogin.email} / ${accounts.demoLogin.password}`);

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      hub.close();
      await heartbeat.stop();
      await worker.stop();
      await unsubscribe();
      await runtime.close();
    })());
  return { app, url, runtime, worker, stop };
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
