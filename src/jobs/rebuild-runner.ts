// Runs a workspace's rebuild in the background (a changed reporting currency or preset), one at a
// time per workspace, with its progress kept in memory for the dashboard and its outcome in
// rebuild_jobs. The rebuild itself is one transaction holding the workspace's ledger lock
// (engine/recompute.ts): events that arrive meanwhile are stored and processed as usual, and
// their customers' recomputes wait for the lock, so they apply after it — none is lost.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import { rebuildWorkspace } from '../engine/recompute.js';
import { finishRebuildJob, insertRebuildJob, latestRebuildJob, type RebuildJob } from '../store/rebuild-jobs-repo.js';
import type { Workspace } from '../store/workspaces-repo.js';

export type RebuildRunner = {
  /** Starts a rebuild unless one is running for the workspace; returns the job (running). */
  start(workspace: Workspace, reason: string): Promise<{ started: boolean; job: RebuildJob }>;
  /** The workspace's latest job, with live progress when it runs in this process. */
  latest(workspaceId: string): Promise<RebuildJob | null>;
  /** Resolves when the workspace's running job (in this process) has finished. */
  settled(workspaceId: string): Promise<void>;
  stop(): Promise<void>;
};

export function createRebuildRunner(deps: { store: Store; logger: Logger; now: () => Date }): RebuildRunner {
  const running = new Map<string, { job: RebuildJob; promise: Promise<void> }>();

  return {
    async start(workspace, reason) {
      const current = running.get(workspace.id);
      if (current) return { started: false, job: current.job };
      const job: RebuildJob = { id: `rbj_${randomUUID().replaceAll('-', '').slice(0, 16)}`, reason, status: 'running', done: 0, total: null, error: null, startedAt: deps.now(), finishedAt: null };
      await insertRebuildJob(deps.store.db, workspace.id, job);
      const promise = (async () => {
        try {
          const { customers, failed } = await rebuildWorkspace(deps.store.db, workspace, deps.now(), (done, total) => {
            job.done = done;
            job.total = total;
          });
          Object.assign(job, { status: 'done', done: customers, total: customers, finishedAt: deps.now() });
          if (failed > 0) deps.logger.warn({ workspaceId: workspace.id, failed }, 'rebuild finished; some customer ledgers could not be computed (see dead letters)');
        } catch (error) {
          Object.assign(job, { status: 'failed', error: (error as Error).message, finishedAt: deps.now() });
          deps.logger.error({ err: error, workspaceId: workspace.id }, 'rebuild failed');
        }
        await finishRebuildJob(deps.store.db, workspace.id, job.id, { status: job.status as 'done' | 'failed', done: job.done, total: job.total, ...(job.error ? { error: job.error } : {}), at: job.finishedAt ?? deps.now() })
          .catch((error: unknown) => deps.logger.error({ err: error }, 'could not record the rebuild outcome'));
      })().finally(() => running.delete(workspace.id));
      running.set(workspace.id, { job, promise });
      return { started: true, job: { ...job } };
    },
    async latest(workspaceId) {
      const live = running.get(workspaceId);
      if (live) return { ...live.job };
      return latestRebuildJob(deps.store.db, workspaceId);
    },
    async settled(workspaceId) {
      await running.get(workspaceId)?.promise;
    },
    async stop() {
      await Promise.all([...running.values()].map((r) => r.promise));
    },
  };
}
