// The query behind a settings panel: `name` and the workspace key it, `params` go with every call
// of the panel (the workspace), and `refresh` refetches it after a change.
import { useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import type * as z from 'zod/mini';
import { apiGet } from '../../lib/api-client.js';

export function useSettingsQuery<T>(name: string, path: string, schema: z.ZodMiniType<T>, workspaceId: string, options: Omit<UseQueryOptions<T, Error, T, string[]>, 'queryKey' | 'queryFn'> = {}) {
  const client = useQueryClient();
  const key = [name, workspaceId];
  const params = { workspace: workspaceId };
  const query = useQuery({ ...options, queryKey: key, queryFn: ({ signal }) => apiGet(path, schema, { params, signal }) });
  const refresh = () => void client.invalidateQueries({ queryKey: key });
  return { query, params, refresh };
}
