import { skipToken, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiGet } from '../../lib/api-client.js';
import type { LiveEnvelope } from '../live/live-message.js';
import { applyLiveMessage, isDataMessage, isResync } from './live-summary.js';
import { mergeFetchedSummary, summaryQueryKey, summarySchema, type Summary } from './summary.js';

/**
 * Live messages keep the figures current; this slow poll re-confirms them (and moves the server
 * clock the live indicator reads), and covers a socket that is not open yet.
 */
export const SUMMARY_CONFIRM_INTERVAL_MS = 60_000;

/** When the summary was last answered by the server, in client and server time. */
export type ServerClock = { clientAt: number; serverAt: number };
const clocks = new Map<string, ServerClock>();

export function serverClock(workspaceId: string): ServerClock | null {
  return clocks.get(workspaceId) ?? null;
}

export function useSummary(workspaceId: string | null) {
  const queryClient = useQueryClient();
  const key = summaryQueryKey(workspaceId ?? '');
  return useQuery({
    queryKey: key,
    queryFn:
      workspaceId === null
        ? skipToken
        : async ({ signal }) => {
            const fetched = await apiGet('/v1/metrics/summary', summarySchema, { params: { workspace: workspaceId }, signal });
            clocks.set(workspaceId, { clientAt: Date.now(), serverAt: Date.parse(fetched.asOf) });
            return mergeFetchedSummary(queryClient.getQueryData<Summary>(key), fetched);
          },
    refetchInterval: SUMMARY_CONFIRM_INTERVAL_MS,
  });
}

/** Writes a live message into the cached summary. Returns whether it was a data message (the
 *  caller schedules one reconciling refetch for a burst of them). */
export function applyToSummaryCache(queryClient: QueryClient, workspaceId: string, message: LiveEnvelope): boolean {
  const key = summaryQueryKey(workspaceId);
  if (isResync(message)) {
    void queryClient.invalidateQueries({ queryKey: key });
    return false;
  }
  if (!isDataMessage(message)) return false;
  queryClient.setQueryData<Summary>(key, (cached) => (cached ? applyLiveMessage(cached, message) : cached));
  return true;
}
