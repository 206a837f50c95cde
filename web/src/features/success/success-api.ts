// The Customer success screen's queries, one per figure, each parsed with its read view's
// contract. Keys start with ['success', workspaceId] so live messages refresh them together;
// each panel reads its own query and degrades on its own (components/data-panel.tsx).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type * as z from 'zod/mini';
import { ApiError, apiGet } from '../../lib/api-client.js';
import { expansionResponse } from '@read/expansion/contract.js';
import { ltvByPlanResponse } from '@read/ltv-by-plan/contract.js';
import { npsResponse } from '@read/nps/contract.js';
import { onboardingResponse } from '@read/onboarding/contract.js';
import { successOverviewResponse } from '@read/success-overview/contract.js';
import { usageResponse } from '@read/usage/contract.js';

/** Server errors are retried; a 4xx (no such figure yet, bad range) is shown at once. */
const retry = (failures: number, error: Error) => failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500);

function useSuccessQuery<T>(workspaceId: string, name: string, path: string, schema: z.ZodMiniType<T>, params: Record<string, string | undefined> = {}, enabled = true) {
  const all = { workspace: workspaceId, ...params };
  return useQuery({
    queryKey: ['success', workspaceId, name, all],
    queryFn: ({ signal }) => apiGet(path, schema, { params: all, signal }),
    placeholderData: keepPreviousData,
    retry,
    enabled,
  });
}

export type Range = { from: string; to: string };

export const useOverview = (ws: string) => useSuccessQuery(ws, 'overview', '/v1/success/overview', successOverviewResponse);
export const useExpansion = (ws: string) => useSuccessQuery(ws, 'expansion', '/v1/success/expansion', expansionResponse);
export const useOnboarding = (ws: string) => useSuccessQuery(ws, 'onboarding', '/v1/success/onboarding', onboardingResponse);
/** `enabled` false for roles that cannot read customer success (the Executive screen of billing). */
export const useNps = (ws: string, range: Range, enabled = true) => useSuccessQuery(ws, 'nps', '/v1/success/nps', npsResponse, range, enabled);
export const useUsage = (ws: string, range: Range, granularity?: string) => useSuccessQuery(ws, 'usage', '/v1/success/usage', usageResponse, { ...range, granularity });
export const useLtvByPlan = (ws: string) => useSuccessQuery(ws, 'ltv-by-plan', '/v1/metrics/ltv-by-plan', ltvByPlanResponse);
