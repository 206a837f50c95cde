// `npm run bench -- ingest [--customers N] [--webhooks N] [--concurrency N] [--rate R] [--no-worker]`
//
// 1. Backfill throughput: a demo business of N customers behind the local fake Stripe API
//    (test/helpers/fake-stripe.ts), backfilled through the official client exactly as
//    `revpulse sync --full` does; objects listed per second, then events processed per second.
// 2. Webhook latency: the real HTTP server on 127.0.0.1 with the ingest worker running. First at
//    a steady R webhooks/s (open loop: each is sent on schedule whether or not earlier ones were
//    answered, so queueing shows in the latency, as it would for Stripe), then as fast as C
//    concurrent senders can go (closed loop, saturation). p50/p95/p99/max of the answer time.
// The database is PGlite in memory, or PostgreSQL when DATABASE_URL is set.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/api/app.js';
import { loadConfig } from '../src/config.js';
import { demoEvents } from '../src/demo/generate.js';
import { createIngestWorker } from '../src/ingest/pipeline.js';
import { syncSource } from '../src/ingest/stripe/sync/run-sync.js';
import { signStripePayload } from '../src/ingest/stripe/verify-signature.js';
import { createLiveBus } from '../src/live/bus.js';
import { createLiveHub } from '../src/live/hub.js';
import { createUpdatePublisher } from '../src/live/publish-updates.js';
import { createLogger } from '../src/logger.js';
import { createDb } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { createSecretBox } from '../src/store/secret-box.js';
import { createSource } from '../src/store/sources-repo.js';
import { ensureWorkspace } from '../src/store/workspaces-repo.js';
import { startFakeStripe } from '../test/helpers/fake-stripe.js';
import { accountFromEvents } from '../test/helpers/stripe-account.js';

const SECRET_KEY = 'e'.repeat(64);
const WEBHOOK_SECRET = 'whsec_bench_ingest_secret';

function option(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

function post(port: number, path: string, body: string, signature: string): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'stripe-signature': signature } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      },
    );
    // A refused or reset connection counts as a failed answer, not a crash of the benchmark.
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end(body);
  });
}

