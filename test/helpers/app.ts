import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import type { AppContext } from '../../src/api/context.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createLiveBus } from '../../src/live/bus.js';
import { createLiveHub } from '../../src/live/hub.js';
import { createUpdatePublisher } from '../../src/live/publish-updates.js';
import { createIngestWorker, type IngestWorker } from '../../src/ingest/pipeline.js';
import type { Store } from '../../src/store/db.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import type { PaypalCertSource } from '../../src/ingest/paypal/cert-cache.js';

export const TEST_SECRET_KEY = 'a'.repeat(64);

export type TestApp = { app: FastifyInstance; ctx: AppContext; worker: IngestWorker; close(): Promise<void> };

/** The real application over a real database; the worker runs only when a test drains it. */
export async function buildTestApp(store: Store, options: { now?: () => Date; webDist?: string; env?: NodeJS.ProcessEnv; logger?: Logger; paypalCertSource?: PaypalCertSource } = {}): Promise<TestApp> {
  const logger = options.logger ?? createLogger('silent');
  const now = options.now ?? (() => new Date());
  const bus = createLiveBus(store);
  const hub = createLiveHub({ pingIntervalMs: 60_000 });
  const unsubscribe = await bus.subscribe((m) => hub.deliver(m));
  const worker = createIngestWorker({ store, logger, now, afterBatch: createUpdatePublisher(store, bus, logger, now) });
  const ctx: AppContext = {
    config: loadConfig({ REVPULSE_SECRET_KEY: TEST_SECRET_KEY, REVPULSE_DEMO: 'false', REVPULSE_RATE_LIMIT_API: '100000', ...options.env }),
    store,
    box: createSecretBox(TEST_SECRET_KEY),
    logger,
    bus,
    hub,
    wakeIngest: () => undefined,
    now,
    ...(options.paypalCertSource ? { paypalCertSource: options.paypalCertSource } : {}),
  };
  const app = await buildApp(ctx, options.webDist ? { webDist: options.webDist } : { webDist: '/nonexistent' });
  return {
    app,
    ctx,
    worker,
    async close() {
      await app.close();
      hub.close();
      await worker.stop();
      await unsubscribe();
    },
  };
}
