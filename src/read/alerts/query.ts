// The SQL of the alert centre: a filtered, keyset-paginated page of alerts (newest first) with
// their rule, customer (name and MRR now) and the people who acknowledged and were assigned, the
// count of the whole filtered list, and the deliveries of the alerts on a page. Scoped by workspace.
import { sql, type Kysely } from 'kysely';
import type { AlertEvidence } from '../../core/alert-rules.js';
import type { Database } from '../../store/schema.js';
import type { AlertRuleKind, AlertStatus } from '../../store/schema-success.js';

export type AlertFilters = {
  status?: readonly AlertStatus[];
  ruleId?: string;
  /** A user id, or 'none' for alerts assigned to nobody. */
  assignee?: string;
  customerId?: string;
  alertId?: string;
  /** Alerts opened by this instant (the as-of). */
  openedBy: Date;
};

export type AlertCursor = { at: string; id: string };

export type AlertRow = {
  alertId: string; status: AlertStatus; ruleId: string; kind: AlertRuleKind; ruleName: string;
  customerId: string; customerName: string | null; mrr: number; currency: string | null;
  evidence: AlertEvidence; openedAt: Date; updatedAt: Date; clearedAt: Date | null; snoozedUntil: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: { userId: string; email: string; name: string | null } | null;
  assignee: { userId: string; email: string; name: string | null } | null;
};

function matching(db: Kysely<Database>, workspaceId: string, f: AlertFilters) {
  let query = db.selectFrom('alerts').where('alerts.workspace_id', '=', workspaceId).where('alerts.opened_at', '<=', f.openedBy);
  if (f.status?.length) query = query.where('alerts.status', 'in', f.status);
  if (f.ruleId) query = query.where('alerts.rule_id', '=', f.ruleId);
  if (f.customerId) query = query.where('alerts.customer_id', '=', f.customerId);
  if (f.alertId) query = query.where('alerts.alert_id', '=', f.alertId);
  if (f.assignee === 'none') query = query.where('alerts.assigned_to', 'is', null);
  else if (f.assignee) query = query.where('alerts.assigned_to', '=', f.assignee);
  return query;
}

export async function countAlerts(db: Kysely<Database>, workspaceId: string, filters: AlertFilters): Promise<number> {
  const row = await matching(db, workspaceId, filters).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

const person = (id: string | null, email: string | null, name: string | null) => (id && email ? { userId: id, email, name } : null);

/** One page of alerts, newest first (opened_at, then id), after `cursor`. */
export async function listAlerts(db: Kysely<Database>, workspaceId: string, filters: AlertFilters, limit: number, cursor: AlertCursor | null): Promise<{ rows: AlertRow[]; next: AlertCursor | null }> {
  let query = matching(db, workspaceId, filters)
    .innerJoin('alert_rules', (j) => j.onRef('alert_rules.workspace_id', '=', 'alerts.workspace_id').onRef('alert_rules.rule_id', '=', 'alerts.rule_id'))
    .leftJoin('customer_summaries', (j) => j.onRef('customer_summaries.workspace_id', '=', 'alerts.workspace_id').onRef('customer_summaries.customer_id', '=', 'alerts.customer_id'))
    .leftJoin('users as ack', 'ack.user_id', 'alerts.acknowledged_by')
    .leftJoin('users as assigned', 'assigned.user_id', 'alerts.assigned_to')
    .select([
      'alerts.alert_id', 'alerts.status', 'alerts.rule_id', 'alert_rules.kind', 'alert_rules.name as rule_name', 'alerts.customer_id',
      'customer_summaries.name as customer_name', 'customer_summaries.mrr', 'customer_summaries.currency', 'alerts.evidence', 'alerts.opened_at',
      'alerts.updated_at', 'alerts.cleared_at', 'alerts.snoozed_until', 'alerts.acknowledged_at', 'alerts.acknowledged_by', 'ack.email as ack_email',
      'ack.name as ack_name', 'alerts.assigned_to', 'assigned.email as assigned_email', 'assigned.name as assigned_name',
    ]);
  if (cursor) query = query.where(sql<boolean>`(alerts.opened_at, alerts.alert_id) < (${new Date(cursor.at)}, ${cursor.id})`);
  const rows = await query.orderBy('alerts.opened_at', 'desc').orderBy('alerts.alert_id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({
      alertId: r.alert_id, status: r.status, ruleId: r.rule_id, kind: r.kind, ruleName: r.rule_name, customerId: r.customer_id,
      customerName: r.customer_name ?? null, mrr: Number(r.mrr ?? 0), currency: r.currency ?? null, evidence: r.evidence as unknown as AlertEvidence,
      openedAt: new Date(r.opened_at), updatedAt: new Date(r.updated_at), clearedAt: r.cleared_at ? new Date(r.cleared_at) : null,
      snoozedUntil: r.snoozed_until ? new Date(r.snoozed_until) : null, acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at) : null,
      acknowledgedBy: person(r.acknowledged_by, r.ack_email ?? null, r.ack_name ?? null),
      assignee: person(r.assigned_to, r.assigned_email ?? null, r.assigned_name ?? null),
    })),
    next: rows.length > limit && last ? { at: new Date(last.opened_at).toISOString(), id: last.alert_id } : null,
  };
}

export type DeliveryRow = {
  deliveryId: string; alertId: string; channel: 'email' | 'webhook'; target: string; notice: number; status: 'pending' | 'sent' | 'failed';
  attempts: number; nextAttemptAt: Date; lastError: string | null; sentAt: Date | null;
};

export async function deliveriesOf(db: Kysely<Database>, workspaceId: string, alertIds: readonly string[]): Promise<DeliveryRow[]> {
  if (alertIds.length === 0) return [];
  const rows = await db.selectFrom('alert_deliveries')
    .select(['delivery_id', 'alert_id', 'channel', 'target', 'notice', 'status', 'attempts', 'next_attempt_at', 'last_error', 'sent_at'])
    .where('workspace_id', '=', workspaceId).where('alert_id', 'in', alertIds)
    .orderBy('notice').orderBy('channel').orderBy('target').execute();
  return rows.map((r) => ({
    deliveryId: r.delivery_id, alertId: r.alert_id, channel: r.channel, target: r.target, notice: Number(r.notice), status: r.status,
    attempts: Number(r.attempts), nextAttemptAt: new Date(r.next_attempt_at), lastError: r.last_error, sentAt: r.sent_at ? new Date(r.sent_at) : null,
  }));
}
