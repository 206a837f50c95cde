// The alerts view: a page of the alert centre (each alert with its customer, rule, evidence and
// deliveries), one alert (the answer of acknowledge, snooze and assign), and the rules with their
// open alerts. Webhook URLs leave the server as their origin only: their path is the secret.
import type { Kysely } from 'kysely';
import { DEFAULT_ALERT_RULES } from '../../core/alert-rules.js';
import { ensureDefaultRules, listRules, openCountsByRule, type AlertRuleRow } from '../../store/alerts-repo.js';
import type { Database } from '../../store/schema.js';
import type { AlertDelivery, AlertItem, AlertRuleItem, AlertRuleListResponse } from './contract.js';
import { countAlerts, deliveriesOf, listAlerts, type AlertCursor, type AlertFilters, type AlertRow, type DeliveryRow } from './query.js';

export type { AlertCursor, AlertFilters };

/** "https://hooks.slack.com/…": the origin only. */
export function maskWebhookUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname === '/' && !parsed.search ? parsed.origin : `${parsed.origin}/…`;
  } catch {
    return '…';
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function deliveryItem(d: DeliveryRow): AlertDelivery {
  return {
    id: d.deliveryId, channel: d.channel, target: d.channel === 'webhook' ? maskWebhookUrl(d.target) : d.target, notice: d.notice, status: d.status,
    attempts: d.attempts, nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null, lastError: d.lastError, sentAt: iso(d.sentAt),
  };
}

/** The stored evidence, with its parts filled in when a row lacks them (hand-made rows). */
function evidenceOf(r: AlertRow): AlertItem['evidence'] {
  const e = (r.evidence ?? {}) as Partial<AlertItem['evidence']>;
  return {
    day: typeof e.day === 'string' ? e.day : r.openedAt.toISOString().slice(0, 10),
    threshold: typeof e.threshold === 'number' ? e.threshold : null,
    sentence: typeof e.sentence === 'string' ? e.sentence : '',
    figures: Array.isArray(e.figures) ? e.figures : [],
  };
}

function alertItem(r: AlertRow, deliveries: readonly DeliveryRow[]): AlertItem {
  return {
    id: r.alertId,
    status: r.status,
    rule: { id: r.ruleId, kind: r.kind, name: r.ruleName },
    customer: { id: r.customerId, name: r.customerName, mrr: r.mrr, currency: r.currency },
    evidence: evidenceOf(r),
    openedAt: r.openedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    clearedAt: iso(r.clearedAt),
    snoozedUntil: iso(r.snoozedUntil),
    acknowledgedBy: r.acknowledgedBy,
    acknowledgedAt: iso(r.acknowledgedAt),
    assignee: r.assignee,
    deliveries: deliveries.map(deliveryItem),
  };
}

async function withDeliveries(db: Kysely<Database>, workspaceId: string, rows: readonly AlertRow[]): Promise<AlertItem[]> {
  const deliveries = await deliveriesOf(db, workspaceId, rows.map((r) => r.alertId));
  const byAlert = new Map<string, DeliveryRow[]>();
  for (const d of deliveries) byAlert.set(d.alertId, [...(byAlert.get(d.alertId) ?? []), d]);
  return rows.map((r) => alertItem(r, byAlert.get(r.alertId) ?? []));
}

export async function loadAlertPage(db: Kysely<Database>, workspaceId: string, filters: AlertFilters, limit: number, cursor: AlertCursor | null): Promise<{ items: AlertItem[]; next: AlertCursor | null; total: number }> {
  const [page, total] = await Promise.all([listAlerts(db, workspaceId, filters, limit, cursor), countAlerts(db, workspaceId, filters)]);
  return { items: await withDeliveries(db, workspaceId, page.rows), next: page.next, total };
}

/** One alert, whatever its status; null when the workspace has no such alert. */
export async function loadAlert(db: Kysely<Database>, workspaceId: string, alertId: string, now: Date): Promise<AlertItem | null> {
  const { rows } = await listAlerts(db, workspaceId, { openedBy: now, alertId }, 1, null);
  return rows[0] ? (await withDeliveries(db, workspaceId, rows))[0]! : null;
}

export function ruleItem(rule: AlertRuleRow, openAlerts: number): AlertRuleItem {
  return {
    id: rule.ruleId, kind: rule.kind, name: rule.name, threshold: rule.threshold, params: rule.params, enabled: rule.enabled,
    emailTo: rule.emailTo, webhookUrl: rule.webhookUrl ? maskWebhookUrl(rule.webhookUrl) : null, openAlerts,
    createdAt: rule.createdAt.toISOString(), updatedAt: rule.updatedAt.toISOString(),
  };
}

/** The workspace's rules (the defaults are created first if it has never had any). */
export async function loadAlertRules(db: Kysely<Database>, workspaceId: string, emailConfigured: boolean, now: Date): Promise<AlertRuleListResponse> {
  await ensureDefaultRules(db, workspaceId, DEFAULT_ALERT_RULES, now);
  const [rules, open] = await Promise.all([listRules(db, workspaceId), openCountsByRule(db, workspaceId)]);
  return { data: rules.map((r) => ruleItem(r, open.get(r.ruleId) ?? 0)), emailConfigured };
}
