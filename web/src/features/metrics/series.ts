// GET /v1/metrics/series and /v1/metrics/movements as the screens read them, with their hooks.
// Query keys start with the family and the workspace (['series', workspaceId, …]) so the live
// sync refreshes them after a burst of live messages (app/live-sync.ts).
import { skipToken, useQuery } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { apiGet } from '../../lib/api-client.js';
import type { Day } from '../../lib/calendar.js';

const period = { period: z.string(), start: z.string(), end: z.string() };

export const seriesSchema = z.object({
  metric: z.string(),
  unit: z.enum(['money', 'count', 'ratio', 'days']),
  granularity: z.string(),
  currency: z.nullable(z.string()),
  from: z.string(),
  to: z.string(),
  compare: z.nullable(z.object({ kind: z.string(), from: z.string(), to: z.string() })),
  points: z.array(
    z.object({
      ...period,
      value: z.nullable(z.number()),
      reason: z.optional(z.string()),
      compare: z.optional(z.object({ ...period, value: z.nullable(z.number()) })),
    }),
  ),
});
export type Series = z.infer<typeof seriesSchema>;
export type SeriesPoint = Series['points'][number];

const moneyInt = z.int();
export const movementsSchema = z.object({
  currency: z.string(),
  granularity: z.string(),
  from: z.string(),
  to: z.string(),
  periods: z.array(
    z.object({
      ...period,
      mrrStart: moneyInt,
      movements: z.object({ new: moneyInt, expansion: moneyInt, contraction: moneyInt, churn: moneyInt, reactivation: moneyInt, fx: moneyInt }),
      netNewMrr: moneyInt,
      mrr: moneyInt,
      customersStart: z.int(),
      customers: z.int(),
      newCustomers: z.int(),
      reactivatedCustomers: z.int(),
      churnedCustomers: z.int(),
    }),
  ),
});
export type Movements = z.infer<typeof movementsSchema>;
export type MovementPeriod = Movements['periods'][number];

export type SeriesRequest = {
  metric: string;
  granularity: 'day' | 'week' | 'month' | 'quarter' | 'year';
  from: Day;
  to: Day;
  compare?: 'previous_period' | 'previous_year' | null;
};

export function useSeries(workspaceId: string | null, request: SeriesRequest | null) {
  return useQuery({
    queryKey: ['series', workspaceId ?? '', request],
    queryFn:
      workspaceId && request
        ? ({ signal }) =>
            apiGet('/v1/metrics/series', seriesSchema, {
              params: { workspace: workspaceId, metric: request.metric, granularity: request.granularity, from: request.from, to: request.to, compare: request.compare ?? undefined },
              signal,
            })
        : skipToken,
    placeholderData: (previous) => previous,
  });
}

export function useMovements(workspaceId: string | null, request: { granularity: 'day' | 'month'; from: Day; to: Day } | null) {
  return useQuery({
    queryKey: ['movements', workspaceId ?? '', request],
    queryFn:
      workspaceId && request
        ? ({ signal }) => apiGet('/v1/metrics/movements', movementsSchema, { params: { workspace: workspaceId, ...request }, signal })
        : skipToken,
    placeholderData: (previous) => previous,
  });
}
