// Chart annotations (GET/POST/PUT/DELETE /v1/annotations): the data hooks. Changes invalidate the
// workspace's annotations so every chart that pins them redraws.
import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { annotationAnswer, annotationList, type AnnotationKind } from '@read/annotations/contract.js';
import { apiGet, apiSend } from '../../lib/api-client.js';

export { ANNOTATION_KINDS, type Annotation, type AnnotationKind } from '@read/annotations/contract.js';
export const KIND_LABELS: Record<AnnotationKind, string> = { launch: 'Launch', campaign: 'Campaign', pricing: 'Pricing', incident: 'Incident', other: 'Note' };

const noBody = z.unknown();

export type AnnotationInput = { day: string; title: string; description: string | null; kind: AnnotationKind };

export function useAnnotations(workspaceId: string | null, range: { from: string; to: string } | null) {
  return useQuery({
    queryKey: ['annotations', workspaceId ?? '', range],
    queryFn: workspaceId && range ? ({ signal }) => apiGet('/v1/annotations', annotationList, { params: { workspace: workspaceId, ...range }, signal }).then((r) => r.data) : skipToken,
    placeholderData: (previous) => previous,
  });
}

export function useAnnotationChanges(workspaceId: string) {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: ['annotations', workspaceId] });
  const params = { workspace: workspaceId };
  return {
    create: useMutation({ mutationFn: (input: AnnotationInput) => apiSend('POST', '/v1/annotations', annotationAnswer, { params, body: input }), onSuccess }),
    update: useMutation({ mutationFn: ({ id, ...input }: AnnotationInput & { id: string }) => apiSend('PUT', `/v1/annotations/${encodeURIComponent(id)}`, annotationAnswer, { params, body: input }), onSuccess }),
    remove: useMutation({ mutationFn: (id: string) => apiSend('DELETE', `/v1/annotations/${encodeURIComponent(id)}`, noBody, { params }), onSuccess }),
  };
}
