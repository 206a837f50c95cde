// The executive screen's queries: the card series, the monthly movements, the forecast, revenue
// by plan, the top customers and the annotations. Keys start with ['family', workspaceId] so
// the live sync refreshes them after a burst of live messages.
import { skipToken, useQueries, useQuery } from '@tanstack/react-query';
import { byPlanResponse } from '@read/breakdowns/contract.js';
import { customerListResponse, type CustomerItem } from '@read/customers/contract.js';
import { forecastResponse } from '@read/forecast/contract.js';
import { apiGet } from '../../lib/api-client.js';
import { firstDayOf, type Day } from '../../lib/calendar.js';
import type { DateRange, Comparison } from '../../app/date-range.js';
import { seriesSchema, useMovements, type Series } from '../metrics/series.js';
import { CARD_SERIES, cardSeriesBounds, type CardSeries } from './cards.js';

/** Months projected after the current one. */
export const PROJECTION_MONTHS = 6;

export type TopCustomer = CustomerItem;

export function useCardSeries(workspaceId: string, range: DateRange, compare: Comparison): { series: Partial<Record<CardSeries, Series>>; error: unknown } {
  const bounds = cardSeriesBounds(range, compare);
  const results = useQueries({
    queries: CARD_SERIES.map((metric) => {
      const request = { metric, granularity: 'month', from: bounds.from, to: bounds.to, compare: compare === 'none' ? null : compare };
      return {
        queryKey: ['series', workspaceId, request],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          apiGet('/v1/metrics/series', seriesSchema, { params: { workspace: workspaceId, metric, granularity: 'month', from: bounds.from, to: bounds.to, compare: request.compare ?? undefined }, signal }),
        placeholderData: (previous: Series | undefined) => previous,
      };
    }),
  });
  const series: Partial<Record<CardSeries, Series>> = {};
  CARD_SERIES.forEach((metric, i) => {
    const data = results[i]?.data;
    if (data) series[metric] = data;
  });
  return { series, error: results.find((r) => r.error)?.error ?? null };
}

export function useTrendMovements(workspaceId: string, range: DateRange) {
  return useMovements(workspaceId, { granularity: 'month', from: firstDayOf(range.months[0]!), to: range.to });
}

export function useForecast(workspaceId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['forecast', workspaceId, PROJECTION_MONTHS],
    // The API's forecast starts with the current month; one more covers six months after it.
    queryFn: enabled ? ({ signal }) => apiGet('/v1/metrics/forecast', forecastResponse, { params: { workspace: workspaceId, horizon: String(PROJECTION_MONTHS + 1), months: '24' }, signal }) : skipToken,
    staleTime: 5 * 60_000,
  });
}

export function useByPlan(workspaceId: string, date: Day) {
  return useQuery({
    queryKey: ['by-plan', workspaceId, date],
    queryFn: ({ signal }) => apiGet('/v1/metrics/by-plan', byPlanResponse, { params: { workspace: workspaceId, date }, signal }),
    placeholderData: (previous) => previous,
  });
}

export function useTopCustomers(workspaceId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['top-customers', workspaceId],
    queryFn: enabled ? ({ signal }) => apiGet('/v1/customers', customerListResponse, { params: { workspace: workspaceId, sort: '-mrr', limit: '8', status: 'active,past_due' }, signal }).then((r) => r.data) : skipToken,
  });
}
