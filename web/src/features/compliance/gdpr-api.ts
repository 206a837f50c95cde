// The GDPR requests panel's queries and change (compliance:manage): the queue, read again every
// few seconds while a request is moving; a new request; and the customer lookup by name or
// e-mail (the customers list, customers:read).
import { useMutation, useQuery, useQueryClient, skipToken } from '@tanstack/react-query';
import { apiGet, apiSend, apiUrl } from '../../lib/api-client.js';
import { customerListResponse } from '@read/customers/contract.js';
import { gdprRequestAnswer, gdprRequestList, type GdprRequestInput } from '@read/gdpr/contract.js';
import { refreshInterval } from './gdpr-view.js';

export const gdprKey = (workspaceId: string) => ['gdpr', workspaceId] as const;

export function useGdprRequests(workspaceId: string) {
  return useQuery({
    queryKey: [...gdprKey(workspaceId), 'requests'],
    queryFn: ({ signal }) => apiGet('/v1/gdpr/requests', gdprRequestList, { params: { workspace: workspaceId, limit: '100' }, signal }),
    refetchInterval: (query) => refreshInterval(query.state.data?.data),
  });
}

export function useGdprRequest(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: GdprRequestInput) => apiSend('POST', '/v1/gdpr/requests', gdprRequestAnswer, { params: { workspace: workspaceId }, body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: gdprKey(workspaceId) }),
  });
}

/** Customers whose name, e-mail or id holds `q` (at least two characters). */
export function useCustomerLookup(workspaceId: string, q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: ['gdpr-lookup', workspaceId, term],
    queryFn: term.length >= 2 ? ({ signal }) => apiGet('/v1/customers', customerListResponse, { params: { workspace: workspaceId, q: term, limit: '8' }, signal }) : skipToken,
    staleTime: 30_000,
    retry: false,
  });
}

export const exportHref = (workspaceId: string, requestId: string) => apiUrl(`/v1/gdpr/requests/${encodeURIComponent(requestId)}/export`, { workspace: workspaceId });