export async function run(args: string[]): Promise<number> {
  const customers = option(args, 'customers', 1000);
  const webhooks = option(args, 'webhooks', 3000);
  const concurrency = option(args, 'concurrency', 10);
  const rate = option(args, 'rate', 50);
  // --no-worker: the webhook fast path alone (events are stored, not processed meanwhile).
  const withWorker = !args.includes('--no-worker');
  const store = await createDb(process.env.DATABASE_URL ? { kind: 'postgres', url: process.env.DATABASE_URL } : { kind: 'pglite', dataDir: null });
  await migrate(store);
  const box = createSecretBox(SECRET_KEY);
  const logger = createLogger('silent');
  const endAt = Math.floor(Date.now() / 1000) - 3600;
  const suffix = Date.now().toString(36);

  // 1. Backfill throughput against the fake API.
  const events = demoEvents({ customers, endAt, seed: 1 });
  const fake = await startFakeStripe();
  const apiKey = `sk_test_bench${suffix}`;
  fake.addAccount(apiKey, accountFromEvents(events));
  const workspace = await ensureWorkspace(store.db, { slug: `bench-backfill-${suffix}`, name: 'Bench backfill' });
  const source = await createSource(store.db, box, { workspaceId: workspace.id, provider: 'stripe', name: 'bench', mode: 'test', webhookSecret: WEBHOOK_SECRET, apiKey });
  const t0 = performance.now();
  const outcome = await syncSource({ store, box, logger, now: () => new Date(), stripeApiUrl: fake.url }, { workspaceId: workspace.id, sourceId: source.id, kind: 'full' });
  const backfillSeconds = (performance.now() - t0) / 1000;
  if (outcome.status !== 'done') throw new Error(`backfill did not finish: ${JSON.stringify(outcome)}`);
  const requests = fake.requests.length;
  await fake.close();
  const t1 = performance.now();
  const processed = await createIngestWorker({ store, logger, batchSize: 2000 }).drain();
  const processSeconds = (performance.now() - t1) / 1000;

  // 2. Webhook latency with the worker processing alongside, as in production.
  const hooks = await ensureWorkspace(store.db, { slug: `bench-webhooks-${suffix}`, name: 'Bench webhooks' });
  const hookSource = await createSource(store.db, box, { workspaceId: hooks.id, provider: 'stripe', name: 'hooks', mode: 'test', webhookSecret: WEBHOOK_SECRET });
  const bus = createLiveBus(store);
  const hub = createLiveHub();
  const worker = createIngestWorker({ store, logger, afterBatch: createUpdatePublisher(store, bus, logger, () => new Date()) });
  const config = loadConfig({ REVPULSE_SECRET_KEY: SECRET_KEY, REVPULSE_DEMO: 'false', REVPULSE_RATE_LIMIT_WEBHOOKS: '100000000', LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, store, box, logger, bus, hub, wakeIngest: () => worker.wake(), now: () => new Date() }, { webDist: '/nonexistent' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  if (withWorker) worker.start();
  const target = `/webhooks/stripe/${hookSource.id}`;
  const send = async (body: string, into: number[]) => {
    const { status, ms } = await post(port, target, body, signStripePayload(body, WEBHOOK_SECRET));
    into.push(ms);
    return status === 200 ? 0 : 1;
  };
  let failures = 0;
  // Open loop at a steady rate: the first part of the stream.
  const steady = events.slice(0, webhooks).map((e) => JSON.stringify(e));
  const steadyLatencies: number[] = [];
  const s0 = performance.now();
  await Promise.all(
    steady.map(async (body, i) => {
      const wait = s0 + (i * 1000) / rate - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      failures += await send(body, steadyLatencies);
    }),
  );
  const steadySeconds = (performance.now() - s0) / 1000;
  // Closed loop: as fast as the senders can go, with the next part of the stream.
  const payloads = events.slice(webhooks, 2 * webhooks).map((e) => JSON.stringify(e));
  const latencies: number[] = [];
  let next = 0;
  const w0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < payloads.length) failures += await send(payloads[next++]!, latencies);
    }),
  );
  const webhookSeconds = (performance.now() - w0) / 1000;
  await app.close();
  await worker.stop();
  hub.close();
  await store.close();

  latencies.sort((a, b) => a - b);
  steadyLatencies.sort((a, b) => a - b);
  const spread = (l: readonly number[]) => `${percentile(l, 50).toFixed(1)} / ${percentile(l, 95).toFixed(1)} / **${percentile(l, 99).toFixed(1)}** / ${l.at(-1)!.toFixed(1)} ms`;
  const objects = outcome.listed;
  const lines = [
    `Database: ${store.kind}; demo business of ${customers.toLocaleString('en-US')} customers (${events.length.toLocaleString('en-US')} Stripe events in its history).`,
    '',
    '| measure | result |',
    '|---|---|',
    `| backfill: objects listed from the fake API | ${objects.toLocaleString('en-US')} in ${backfillSeconds.toFixed(1)} s (${requests.toLocaleString('en-US')} HTTP requests) |`,
    `| backfill throughput | **${Math.round(objects / backfillSeconds).toLocaleString('en-US')} objects/s** (${outcome.stored.toLocaleString('en-US')} events stored, incl. reconstructed history) |`,
    `| processing the stored events | ${processed.toLocaleString('en-US')} in ${processSeconds.toFixed(1)} s (${Math.round(processed / processSeconds).toLocaleString('en-US')} events/s) |`,
    `| webhooks at a steady ${rate}/s: ${steady.length.toLocaleString('en-US')} signed posts over ${steadySeconds.toFixed(0)} s, ${withWorker ? 'worker processing alongside' : 'worker stopped'} | latency p50 / p95 / **p99** / max: ${spread(steadyLatencies)} |`,
    `| webhooks at saturation: ${payloads.length.toLocaleString('en-US')} posts, ${concurrency} concurrent senders | ${Math.round(payloads.length / webhookSeconds).toLocaleString('en-US')} req/s; latency ${spread(latencies)} |`,
    `| non-200 answers | ${failures} |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return failures === 0 ? 0 : 1;
}
