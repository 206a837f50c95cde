// Both kinds of cohort table for the same cohorts (the heatmap shows one, the curve both).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../lib/api-client.js';
import type { Month } from '../../lib/calendar.js';
import { cohortsSchema, type CohortKind } from './schemas.js';

export function useCohorts(workspaceId: string, kind: CohortKind, range: { from: Month; to: Month; maxAge: number }) {
  const params = { workspace: workspaceId, kind, from: range.from, to: range.to, maxAge: String(range.maxAge) };
  return useQuery({
    queryKey: ['cohorts', workspaceId, kind, range.from, range.to, range.maxAge],
    queryFn: ({ signal }) => apiGet('/v1/metrics/cohorts', cohortsSchema, { params, signal }),
    placeholderData: keepPreviousData,
  });
}
