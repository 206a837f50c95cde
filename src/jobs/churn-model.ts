// Retrains each workspace's churn model weekly (and on first start when it has none, in the
// background) and scores its paying customers daily into risk_scores, one instance at a time
// (lockedRun). The training and scoring live in src/jobs/churn-training.ts.
import { Cron } from 'croner';
import { activeChurnModel } from '../store/risk-repo.js';
import { listWorkspaces } from '../store/workspaces-repo.js';
import { modelIsStale, scoreCustomers, trainChurnModel } from './churn-training.js';
import type { BackgroundJob, SuccessJobDeps } from './background-job.js';
import { lockedRun } from './locked-run.js';

export { scoreCustomers, trainChurnModel };

/** A model older than this is retrained on the next run. */
export const RETRAIN_EVERY_DAYS = 7;
/** Daily at 03:40 UTC, after the night's syncs and the health snapshots. */
const SCHEDULE = '0 40 3 * * *';

export type ChurnRunResult = { workspaces: number; trained: number; scored: number };

export type ChurnModelJob = BackgroundJob & { run(): Promise<ChurnRunResult> };

export function createChurnModelJob(deps: SuccessJobDeps): ChurnModelJob {
  let cron: Cron | null = null;
  // Training reads the whole history (tens of seconds on a large workspace): stop() aborts it
  // between sample days instead of holding the server's shutdown.
  const stopping = new AbortController();
  const job = lockedRun<ChurnRunResult>(deps.store, 'success:churn-model', { workspaces: 0, trained: 0, scored: 0 }, async () => {
    const result: ChurnRunResult = { workspaces: 0, trained: 0, scored: 0 };
    for (const workspace of await listWorkspaces(deps.store.db)) {
      if (stopping.signal.aborted) break;
      const now = deps.now();
      const today = now.toISOString().slice(0, 10);
      try {
        if (modelIsStale(await activeChurnModel(deps.store.db, workspace.id), now, RETRAIN_EVERY_DAYS)) {
          const trained = await trainChurnModel(deps.store, workspace.id, today, now, stopping.signal);
          deps.logger.info({ workspaceId: workspace.id, kind: trained.model.kind, churned: trained.churned, evaluation: trained.model.evaluation }, 'churn model trained');
          result.trained++;
        }
        result.scored += await scoreCustomers(deps.store, workspace.id, today);
        result.workspaces++;
      } catch (error) {
        if (stopping.signal.aborted) break;
        // One workspace's failure must not stop the others' scores.
        deps.logger.warn({ err: error, workspaceId: workspace.id }, 'churn model run failed');
      }
    }
    return result;
  });
  const safeRun = () => job.run().catch((error: unknown) => deps.logger.warn({ err: error }, 'churn model run failed'));
  return {
    run: () => job.run(),
    start() {
      cron = new Cron(SCHEDULE, { timezone: 'UTC', unref: true, protect: true }, () => void safeRun());
      void safeRun();
    },
    async stop() {
      cron?.stop();
      stopping.abort();
      await job.settle();
    },
    settle: () => job.settle(),
  };
}
