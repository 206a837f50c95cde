// GET /v1/sources and what adding or syncing a source answers (docs/api.md). Never a secret:
// only whether a webhook secret and an API key are set.
import * as z from 'zod/mini';

export const FRESHNESS = ['live', 'syncing', 'stale', 'error'] as const;

export const sourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.string(),
  mode: z.enum(['test', 'live']),
  freshness: z.enum(FRESHNESS),
  webhookUrl: z.string(),
  hasWebhookSecret: z.boolean(),
  hasApiKey: z.boolean(),
  lastEventAt: z.nullable(z.string()),
  lastSyncedAt: z.nullable(z.string()),
  lastError: z.nullable(z.string()),
  /** Events parked after five failed attempts (docs/operations.md). */
  deadLetters: z.int(),
  sync: z.object({
    running: z.nullable(z.string()),
    runningSince: z.nullable(z.string()),
    backfill: z.object({
      status: z.enum(['none', 'running', 'done', 'failed']),
      startedAt: z.nullable(z.string()),
      finishedAt: z.nullable(z.string()),
      done: z.int(),
      total: z.nullable(z.int()),
      historyBefore: z.nullable(z.string()),
    }),
  }),
  createdAt: z.string(),
});
export type SourceView = z.infer<typeof sourceSchema>;

export const sourceListSchema = z.object({ data: z.array(sourceSchema) });
export const sourceCreatedSchema = z.object({ source: sourceSchema });
/** GET /v1/dead-letters and POST /v1/dead-letters/retry (docs/api.md). */
export const deadLettersSchema = z.object({
  events: z.array(z.object({ sourceId: z.string(), eventId: z.string(), type: z.string(), created: z.string(), attempts: z.int(), lastError: z.nullable(z.string()), deadAt: z.string() })),
  ledgers: z.array(z.object({ customerId: z.string(), attempts: z.int(), lastError: z.nullable(z.string()), deadAt: z.string() })),
});
export type DeadLetters = z.infer<typeof deadLettersSchema>;
export const retriedSchema = z.object({ retried: z.object({ events: z.int(), ledgers: z.int() }) });

/** What the dead-letter notice of a source says. */
export function deadLetterText(count: number): string {
  return `${count.toLocaleString('en-US')} event${count === 1 ? '' : 's'} failed five times and ${count === 1 ? 'is' : 'are'} parked: not in any figure until retried.`;
}

export const syncStartedSchema = z.object({ sync: z.object({ sourceId: z.string(), kind: z.string(), startedAt: z.string() }) });

/** The sentence under a source's name: what it is doing, or why it is not. */
export function sourceStatusText(source: SourceView, age: (iso: string) => string): string {
  const backfill = source.sync.backfill;
  if (source.freshness === 'syncing') {
    const progress = backfill.status === 'running' && backfill.total ? ` (${Math.min(100, Math.floor((backfill.done / backfill.total) * 100))}% of history)` : '';
    return `Syncing${source.sync.running ? ` — ${source.sync.running}` : ''}${progress}`;
  }
  if (source.freshness === 'error') return source.lastError ? `Error: ${source.lastError}` : 'The last sync failed';
  const last = [source.lastEventAt, source.lastSyncedAt].filter((t): t is string => t !== null).sort().at(-1);
  if (source.freshness === 'live') return `Live — last update ${last ? age(last) : 'just now'}`;
  return last ? `Stale — last update ${age(last)}` : 'Waiting for the first event';
}

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)$/;

/**
 * The URL to paste into Stripe. The server builds it from REVPULSE_PUBLIC_URL, else from
 * localhost and its port; when it could only guess a loopback address (no public URL set) and
 * the dashboard is open at another address, the dashboard's own origin is the better guess.
 */
export function webhookUrlFor(apiUrl: string, pageOrigin: string): string {
  let api: URL;
  try {
    api = new URL(apiUrl);
  } catch {
    return apiUrl;
  }
  const page = new URL(pageOrigin);
  if (!LOOPBACK.test(api.hostname) || api.origin === page.origin) return apiUrl;
  if (LOOPBACK.test(page.hostname) && api.port !== '0' && api.port !== '') return apiUrl;
  return `${page.origin}${api.pathname}`;
}
