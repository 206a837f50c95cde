// After the pipeline changes a workspace's data, tell its open dashboards the new totals.
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import { findWorkspace } from '../store/workspaces-repo.js';
import { computeSummary } from '../engine/summary.js';
import type { LiveBus } from './bus.js';

export function createUpdatePublisher(store: Store, bus: LiveBus, logger: Logger, now: () => Date) {
  return async (workspaceIds: ReadonlySet<string>): Promise<void> => {
    for (const workspaceId of workspaceIds) {
      const workspace = await findWorkspace(store.db, workspaceId);
      if (!workspace) continue;
      try {
        const summary = await computeSummary(store.db, workspace, now());
        await bus.publish(workspaceId, 'mrr_updated', {
          currency: summary.currency,
          mrr: summary.mrr,
          arr: summary.arr,
          payingCustomers: summary.payingCustomers,
          arpa: summary.arpa,
        });
      } catch (error) {
        logger.warn({ err: error, workspaceId }, 'could not compute the live summary');
      }
    }
  };
}
