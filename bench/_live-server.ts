// The server under test for `npm run bench -- live`, in its own process (so the load generator
// and its 50 WebSocket clients do not share its event loop): the real application, ingest worker
// and live feed on PostgreSQL, as `revpulse serve` runs them, minus the demo and first-run setup.
// Started with fork(): env BENCH_DATABASE_URL and BENCH_SECRET_KEY; it sends { port } once
// listening. Optional env BENCH_INGEST: `inline` (default, as `revpulse serve`: the worker on the HTTP
// event loop) or `thread` (as with REVPULSE_INGEST_THREAD=true). Messages it takes: { stop: true } (it
// exits), { ingest: 'stop' } (the worker stops: webhooks are only stored; answered
// { ingestStopped: true }), { cpu: true } (answered { cpu: { user, system } } in µs since start).
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/api/app.js';
import { loadConfig } from '../src/config.js';
import { createIngestWorker, type IngestWorker } from '../src/ingest/pipeline.js';
import { createThreadedIngestWorker } from '../src/ingest/ingest-thread.js';
import { createLiveBus } from '../src/live/bus.js';
import { createLiveHub } from '../src/live/hub.js';
import { createUpdatePublisher } from '../src/live/publish-updates.js';
import { createLogger } from '../src/logger.js';
import { createDb } from '../src/store/db.js';
import { createSecretBox } from '../src/store/secret-box.js';

const url = process.env.BENCH_DATABASE_URL;
const secretKey = process.env.BENCH_SECRET_KEY;
const mode = process.env.BENCH_INGEST ?? 'inline';
if (!url || !secretKey || !process.send) throw new Error('start me from bench/live.ts');

const config = loadConfig({
  DATABASE_URL: url,
  REVPULSE_SECRET_KEY: secretKey,
  REVPULSE_DEMO: 'false',
  REVPULSE_RATE_LIMIT_WEBHOOKS: '100000000',
  REVPULSE_RATE_LIMIT_API: '100000000',
  LOG_LEVEL: 'warn',
});
const logger = createLogger('warn');
const store = await createDb({ kind: 'postgres', url });
const now = () => new Date();
const bus = createLiveBus(store);
const hub = createLiveHub();
const unsubscribe = await bus.subscribe((message) => hub.deliver(message));
const worker: IngestWorker =
  mode === 'inline'
    ? createIngestWorker({ store, logger, now, afterBatch: createUpdatePublisher(store, bus, logger, now) })
    : createThreadedIngestWorker({ logger, data: { databaseUrl: url, logLevel: 'warn', clockOffsetMs: 0 } });
const app = await buildApp(
  { config, store, box: createSecretBox(secretKey), logger, bus, hub, wakeIngest: () => worker.wake(), now },
  { webDist: '/nonexistent' },
);
worker.start();
await app.listen({ port: 0, host: '127.0.0.1' });
process.send({ port: (app.server.address() as AddressInfo).port });
process.on('message', (message: { stop?: boolean; ingest?: 'stop'; cpu?: boolean }) => {
  if (message.cpu) process.send?.({ cpu: process.cpuUsage() });
  if (message.ingest === 'stop') void worker.stop().then(() => process.send?.({ ingestStopped: true }));
  if (!message.stop) return;
  void (async () => {
    await app.close();
    hub.close();
    await worker.stop();
    await unsubscribe();
    await store.close();
    process.exit(0);
  })();
});
