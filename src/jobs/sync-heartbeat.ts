// The revenue heartbeat: every REVPULSE_SYNC_INTERVAL, each Stripe source with an API key and each
// PayPal source with a client secret pulls what happened since its cursor (or resumes its backfill
// until one has completed), so a missed webhook is healed by the next beat. Sources sync in
// parallel up to a limit; a source that fails records its error and the others carry on; a source
// another instance is syncing is skipped (its advisory lock is held). Scheduled with croner; `protect` stops beats from overlapping.
import { Cron } from 'croner';
import pLimit from 'p-limit';
import { listSyncableSources } from '../store/source-sync-repo.js';
import { syncAnySource, type AnySyncDeps, type SyncOutcome } from '../ingest/sync-source.js';
import { observeJob } from '../observability/metrics.js';

export type BeatReport = { workspaceId: string; sourceId: string; outcome: SyncOutcome }[];

export type SyncHeartbeat = {
  start(): void;
  /** Runs one beat now (the schedule calls this). */
  beat(): Promise<BeatReport>;
  /** Stops the schedule and aborts a running beat (a backfill resumes at the next start). */
  stop(): Promise<void>;
};

export const DEFAULT_SYNC_CONCURRENCY = 4;

export function createSyncHeartbeat(options: { deps: AnySyncDeps; intervalSeconds: number; concurrency?: number }): SyncHeartbeat {
  const { deps } = options;
  const limit = pLimit(options.concurrency ?? DEFAULT_SYNC_CONCURRENCY);
  let job: Cron | null = null;
  let controller = new AbortController();
  let running: Promise<BeatReport> | null = null;

  const beat = (): Promise<BeatReport> => {
    if (running) return running;
    running = observeJob('sync:heartbeat', async () => { // a failed source is its outcome, not the run's failure
      const sources = await listSyncableSources(deps.store.db);
      const signal = controller.signal;
      return Promise.all(
        sources.map((source) =>
          limit(async () => {
            if (signal.aborted) return { ...source, outcome: { status: 'aborted', kind: 'incremental' } as SyncOutcome };
            const outcome = await syncAnySource(deps, { ...source, kind: 'auto', signal }).catch(
              (error: unknown): SyncOutcome => ({ status: 'failed', kind: null, error: (error as Error).message }),
            );
            return { ...source, outcome };
          }),
        ),
      );
    }).finally(() => (running = null));
    return running;
  };

  return {
    beat,
    start() {
      if (job) return;
      controller = new AbortController();
      // Every second matches; `interval` keeps runs that many seconds apart, starting now.
      job = new Cron('* * * * * *', {
        interval: options.intervalSeconds,
        protect: true,
        unref: true,
        catch: (error) => deps.logger.error({ err: error }, 'sync heartbeat failed'),
      }, async () => {
        const report = await beat();
        for (const { sourceId, outcome } of report) {
          if (outcome.status === 'done' && outcome.stored > 0) deps.logger.info({ sourceId, kind: outcome.kind, stored: outcome.stored }, 'source synced');
        }
      });
    },
    async stop() {
      job?.stop();
      job = null;
      controller.abort(new Error('the server is stopping'));
      await running?.catch(() => undefined);
    },
  };
}
