// The customers screen's queries and the saved-preset mutations. Keys start with
// ['customers', workspaceId] so a live message can refresh them together.
import { keepPreviousData, skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { apiGet, apiSend } from '../../lib/api-client.js';
import { utcDay } from '../../lib/calendar.js';
import * as z from 'zod/mini';
import { byCurrencySchema, byPlanSchema } from '../revenue/schemas.js';
import { apiParams, type CustomerView } from './filters.js';
import { customerListResponse, customerResponse } from '@read/customers/contract.js';
import { savedFilterAnswer, savedFilterList } from '@read/saved-filters/contract.js';

export function useCustomerPage(workspaceId: string, view: CustomerView, cursor: string | null) {
  const params = apiParams(view, cursor);
  return useQuery({
    queryKey: ['customers', workspaceId, 'list', params],
    queryFn: ({ signal }) => apiGet('/v1/customers', customerListResponse, { params: { workspace: workspaceId, ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(workspaceId: string, customerId: string | null) {
  return useQuery({
    queryKey: ['customers', workspaceId, 'detail', customerId],
    queryFn: customerId
      ? ({ signal }) => apiGet(`/v1/customers/${encodeURIComponent(customerId)}`, customerResponse, { params: { workspace: workspaceId }, signal })
      : skipToken,
  });
}

/** The plans and currencies paying today, for the filter menus (names for plan ids). */
export function useFilterOptions(workspaceId: string) {
  const date = utcDay(new Date());
  const plans = useQuery({
    queryKey: ['revenue', workspaceId, 'by-plan', date],
    queryFn: ({ signal }) => apiGet('/v1/metrics/by-plan', byPlanSchema, { params: { workspace: workspaceId, date }, signal }),
    staleTime: 5 * 60_000,
  });
  const currencies = useQuery({
    queryKey: ['revenue', workspaceId, 'by-currency', date],
    queryFn: ({ signal }) => apiGet('/v1/metrics/by-currency', byCurrencySchema, { params: { workspace: workspaceId, date }, signal }),
    staleTime: 5 * 60_000,
  });
  // Stable between renders (the table's columns depend on the rates).
  return useMemo(
    () => ({
      plans: (plans.data?.plans ?? []).map((p) => ({ id: p.planId, name: p.planName })).sort((a, b) => a.name.localeCompare(b.name)),
      currencies: (currencies.data?.currencies ?? []).map((c) => c.currency).sort(),
      /** Today's rate of each billing currency into the reporting currency (for approximate figures). */
      rates: new Map((currencies.data?.currencies ?? []).map((c) => [c.currency, Number(c.rate)])),
    }),
    [plans.data, currencies.data],
  );
}

/** DELETE answers 204 without a body. */
const noContent = z.unknown();

const presetsKey = (workspaceId: string) => ['saved-filters', workspaceId, 'customers'];

export function useSavedFilters(workspaceId: string) {
  return useQuery({
    queryKey: presetsKey(workspaceId),
    queryFn: ({ signal }) => apiGet('/v1/saved-filters', savedFilterList, { params: { workspace: workspaceId, scope: 'customers' }, signal }),
  });
}

export function useSavedFilterMutations(workspaceId: string) {
  const client = useQueryClient();
  const params = { workspace: workspaceId };
  const refresh = () => void client.invalidateQueries({ queryKey: presetsKey(workspaceId) });
  const save = useMutation({
    mutationFn: (body: { name: string; filters: Record<string, unknown> }) => apiSend('POST', '/v1/saved-filters', savedFilterAnswer, { params, body: { scope: 'customers', ...body } }),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ id, ...body }: { id: string; name?: string; filters?: Record<string, unknown> }) =>
      apiSend('PUT', `/v1/saved-filters/${encodeURIComponent(id)}`, savedFilterAnswer, { params, body }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/v1/saved-filters/${encodeURIComponent(id)}`, noContent, { params }),
    onSettled: refresh,
  });
  return { save, update, remove };
}
