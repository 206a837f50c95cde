import { skipToken, useInfiniteQuery } from '@tanstack/react-query';
import { apiGet } from '../../lib/api-client.js';
import { explainSchema } from './explain-data.js';
import { explainKey, explainParams, type ExplainTarget } from './explain-target.js';

export const FIRST_PAGE = 100;
export const NEXT_PAGE = 500;

/** The pages of an explanation, largest contribution first: 100 lines, then 500 a page. */
export function useExplain(workspaceId: string | null, target: ExplainTarget | null) {
  return useInfiniteQuery({
    queryKey: target && workspaceId ? explainKey(workspaceId, target) : ['explain', 'none'],
    queryFn:
      target && workspaceId
        ? ({ pageParam, signal }) =>
            apiGet('/v1/explain', explainSchema, {
              params: { workspace: workspaceId, ...explainParams(target), limit: String(pageParam ? NEXT_PAGE : FIRST_PAGE), cursor: pageParam ?? undefined },
              signal,
            })
        : skipToken,
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // An explanation is a snapshot of the moment it was asked for.
    staleTime: 0,
    gcTime: 60_000,
  });
}
