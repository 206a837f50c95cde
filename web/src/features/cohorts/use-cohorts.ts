// Both kinds of cohort table for the same cohorts (the heatmap shows one, the curve both), and the
// customers behind one cell.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { cohortCustomersResponse, cohortsResponse, type CohortKind } from '@read/cohorts/contract.js';
import { apiGet } from '../../lib/api-client.js';
import type { Month } from '../../lib/calendar.js';

export function useCohorts(workspaceId: string, kind: CohortKind, range: { from: Month; to: Month; maxAge: number }) {
  const params = { workspace: workspaceId, kind, from: range.from, to: range.to, maxAge: String(range.maxAge) };
  return useQuery({
    queryKey: ['cohorts', workspaceId, kind, range.from, range.to, range.maxAge],
    queryFn: ({ signal }) => apiGet('/v1/metrics/cohorts', cohortsResponse, { params, signal }),
    placeholderData: keepPreviousData,
  });
}

export type CohortCellTarget = { kind: CohortKind; cohort: Month; age: number; label: string };

export function useCohortCustomers(workspaceId: string, target: CohortCellTarget) {
  const params = { workspace: workspaceId, kind: target.kind, cohort: target.cohort, age: String(target.age) };
  return useQuery({
    queryKey: ['cohort-customers', workspaceId, target.kind, target.cohort, target.age],
    queryFn: ({ signal }) => apiGet('/v1/metrics/cohorts/customers', cohortCustomersResponse, { params, signal }),
  });
}
