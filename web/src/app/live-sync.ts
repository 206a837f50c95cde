// What the shell does with each live message of the open workspace: exact changes are written
// straight into the cache (the summary's figures, the activity feed); then one throttled
// refetch of the workspace's other live queries (charts, tables) follows a burst of messages,
// so a hundred webhooks cause a handful of requests, not a hundred. `resync` (messages were
// lost) refetches everything once; `sync_status` refreshes the sources; `alert_opened` and
// `alert_updated` refresh the alert views (the centre, the nav badge, the Success screen) at once.
import type { Query, QueryClient } from '@tanstack/react-query';
import type { LiveEnvelope } from '../features/live/live-message.js';
import { applyToSummaryCache } from '../features/metrics/use-summary.js';
import { activityFrom, activityKey, addActivity, type ActivityItem } from '../features/operations/activity.js';

/** Query families that live messages never make stale (or that are kept by other means). */
const NOT_LIVE: ReadonlySet<string> = new Set(['activity', 'explain', 'annotations', 'sources', 'customer-name', 'saved-filters', 'session', 'summary']);

/** Live messages about alerts (src/accounts/permissions.ts lists who receives them). */
const ALERT_MESSAGES: ReadonlySet<string> = new Set(['alert_opened', 'alert_updated']);

export type LiveSyncOptions = {
  /** Wait this long after the first message of a burst before refetching (more may follow). */
  delayMs?: number;
  /** At most one refetch per this interval. */
  minSpacingMs?: number;
  now?: () => number;
  schedule?: (run: () => void, ms: number) => () => void;
};

export type LiveSync = { onMessage: (message: LiveEnvelope) => void; dispose: () => void };

const defaultSchedule = (run: () => void, ms: number) => {
  const id = setTimeout(run, ms);
  return () => clearTimeout(id);
};

/** Whether a query belongs to the workspace and follows live data. */
export function isLiveQuery(workspaceId: string, key: readonly unknown[]): boolean {
  return key[1] === workspaceId && typeof key[0] === 'string' && !NOT_LIVE.has(key[0]);
}

export function createLiveSync(queryClient: QueryClient, workspaceId: string, options: LiveSyncOptions = {}): LiveSync {
  const delayMs = options.delayMs ?? 1_500;
  const minSpacingMs = options.minSpacingMs ?? 5_000;
  const now = options.now ?? Date.now;
  const schedule = options.schedule ?? defaultSchedule;
  let cancel: (() => void) | null = null;
  let lastRun = Number.NEGATIVE_INFINITY;

  const refresh = () => {
    cancel = null;
    lastRun = now();
    void queryClient.invalidateQueries({ predicate: (q: Query) => isLiveQuery(workspaceId, q.queryKey) || (q.queryKey[0] === 'summary' && q.queryKey[1] === workspaceId) });
  };
  const requestRefresh = () => {
    if (cancel) return;
    const wait = Math.max(delayMs, lastRun + minSpacingMs - now());
    cancel = schedule(refresh, wait);
  };

  return {
    onMessage: (message) => {
      if (message.type === 'resync') {
        void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[1] === workspaceId && q.queryKey[0] !== 'activity' });
        return;
      }
      if (message.type === 'sync_status') {
        void queryClient.invalidateQueries({ queryKey: ['sources', workspaceId] });
        return;
      }
      if (ALERT_MESSAGES.has(message.type)) {
        void queryClient.invalidateQueries({ queryKey: ['alerts', workspaceId] });
        void queryClient.invalidateQueries({ queryKey: ['success', workspaceId, 'overview'] });
        return;
      }
      const isData = applyToSummaryCache(queryClient, workspaceId, message);
      const item = activityFrom(message);
      if (item) queryClient.setQueryData<ActivityItem[]>(activityKey(workspaceId), (items = []) => addActivity(items, item));
      if (isData) requestRefresh();
    },
    dispose: () => {
      cancel?.();
      cancel = null;
    },
  };
}
