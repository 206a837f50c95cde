// How the Settings screen words a source (its shape: src/read/settings/contract.ts): its status
// line, its dead-letter notice and the webhook URL to paste into Stripe.
import type { Source } from '@read/settings/contract.js';

/** A source as GET /v1/sources answers it (src/read/settings/contract.ts). */
export type SourceView = Source;

const PROVIDERS: Readonly<Record<string, string>> = { stripe: 'Stripe', paypal: 'PayPal', import: 'Import', file: 'File' };

/** A source's provider as people name it: Stripe, PayPal, Import. */
export function providerLabel(provider: string): string {
  return PROVIDERS[provider] ?? provider;
}

/** What the dead-letter notice of a source says. */
export function deadLetterText(count: number): string {
  return `${count.toLocaleString('en-US')} event${count === 1 ? '' : 's'} failed five times and ${count === 1 ? 'is' : 'are'} parked: not in any figure until retried.`;
}


/** The sentence under a source's name: what it is doing, or why it is not. */
export function sourceStatusText(source: SourceView, age: (iso: string) => string, lastImportAt?: string | null): string {
  const backfill = source.sync.backfill;
  if (source.freshness === 'syncing') {
    const progress = backfill.status === 'running' && backfill.total ? ` (${Math.min(100, Math.floor((backfill.done / backfill.total) * 100))}% of history)` : '';
    return `Syncing${source.sync.running ? ` — ${source.sync.running}` : ''}${progress}`;
  }
  if (source.freshness === 'error') return source.lastError ? `Error: ${source.lastError}` : 'The last sync failed';
  // Files come when someone imports one: an import source is never late, only last imported (its
  // events are dated by their rows, so the import history says when, when it still lists it).
  if (source.provider === 'import') return lastImportAt ? `Last import ${age(lastImportAt)}` : source.lastEventAt ? 'Imported from files' : 'No file imported yet';
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
