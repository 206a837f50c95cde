// The workspace's sources as the live indicator needs them (state, last activity, error), for
// people whose role may read sources. Refreshed every minute and on every sync_status message.
import { skipToken, useQuery } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { apiGet } from '../lib/api-client.js';
import type { SourceStatus } from '../features/live/freshness.js';

const when = z.nullable(z.string());
const sourcesSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      freshness: z.enum(['live', 'syncing', 'stale', 'error']),
      lastEventAt: when,
      lastSyncedAt: when,
      lastError: z.nullable(z.string()),
    }),
  ),
});

export type SourcesAnswer = z.infer<typeof sourcesSchema>;

function latest(...times: Array<string | null>): number | null {
  const ms = times.filter((t): t is string => t !== null).map((t) => Date.parse(t)).filter((t) => !Number.isNaN(t));
  return ms.length ? Math.max(...ms) : null;
}

export function toSourceStatus(answer: SourcesAnswer): SourceStatus[] {
  return answer.data.map((s) => ({ id: s.id, name: s.name, freshness: s.freshness, lastActivityAt: latest(s.lastEventAt, s.lastSyncedAt), lastError: s.lastError }));
}

export function useSourceStatus(workspaceId: string | null, allowed: boolean) {
  return useQuery({
    queryKey: ['sources', workspaceId ?? '', 'status'],
    queryFn: workspaceId && allowed ? ({ signal }) => apiGet('/v1/sources', sourcesSchema, { params: { workspace: workspaceId }, signal }).then(toSourceStatus) : skipToken,
    refetchInterval: 60_000,
  });
}
