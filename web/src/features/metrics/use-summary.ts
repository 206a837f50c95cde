import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet } from '../../lib/api-client.js';
import type { LiveEnvelope } from '../live/live-message.js';
import { applyMrrUpdate, isResync, mrrUpdateFrom } from './live-summary.js';
import { mergeFetchedSummary, summaryQueryKey, summarySchema, type Summary } from './summary.js';

/**
 * Live messages keep the figures current; this slow poll re-confirms them, so the indicator can
 * tell a quiet business from a dead pipeline, and covers the moment between the first fetch and
 * the socket opening (a first connection has no `since` to replay from).
 */
export const SUMMARY_CONFIRM_INTERVAL_MS = 60_000;

export function useSummary(workspaceId: string | null) {
  const queryClient = useQueryClient();
  const key = summaryQueryKey(workspaceId ?? '');
  return useQuery({
    queryKey: key,
    queryFn:
      workspaceId === null
        ? skipToken
        : async ({ signal }) => {
            const fetchStartedAt = Date.now();
            const fetched = await apiGet('/v1/metrics/summary', summarySchema, { params: { workspace: workspaceId }, signal });
            const cachedAt = queryClient.getQueryState(key)?.dataUpdatedAt ?? 0;
            return mergeFetchedSummary(queryClient.getQueryData<Summary>(key), fetched, { cachedAt, fetchStartedAt });
          },
    refetchInterval: SUMMARY_CONFIRM_INTERVAL_MS,
  });
}

/** Handlers that write `mrr_updated` messages straight into the cached summary. */
export function useSummaryLiveHandlers(workspaceId: string | null) {
  const queryClient = useQueryClient();
  return {
    onMessage: (message: LiveEnvelope) => {
      if (workspaceId === null) return;
      const key = summaryQueryKey(workspaceId);
      if (isResync(message)) {
        void queryClient.invalidateQueries({ queryKey: key });
        return;
      }
      const update = mrrUpdateFrom(message);
      if (!update) return;
      queryClient.setQueryData<Summary>(key, (cached) => (cached ? applyMrrUpdate(cached, update) : undefined));
    },
  };
}
