// Runs one sync of one PayPal source, whoever asks (the CLI, the API, the heartbeat), exactly as
// the Stripe sync does (src/ingest/stripe/sync/run-sync.ts): opens the client secret, takes the
// source's lock, marks it running, runs a full backfill or an incremental pull, and records the
// outcome on the source. A failure is returned, never thrown.
import { findSourceForIngest, type SourceWithSecrets } from '../../../store/sources-repo.js';
import { withSourceLock } from '../../../store/source-lock.js';
import { finishBackfill, loadSyncStatus, markRunning, readSyncCursor, recordSyncResult } from '../../../store/source-sync-repo.js';
import type { SyncDeps, SyncKind, SyncOutcome, SyncRequest } from '../../stripe/sync/run-sync.js';
import { createPaypalApi, PaypalApiError, type PaypalApi } from '../api.js';
import { runPaypalBackfill } from './backfill.js';
import { runPaypalIncremental } from './incremental.js';

export type PaypalSyncDeps = SyncDeps & {
  /** Another address for PayPal's API (REVPULSE_PAYPAL_API_URL; tests use a local fake). */
  paypalApiUrl?: string;
};

/** An error message safe to store and show: the endpoint, PayPal's status, error name and message. */
export function describePaypalSyncError(error: unknown, secrets: readonly string[] = []): string {
  const text = error instanceof PaypalApiError && error.statusCode !== null ? `PayPal answered ${error.message}` : error instanceof Error ? error.message : String(error);
  return secrets.filter((s) => s.length >= 8).reduce((t, s) => t.split(s).join('[redacted]'), text).slice(0, 1000);
}

export function paypalSettings(source: Pick<SourceWithSecrets, 'config' | 'apiKey'>): { clientId: string; clientSecret: string; sandbox: boolean } | null {
  const clientId = source.config.clientId;
  if (typeof clientId !== 'string' || clientId === '' || !source.apiKey) return null;
  return { clientId, clientSecret: source.apiKey, sandbox: source.config.sandbox === true };
}

export async function syncPaypalSource(deps: PaypalSyncDeps, request: SyncRequest, api?: PaypalApi): Promise<SyncOutcome> {
  const { store, logger } = deps;
  const db = store.db;
  const key = { workspaceId: request.workspaceId, sourceId: request.sourceId };
  let source: SourceWithSecrets | null;
  try {
    source = await findSourceForIngest(db, deps.box, request.sourceId);
  } catch (error) {
    // The client secret cannot be opened (REVPULSE_SECRET_KEY missing or changed).
    const message = describePaypalSyncError(error);
    await recordSyncResult(db, key, { ok: false, error: message });
    return { status: 'failed', kind: null, error: message };
  }
  if (!source || source.workspaceId !== request.workspaceId) return { status: 'failed', kind: null, error: `No source with id ${request.sourceId}.` };
  const settings = source.provider === 'paypal' ? paypalSettings(source) : null;
  if (!settings) return { status: 'failed', kind: null, error: 'This source has no PayPal client id and secret, so it can only receive webhooks.' };
  const previous = await loadSyncStatus(db, key);
  const kind: SyncKind = request.kind === 'auto' ? (previous.status === 'done' ? 'incremental' : 'full') : request.kind;
  const target = { ...key, sandbox: settings.sandbox };

  const locked = await withSourceLock(store, source.id, async (): Promise<SyncOutcome> => {
    await markRunning(db, key, kind, deps.now());
    const publish = (update: { status: 'running' | 'done' | 'failed'; stored?: number; error?: string }) =>
      deps.publishStatus?.({ ...key, kind, ...update }).catch((error: unknown) => logger.warn({ err: error }, 'publishing sync status failed'));
    await publish({ status: 'running' });
    const paypal = api ?? createPaypalApi(settings, { apiUrl: deps.paypalApiUrl, retry: { ...deps.retry, signal: request.signal } });
    const onStored = () => deps.onStored?.();
    try {
      if (kind === 'full') {
        const result = await runPaypalBackfill({ db, api: paypal, target, now: deps.now, signal: request.signal, pageSize: deps.pageSize, onProgress: request.onProgress, onStored });
        const cursor = Math.max(result.asOf, (await readSyncCursor(db, key)) ?? 0);
        await recordSyncResult(db, key, { ok: true, at: deps.now(), cursor });
        await publish({ status: 'done', stored: result.stored });
        return { status: 'done', kind, listed: result.listed, stored: result.stored };
      }
      const result = await runPaypalIncremental({ db, api: paypal, target, cursor: await readSyncCursor(db, key), now: deps.now, signal: request.signal, pageSize: deps.pageSize, onStored });
      await recordSyncResult(db, key, { ok: true, at: deps.now(), cursor: result.cursor });
      await publish({ status: 'done', stored: result.stored });
      return { status: 'done', kind, listed: result.listed, stored: result.stored };
    } catch (error) {
      if (request.signal?.aborted) return { status: 'aborted', kind };
      const message = describePaypalSyncError(error, [settings.clientSecret]);
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
