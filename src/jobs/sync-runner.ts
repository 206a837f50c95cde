// Syncs started on request (POST /v1/sources/:id/sync) run in the background of the process that
// received the request. The runner remembers them so stopping the server aborts and awaits them
// (a backfill resumes where it stopped at the next sync).
import { syncAnySource, type AnySyncDeps, type SyncKind, type SyncOutcome } from '../ingest/sync-source.js';

export type SyncRunner = {
  /** Starts a sync in the background; resolves when it has finished (callers need not wait). */
  start(request: { workspaceId: string; sourceId: string; kind: SyncKind | 'auto' }): Promise<SyncOutcome>;
  stop(): Promise<void>;
};

export function createSyncRunner(deps: AnySyncDeps): SyncRunner {
  const controller = new AbortController();
  const running = new Set<Promise<SyncOutcome>>();
  return {
    start(request) {
      const run = syncAnySource(deps, { ...request, signal: controller.signal })
        .catch((error: unknown): SyncOutcome => {
          deps.logger.error({ err: error, sourceId: request.sourceId }, 'background sync failed');
          return { status: 'failed', kind: null, error: (error as Error).message };
        })
        .finally(() => running.delete(run));
      running.add(run);
      return run;
    },
    async stop() {
      controller.abort(new Error('the server is stopping'));
      await Promise.allSettled([...running]);
    },
  };
}
