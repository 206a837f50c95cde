// The customer page's customer-success queries: health with its components, churn risk with its
// reasons, usage against the plan's limits, tickets, NPS responses, and the activity timeline
// (paged with `before`). Keys start with ['customers', workspaceId, 'success', customerId].
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type * as z from 'zod/mini';
import { ApiError, apiGet } from '../../lib/api-client.js';
import { activityResponse } from '@read/activity/contract.js';
import { healthResponse } from '@read/health/contract.js';
import { customerUsageResponse } from '@read/limits/contract.js';
import { customerRiskResponse } from '@read/risk/contract.js';
import { surveyListResponse, ticketListResponse } from '@read/support/contract.js';

/** A 4xx (not scored, not paying, no such data) is an answer, not a failure to retry. */
const retry = (failures: number, error: Error) => failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500);

function useCustomerQuery<T>(workspaceId: string, customerId: string, name: string, path: string, schema: z.ZodMiniType<T>, params: Record<string, string> = {}) {
  return useQuery({
    queryKey: ['customers', workspaceId, 'success', customerId, name, params],
    queryFn: ({ signal }) => apiGet(path, schema, { params: { workspace: workspaceId, ...params }, signal }),
    retry,
  });
}

const base = (id: string) => `/v1/customers/${encodeURIComponent(id)}`;

export const useCustomerHealth = (ws: string, id: string) => useCustomerQuery(ws, id, 'health', `${base(id)}/health`, healthResponse);
export const useCustomerRisk = (ws: string, id: string) => useCustomerQuery(ws, id, 'risk', `${base(id)}/risk`, customerRiskResponse);
export const useCustomerUsage = (ws: string, id: string) => useCustomerQuery(ws, id, 'usage', `${base(id)}/usage`, customerUsageResponse);
export const useCustomerTickets = (ws: string, id: string) => useCustomerQuery(ws, id, 'tickets', '/v1/support/tickets', ticketListResponse, { customer: id, limit: '20' });
export const useCustomerSurveys = (ws: string, id: string) => useCustomerQuery(ws, id, 'surveys', '/v1/surveys/responses', surveyListResponse, { customer: id, kind: 'nps', limit: '20' });

export const ACTIVITY_PAGE = 25;

export function useCustomerActivity(workspaceId: string, customerId: string) {
  return useInfiniteQuery({
    queryKey: ['customers', workspaceId, 'success', customerId, 'activity'],
    queryFn: ({ signal, pageParam }) =>
      apiGet(`${base(customerId)}/activity`, activityResponse, { params: { workspace: workspaceId, limit: String(ACTIVITY_PAGE), ...(pageParam ? { before: pageParam } : {}) }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
    retry,
  });
}
