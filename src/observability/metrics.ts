// The process's Prometheus metrics (served at GET /metrics, docs/operations.md lists each one).
// One registry of our own (not prom-client's global one, so tests read exactly ours), created
// once per process at module load: any layer records with one line, and several servers in one
// process (tests) share it without registering anything twice. A leaf module: prom-client only.
// Values that live elsewhere (live connections, the pg pool) are read at scrape time from the
// sources that register here; the ingest backlog is queried by the /metrics route and set here.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'revpulse_' });

/** Why a webhook delivery was refused (the answer's error code, mapped in src/api/webhook-metrics.ts). */
export type WebhookRejection = 'signature' | 'malformed' | 'unknown_source' | 'too_large' | 'rate_limited' | 'unavailable' | 'error';

const webhooksReceived = new Counter({
  name: 'revpulse_webhooks_received_total',
  help: 'Webhook deliveries that reached a webhook endpoint, whatever the answer.',
  labelNames: ['provider'] as const,
  registers: [registry],
});
const webhooksRejected = new Counter({
  name: 'revpulse_webhooks_rejected_total',
  help: 'Webhook deliveries refused, by reason (signature, malformed, unknown_source, too_large, rate_limited, unavailable, error).',
  labelNames: ['provider', 'reason'] as const,
  registers: [registry],
});
const webhookDuration = new Histogram({
  name: 'revpulse_webhook_duration_seconds',
  help: 'Time from a webhook request arriving to its answer being sent.',
  labelNames: ['provider'] as const,
  // Stripe waits up to 10 s (then retries): fine steps around the 100 ms we aim for, coarse beyond.
  buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const eventsProcessed = new Counter({
  name: 'revpulse_ingest_events_processed_total',
  help: 'Stored provider events the ingest worker has applied or dropped (rate() gives events per second).',
  registers: [registry],
});
const eventsDropped = new Counter({
  name: 'revpulse_ingest_events_dropped_total',
  help: 'Processed events that changed nothing, by drop reason (unsupported_type, malformed, out_of_range, stale, mode_mismatch).',
  labelNames: ['reason'] as const,
  registers: [registry],
});
const databaseUp = new Gauge({
  name: 'revpulse_database_up',
  help: '1 when the scrape could read the ingest backlog from the database, 0 when it could not (the backlog gauges are then NaN).',
  registers: [registry],
});
const ingestLag = new Gauge({
  name: 'revpulse_ingest_lag_seconds',
  help: 'Age of the oldest stored event not yet processed (0 when none waits), measured at scrape time.',
  registers: [registry],
});
const ingestPending = new Gauge({
  name: 'revpulse_ingest_pending_events',
  help: 'Stored events waiting to be processed (dead letters not included), at scrape time.',
  registers: [registry],
});
const ingestDeadLetters = new Gauge({
  name: 'revpulse_ingest_dead_letters',
  help: 'Events parked after five failed attempts (revpulse dead-letters list), at scrape time.',
  registers: [registry],
});

const liveSources = new Set<() => number>();
new Gauge({
  name: 'revpulse_live_clients',
  help: 'Open live-feed WebSocket connections.',
  registers: [registry],
  collect() {
    let total = 0;
    for (const size of liveSources) total += size();
    this.set(total);
  },
});
const liveMessagesSent = new Counter({
  name: 'revpulse_live_messages_sent_total',
  help: 'Live messages sent to WebSocket clients (one per message per client).',
  registers: [registry],
});

const jobRuns = new Counter({
  name: 'revpulse_job_runs_total',
  help: 'Scheduled job runs this instance performed (runs skipped because another instance held the job are not counted).',
  labelNames: ['job'] as const,
  registers: [registry],
});
const jobFailures = new Counter({
  name: 'revpulse_job_failures_total',
  help: 'Scheduled job runs that ended in an error.',
  labelNames: ['job'] as const,
  registers: [registry],
});
const jobLastSuccess = new Gauge({
  name: 'revpulse_job_last_success_timestamp_seconds',
  help: 'When each job last finished without an error (Unix time).',
  labelNames: ['job'] as const,
  registers: [registry],
});

const emailsSent = new Counter({ name: 'revpulse_emails_sent_total', help: 'E-mails the SMTP server accepted.', registers: [registry] });
const emailsFailed = new Counter({ name: 'revpulse_emails_failed_total', help: 'E-mails the SMTP server refused or could not be reached for.', registers: [registry] });

export type PoolStats = { total: number; idle: number; waiting: number };
const poolSources = new Set<() => PoolStats>();
/** The pool's gauges carry database="postgres"; the embedded PGlite database has no pool, so with
 *  it the series are absent (a gauge without labels would report a misleading 0). */
const poolGauge = (name: string, help: string, pick: (stats: PoolStats) => number) =>
  new Gauge({
    name,
    help,
    labelNames: ['database'] as const,
    registers: [registry],
    collect() {
      this.reset();
      if (poolSources.size === 0) return;
      let value = 0;
      for (const stats of poolSources) value += pick(stats());
      this.set({ database: 'postgres' }, value);
    },
  });
poolGauge('revpulse_db_pool_connections', 'Connections the PostgreSQL pool holds (in use and idle).', (s) => s.total);
poolGauge('revpulse_db_pool_idle_connections', 'Pool connections open but not in use.', (s) => s.idle);
poolGauge('revpulse_db_pool_waiting_requests', 'Queries waiting for a pool connection (all of them in use).', (s) => s.waiting);

// Recording, one line at each site.

export function recordWebhook(provider: string, seconds: number, rejected: WebhookRejection | null): void {
  webhooksReceived.inc({ provider });
  webhookDuration.observe({ provider }, seconds);
  if (rejected) webhooksRejected.inc({ provider, reason: rejected });
}

export function recordEventsProcessed(count: number, dropped: Readonly<Record<string, number | undefined>>): void {
  if (count > 0) eventsProcessed.inc(count);
  for (const [reason, n] of Object.entries(dropped)) if (n) eventsDropped.inc({ reason }, n);
}

/** The backlog as read at scrape time, or null when the database could not be read. */
export function setIngestBacklog(backlog: { lagSeconds: number; pending: number; deadLetters: number } | null): void {
  databaseUp.set(backlog ? 1 : 0);
  ingestLag.set(backlog?.lagSeconds ?? Number.NaN);
  ingestPending.set(backlog?.pending ?? Number.NaN);
  ingestDeadLetters.set(backlog?.deadLetters ?? Number.NaN);
}

/** Registers a live hub's connection count; returns the unregister function (call on close). */
export function trackLiveClients(size: () => number): () => void {
  liveSources.add(size);
  return () => void liveSources.delete(size);
}

export function recordLiveMessagesSent(count: number): void {
  if (count > 0) liveMessagesSent.inc(count);
}

/** Runs one job run, counting it (and its failure) under the job's name. */
export async function observeJob<T>(job: string, work: () => Promise<T>): Promise<T> {
  jobRuns.inc({ job });
  try {
    const result = await work();
    jobLastSuccess.set({ job }, Date.now() / 1000);
    return result;
  } catch (error) {
    jobFailures.inc({ job });
    throw error;
  }
}

export function recordEmail(outcome: 'sent' | 'failed'): void {
  (outcome === 'sent' ? emailsSent : emailsFailed).inc();
}

/** Registers a pg pool's counts; returns the unregister function (call when the pool closes). */
export function trackDbPool(stats: () => PoolStats): () => void {
  poolSources.add(stats);
  return () => void poolSources.delete(stats);
}

/** The Prometheus text exposition of everything above, and its content type. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
