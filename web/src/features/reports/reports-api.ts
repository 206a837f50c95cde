// The Reports screen's queries and changes: the list of reports (metrics:read), custom reports,
// schedules, the delivery log and "Send now" (reports:manage). Keys start with ['reports',
// workspaceId]; every change refreshes them all, so a new schedule or delivery shows at once.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { apiGet, apiSend } from '../../lib/api-client.js';
import { segmentsResponse } from '@read/segments/contract.js';
import {
  customReportAnswer,
  reportDeliveryAnswer,
  reportDeliveryListResponse,
  reportListResponse,
  reportScheduleAnswer,
  reportScheduleListResponse,
  type CustomReportInput,
  type ReportScheduleInput,
  type ReportSendInput,
} from '@read/reports/contract.js';
import { refreshInterval } from './delivery-view.js';

export const reportsKey = (workspaceId: string) => ['reports', workspaceId] as const;

/** DELETE answers 204. */
const noContent = z.unknown();

export function useReportList(workspaceId: string) {
  return useQuery({
    queryKey: [...reportsKey(workspaceId), 'list'],
    queryFn: ({ signal }) => apiGet('/v1/reports', reportListResponse, { params: { workspace: workspaceId }, signal }),
  });
}

export function useSchedules(workspaceId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...reportsKey(workspaceId), 'schedules'],
    queryFn: ({ signal }) => apiGet('/v1/report-schedules', reportScheduleListResponse, { params: { workspace: workspaceId }, signal }),
    enabled,
  });
}

/** The newest deliveries; read again every few seconds while one is on its way. */
export function useDeliveries(workspaceId: string, enabled: boolean, options: { limit?: number; report?: string; cursor?: string | null } = {}) {
  const params = { workspace: workspaceId, limit: String(options.limit ?? 50), report: options.report, cursor: options.cursor ?? undefined };
  return useQuery({
    queryKey: [...reportsKey(workspaceId), 'deliveries', params],
    queryFn: ({ signal }) => apiGet('/v1/report-deliveries', reportDeliveryListResponse, { params, signal }),
    enabled,
    refetchInterval: (query) => refreshInterval(query.state.data?.data),
    placeholderData: keepPreviousData,
  });
}

/** The workspace's segments (built-in or saved), for the custom report's segment choice. */
export function useSegmentChoices(workspaceId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['segments', workspaceId, 'list'],
    queryFn: ({ signal }) => apiGet('/v1/segments', segmentsResponse, { params: { workspace: workspaceId }, signal }),
    enabled,
    retry: false,
    staleTime: 60_000,
  });
}

export function useReportMutations(workspaceId: string) {
  const client = useQueryClient();
  const params = { workspace: workspaceId };
  const refresh = () => void client.invalidateQueries({ queryKey: reportsKey(workspaceId) });
  const id = (value: string) => encodeURIComponent(value);
  return {
    createCustom: useMutation({ mutationFn: (body: CustomReportInput) => apiSend('POST', '/v1/reports/custom', customReportAnswer, { params, body }), onSuccess: refresh }),
    updateCustom: useMutation({ mutationFn: ({ reportId, ...body }: CustomReportInput & { reportId: string }) => apiSend('PUT', `/v1/reports/custom/${id(reportId)}`, customReportAnswer, { params, body }), onSuccess: refresh }),
    removeCustom: useMutation({ mutationFn: (reportId: string) => apiSend('DELETE', `/v1/reports/custom/${id(reportId)}`, noContent, { params }), onSettled: refresh }),
    createSchedule: useMutation({ mutationFn: (body: ReportScheduleInput) => apiSend('POST', '/v1/report-schedules', reportScheduleAnswer, { params, body }), onSuccess: refresh }),
    updateSchedule: useMutation({ mutationFn: ({ scheduleId, ...body }: ReportScheduleInput & { scheduleId: string }) => apiSend('PUT', `/v1/report-schedules/${id(scheduleId)}`, reportScheduleAnswer, { params, body }), onSuccess: refresh }),
    removeSchedule: useMutation({ mutationFn: (scheduleId: string) => apiSend('DELETE', `/v1/report-schedules/${id(scheduleId)}`, noContent, { params }), onSettled: refresh }),
    retry: useMutation({ mutationFn: (deliveryId: string) => apiSend('POST', `/v1/report-deliveries/${id(deliveryId)}/retry`, reportDeliveryAnswer, { params }), onSettled: refresh }),
    send: useMutation({ mutationFn: ({ reportKey, ...body }: ReportSendInput & { reportKey: string }) => apiSend('POST', `/v1/reports/${id(reportKey)}/send`, reportDeliveryAnswer, { params, body }), onSettled: refresh }),
  };
}

export type ReportMutations = ReturnType<typeof useReportMutations>;
