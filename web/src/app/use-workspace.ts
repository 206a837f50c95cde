import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../lib/api-client.js';
import { selectWorkspace, workspaceListSchema, workspaceParam, type WorkspaceSelection } from './workspaces.js';

export type WorkspaceState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown; retry: () => void }
  | { status: 'ready'; selection: WorkspaceSelection };

export function useWorkspace(search: string): WorkspaceState {
  const query = useQuery({
    queryKey: ['workspaces'],
    queryFn: ({ signal }) => apiGet('/v1/workspaces', workspaceListSchema, { signal }),
    staleTime: 5 * 60_000,
  });
  if (query.isPending) return { status: 'loading' };
  if (query.isError) return { status: 'error', error: query.error, retry: () => void query.refetch() };
  return { status: 'ready', selection: selectWorkspace(query.data.data, workspaceParam(search)) };
}
