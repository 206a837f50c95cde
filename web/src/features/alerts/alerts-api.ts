// The alert centre's queries and actions. Keys start with ['alerts', workspaceId] so the live
// messages alert_opened / alert_updated refresh every alert view at once (live-sync.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { apiGet, apiSend } from '../../lib/api-client.js';
import { alertItem, alertListResponse, alertRuleListResponse } from '@read/alerts/contract.js';
import { team } from '@read/settings/contract.js';
import type { AlertFilters } from './alert-view.js';

export const alertsKey = (workspaceId: string) => ['alerts', workspaceId] as const;

/** An action answers with the alert (bare or as { alert }). */
const actionAnswer = z.union([z.object({ alert: alertItem }), alertItem]);

export function useAlerts(workspaceId: string, filters: AlertFilters, cursor: string | null = null, limit = 50) {
  const params = {
    workspace: workspaceId,
    ...(filters.status.length > 0 ? { status: filters.status.join(',') } : {}),
    ...(filters.rule ? { rule: filters.rule } : {}),
    limit: String(limit),
    ...(cursor ? { cursor } : {}),
  };
  return useQuery({
    queryKey: [...alertsKey(workspaceId), 'list', params],
    queryFn: ({ signal }) => apiGet('/v1/alerts', alertListResponse, { params, signal }),
    placeholderData: keepPreviousData,
  });
}

/** How many alerts are open (not acknowledged, snoozed or cleared): the nav badge. */
export function useOpenAlertCount(workspaceId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...alertsKey(workspaceId), 'open-count'],
    queryFn: ({ signal }) => apiGet('/v1/alerts', alertListResponse, { params: { workspace: workspaceId, status: 'open', limit: '1' }, signal }).then((r) => r.total),
    enabled,
    retry: false,
    staleTime: 60_000,
  });
}

export function useAlertRules(workspaceId: string) {
  return useQuery({
    queryKey: [...alertsKey(workspaceId), 'rules'],
    queryFn: ({ signal }) => apiGet('/v1/alert-rules', alertRuleListResponse, { params: { workspace: workspaceId }, signal }),
  });
}

/** The members an alert can be assigned to. Only owners and admins may list the team
 *  (team:manage); for others the list stays empty and "assign to me" is offered alone. */
export function useAssignees(workspaceId: string, canListTeam: boolean) {
  return useQuery({
    queryKey: ['team', workspaceId],
    queryFn: ({ signal }) => apiGet('/v1/team', team, { params: { workspace: workspaceId }, signal }),
    enabled: canListTeam,
    select: (t) => t.members.map((m) => ({ userId: m.userId, label: m.name ?? m.email })),
  });
}

export type AlertAction = { id: string } & ({ kind: 'acknowledge' } | { kind: 'snooze'; until: string } | { kind: 'assign'; userId: string | null });

export function useAlertAction(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: AlertAction) => {
      const path = `/v1/alerts/${encodeURIComponent(action.id)}/${action.kind}`;
      const params = { workspace: workspaceId };
      const body = action.kind === 'snooze' ? { until: action.until } : action.kind === 'assign' ? { userId: action.userId } : {};
      return apiSend('POST', path, actionAnswer, { params, body });
    },
    onSettled: () => void client.invalidateQueries({ queryKey: alertsKey(workspaceId) }),
  });
}
