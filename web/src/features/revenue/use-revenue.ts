// The revenue screen's queries. Keys start with ['revenue', workspaceId] so a live message can
// refresh them all at once (live-refresh.ts).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../lib/api-client.js';
import { monthOf, type Day } from '../../lib/calendar.js';
import { byCurrencySchema, byPlanSchema, explainSchema, monthlySchema, paymentsHealthSchema } from './schemas.js';

export function useMonthly(workspaceId: string, from: Day, to: Day) {
  const params = { workspace: workspaceId, from: monthOf(from), to: monthOf(to) };
  return useQuery({
    queryKey: ['revenue', workspaceId, 'monthly', params.from, params.to],
    queryFn: ({ signal }) => apiGet('/v1/metrics/monthly', monthlySchema, { params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useByPlan(workspaceId: string, date: Day) {
  return useQuery({
    queryKey: ['revenue', workspaceId, 'by-plan', date],
    queryFn: ({ signal }) => apiGet('/v1/metrics/by-plan', byPlanSchema, { params: { workspace: workspaceId, date }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useByCurrency(workspaceId: string, date: Day) {
  return useQuery({
    queryKey: ['revenue', workspaceId, 'by-currency', date],
    queryFn: ({ signal }) => apiGet('/v1/metrics/by-currency', byCurrencySchema, { params: { workspace: workspaceId, date }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** The FX effect per currency over the range (explain's `fx` groups). */
export function useFxEffect(workspaceId: string, from: Day, to: Day) {
  return useQuery({
    queryKey: ['revenue', workspaceId, 'fx', from, to],
    queryFn: ({ signal }) => apiGet('/v1/explain', explainSchema, { params: { workspace: workspaceId, metric: 'fx', from, to }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePaymentsHealth(workspaceId: string, from: Day, to: Day) {
  return useQuery({
    queryKey: ['revenue', workspaceId, 'payments', from, to],
    queryFn: ({ signal }) => apiGet('/v1/payments/health', paymentsHealthSchema, { params: { workspace: workspaceId, from, to, granularity: 'month' }, signal }),
    placeholderData: keepPreviousData,
  });
}
