// The segmentation grid's query and its create / edit / delete (settings:write). Keys start with
// ['segments', workspaceId].
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { apiGet, apiSend } from '../../lib/api-client.js';
import { segmentAnswer, segmentsResponse } from '@read/segments/contract.js';
import type { CustomerFilterSet } from '@read/customers/contract.js';

export const segmentsKey = (workspaceId: string) => ['segments', workspaceId] as const;

export type SegmentInput = { name: string; action: string; filters: CustomerFilterSet };

export function useSegments(workspaceId: string) {
  return useQuery({
    queryKey: [...segmentsKey(workspaceId), 'list'],
    queryFn: ({ signal }) => apiGet('/v1/segments', segmentsResponse, { params: { workspace: workspaceId }, signal }),
  });
}

/** DELETE answers 204 (or an empty object). */
const noContent = z.unknown();

export function useSegmentMutations(workspaceId: string) {
  const client = useQueryClient();
  const params = { workspace: workspaceId };
  const refresh = () => void client.invalidateQueries({ queryKey: segmentsKey(workspaceId) });
  return {
    create: useMutation({ mutationFn: (body: SegmentInput) => apiSend('POST', '/v1/segments', segmentAnswer, { params, body }), onSuccess: refresh }),
    update: useMutation({ mutationFn: ({ id, ...body }: SegmentInput & { id: string }) => apiSend('PUT', `/v1/segments/${encodeURIComponent(id)}`, segmentAnswer, { params, body }), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => apiSend('DELETE', `/v1/segments/${encodeURIComponent(id)}`, noContent, { params }), onSettled: refresh }),
  };
}
