// Runs one sync of one Stripe source, whoever asks (the CLI, the API, the heartbeat): opens the
// source's API key, takes the source's lock (one sync per source across instances), marks it
// running (the freshness indicator shows Syncing), runs a full backfill or an incremental pull,
// and records the outcome on the source — last_synced_at and the events cursor on success, a
// redacted last_error on failure. A failure is returned, never thrown, so one bad source cannot
// stop a caller that syncs many.
import type { Logger } from '../../../logger.js';
import type { Store } from '../../../store/db.js';
import type { SecretBox } from '../../../store/secret-box.js';
import { findSourceForIngest } from '../../../store/sources-repo.js';
import { withSourceLock } from '../../../store/source-lock.js';
import { finishBackfill, loadSyncStatus, markRunning, readSyncCursor, recordSyncResult } from '../../../store/source-sync-repo.js';
import { runBackfill, type BackfillProgress } from './backfill.js';
import { runIncrementalSync } from './incremental.js';
import type { RetryOptions } from './retry.js';
import { createStripeApi, type StripeApi } from './stripe-api.js';

export type SyncDeps = {
  store: Store;
  box: SecretBox;
  logger: Logger;
  now: () => Date;
  /** Another address for the Stripe API (REVPULSE_STRIPE_API_URL; tests use a local fake). */
  stripeApiUrl?: string;
  retry?: RetryOptions;
  pageSize?: number;
  /** Called when new raw events were stored (the server wakes the ingest worker). */
  onStored?: () => void;
  /** Tells open dashboards a sync started, finished or failed (src/live/publish-sync-status.ts). */
  publishStatus?: (update: {
    workspaceId: string;
    sourceId: string;
    status: 'running' | 'done' | 'failed';
    kind: SyncKind | null;
    stored?: number | null;
    error?: string | null;
  }) => Promise<void>;
};

export type SyncKind = 'full' | 'incremental';

export type SyncRequest = {
  workspaceId: string;
  sourceId: string;
  /** 'auto': a full backfill until one has completed, then incremental. */
  kind: SyncKind | 'auto';
  signal?: AbortSignal;
  onProgress?: (progress: BackfillProgress) => void;
};

export type SyncOutcome =
  | { status: 'done'; kind: SyncKind; listed: number; stored: number }
  | { status: 'busy' }
  | { status: 'aborted'; kind: SyncKind }
  | { status: 'failed'; kind: SyncKind | null; error: string };

const SECRET_PATTERN = /\b(sk|rk|pk)_(test|live)_[A-Za-z0-9*]+|\bwhsec_[A-Za-z0-9_]+/g;

/** An error message safe to store and show: anything shaped like a Stripe secret is cut out. */
export function redactSecrets(message: string): string {
  return message.replace(SECRET_PATTERN, (match) => (match.startsWith('whsec_') ? 'whsec_[redacted]' : `${match.split('_').slice(0, 2).join('_')}_[redacted]`));
}

export function describeSyncError(error: unknown): string {
  const e = error as { statusCode?: number; message?: string; type?: string };
  const status = typeof e.statusCode === 'number' ? `Stripe answered ${e.statusCode}: ` : '';
  return redactSecrets(`${status}${e.message ?? String(error)}`).slice(0, 1000);
}

export async function syncSource(deps: SyncDeps, request: SyncRequest, api?: StripeApi): Promise<SyncOutcome> {
  const { store, logger } = deps;
  const db = store.db;
  const key = { workspaceId: request.workspaceId, sourceId: request.sourceId };
  let source: Awaited<ReturnType<typeof findSourceForIngest>>;
  try {
    source = await findSourceForIngest(db, deps.box, request.sourceId);
  } catch (error) {
    // The API key cannot be opened (REVPULSE_SECRET_KEY missing or changed).
    const message = describeSyncError(error);
    await recordSyncResult(db, key, { ok: false, error: message });
    return { status: 'failed', kind: null, error: message };
  }
  if (!source || source.workspaceId !== request.workspaceId) return { status: 'failed', kind: null, error: `No source with id ${request.sourceId}.` };
  if (source.provider !== 'stripe' || !source.apiKey) {
    return { status: 'failed', kind: null, error: 'This source has no Stripe API key, so it can only receive webhooks.' };
  }
  const apiKey = source.apiKey;
  const previous = await loadSyncStatus(db, key);
  const kind: SyncKind = request.kind === 'auto' ? (previous.status === 'done' ? 'incremental' : 'full') : request.kind;

  const locked = await withSourceLock(store, source.id, async (): Promise<SyncOutcome> => {
    await markRunning(db, key, kind, deps.now());
    const publish = (update: { status: 'running' | 'done' | 'failed'; stored?: number; error?: string }) =>
      deps.publishStatus?.({ ...key, kind, ...update }).catch((error: unknown) => logger.warn({ err: error }, 'publishing sync status failed'));
    await publish({ status: 'running' });
    const stripe = api ?? createStripeApi(apiKey, { apiUrl: deps.stripeApiUrl, retry: { ...deps.retry, signal: request.signal } });
    const onStored = () => deps.onStored?.();
    try {
      if (kind === 'full') {
        const result = await runBackfill({
          db, api: stripe, target: { ...key, mode: source.mode }, now: deps.now, signal: request.signal,
          pageSize: deps.pageSize, onProgress: request.onProgress, onStored,
        });
        const cursor = Math.max(result.asOf, (await readSyncCursor(db, key)) ?? 0);
        await recordSyncResult(db, key, { ok: true, at: deps.now(), cursor });
        await publish({ status: 'done', stored: result.stored });
        return { status: 'done', kind, listed: result.listed, stored: result.stored };
      }
      const result = await runIncrementalSync({
        db, api: stripe, target: key, cursor: await readSyncCursor(db, key), now: deps.now, signal: request.signal,
        pageSize: deps.pageSize, onStored,
      });
      await recordSyncResult(db, key, { ok: true, at: deps.now(), cursor: result.cursor });
      await publish({ status: 'done', stored: result.stored });
      return { status: 'done', kind, listed: result.listed, stored: result.stored };
    } catch (error) {
      if (request.signal?.aborted) return { status: 'aborted', kind };
      const message = describeSyncError(error);
      logger.warn({ sourceId: source.id, workspaceId: source.workspaceId, kind, error: message }, 'source sync failed');
      if (kind === 'full') await finishBackfill(db, key, { status: 'failed', at: deps.now() });
      await recordSyncResult(db, key, { ok: false, error: message });
      await publish({ status: 'failed', error: message });
      return { status: 'failed', kind, error: message };
    } finally {
      await markRunning(db, key, null, deps.now());
    }
  });
  return locked.acquired ? locked.value : { status: 'busy' };
}
