// GET /v1/metrics/series and /v1/metrics/movements as the screens read them, with their hooks.
// Query keys start with the family and the workspace (['series', workspaceId, …]) so the live
// sync refreshes them after a burst of live messages (app/live-sync.ts).
import { skipToken, useQuery } from '@tanstack/react-query';
import { movementsResponse, type MovementPeriod, type MovementsResponse } from '@read/periods/contract.js';
import { seriesResponse, type SeriesResponse } from '@read/series/contract.js';
import { apiGet } from '../../lib/api-client.js';
import type { Day } from '../../lib/calendar.js';

// The response shapes are the server's contracts (src/read/series, src/read/periods).
export { movementsResponse as movementsSchema, seriesResponse as seriesSchema, type MovementPeriod };
export type Series = SeriesResponse;
export type SeriesPoint = Series['points'][number];
export type Movements = MovementsResponse;

export type SeriesRequest = {
  metric: string;
  granularity: 'day' | 'week' | 'month' | 'quarter' | 'year';
  from: Day;
  to: Day;
  compare?: 'previous_period' | 'previous_year' | null;
};

export function useSeries(workspaceId: string | null, request: SeriesRequest | null) {
  return useQuery({
    queryKey: ['series', workspaceId ?? '', request],
    queryFn:
      workspaceId && request
        ? ({ signal }) =>
            apiGet('/v1/metrics/series', seriesResponse, {
              params: { workspace: workspaceId, metric: request.metric, granularity: request.granularity, from: request.from, to: request.to, compare: request.compare ?? undefined },
              signal,
            })
        : skipToken,
    placeholderData: (previous) => previous,
  });
}

export function useMovements(workspaceId: string | null, request: { granularity: 'day' | 'month'; from: Day; to: Day } | null) {
  return useQuery({
    queryKey: ['movements', workspaceId ?? '', request],
    queryFn:
      workspaceId && request
        ? ({ signal }) => apiGet('/v1/metrics/movements', movementsResponse, { params: { workspace: workspaceId, ...request }, signal })
        : skipToken,
    placeholderData: (previous) => previous,
  });
}
