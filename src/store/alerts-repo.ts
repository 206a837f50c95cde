// Alert rules and the alerts they open, all SQL. One open alert per rule per customer until it
// clears: the partial unique index alerts_one_open enforces it, and opening inserts with
// `on conflict do nothing` so two evaluations (or two instances) racing open it once. A cleared
// alert stays for the record; the rule firing again later opens a new one. Every query is scoped
// by workspace_id. Deliveries: one row per alert, channel, target and notice, claimed by a sender
// with `for update skip locked` and a lease (see claimDueDeliveries).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AlertEvidence, AlertRuleKind, AlertRuleParams, DefaultRule } from '../core/alert-rules.js';
import { newId } from './ids.js';
import type { Database } from './schema.js';
import type { AlertStatus } from './schema-success.js';

type Db = Kysely<Database> | Transaction<Database>;

export type AlertRuleRow = {
  ruleId: string;
  kind: AlertRuleKind;
  name: string;
  threshold: number | null;
  params: AlertRuleParams;
  enabled: boolean;
  emailTo: string[];
  webhookUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type AlertRuleWrite = Omit<AlertRuleRow, 'ruleId' | 'createdAt' | 'updatedAt'>;

const RULE_COLUMNS = ['rule_id', 'kind', 'name', 'threshold', 'params', 'enabled', 'email_to', 'webhook_url', 'created_at', 'updated_at'] as const;

function toRule(r: { rule_id: string; kind: AlertRuleKind; name: string; threshold: number | null; params: AlertRuleParams; enabled: boolean; email_to: string[]; webhook_url: string | null; created_at: Date; updated_at: Date }): AlertRuleRow {
  return {
    ruleId: r.rule_id, kind: r.kind, name: r.name, threshold: r.threshold === null ? null : Number(r.threshold), params: r.params ?? {},
    enabled: r.enabled, emailTo: r.email_to ?? [], webhookUrl: r.webhook_url, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
  };
}

/** Creates the default rules the first time a workspace is evaluated (alert_defaults remembers
 *  it, so rules deleted later stay deleted). True when it created them. */
export async function ensureDefaultRules(db: Kysely<Database>, workspaceId: string, defaults: readonly DefaultRule[], at: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const first = await trx.insertInto('alert_defaults').values({ workspace_id: workspaceId, created_at: at })
      .onConflict((oc) => oc.column('workspace_id').doNothing()).returning('workspace_id').executeTakeFirst();
    if (!first) return false;
    await trx.insertInto('alert_rules').values(defaults.map((d) => ({
      workspace_id: workspaceId, rule_id: newId('rule'), kind: d.kind, name: d.name, threshold: d.threshold,
      params: JSON.stringify(d.params), email_to: '[]', created_at: at, updated_at: at,
    }))).execute();
    return true;
  });
}

export async function listRules(db: Db, workspaceId: string): Promise<AlertRuleRow[]> {
  const rows = await db.selectFrom('alert_rules').select(RULE_COLUMNS).where('workspace_id', '=', workspaceId)
    .orderBy('created_at').orderBy('rule_id').execute();
  return rows.map(toRule);
}

export async function findRule(db: Db, workspaceId: string, ruleId: string): Promise<AlertRuleRow | null> {
  const row = await db.selectFrom('alert_rules').select(RULE_COLUMNS).where('workspace_id', '=', workspaceId).where('rule_id', '=', ruleId).executeTakeFirst();
  return row ? toRule(row) : null;
}

/** Alerts not cleared, per rule (the rules list shows them). */
export async function openCountsByRule(db: Db, workspaceId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('alerts').select(['rule_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('workspace_id', '=', workspaceId).where('status', '<>', 'cleared').groupBy('rule_id').execute();
  return new Map(rows.map((r) => [r.rule_id, Number(r.n)]));
}

export async function insertRule(db: Db, workspaceId: string, rule: AlertRuleWrite, at: Date): Promise<AlertRuleRow> {
  const row = await db.insertInto('alert_rules').values({
    workspace_id: workspaceId, rule_id: newId('rule'), kind: rule.kind, name: rule.name, threshold: rule.threshold,
    params: JSON.stringify(rule.params), enabled: rule.enabled, email_to: JSON.stringify(rule.emailTo), webhook_url: rule.webhookUrl,
    created_at: at, updated_at: at,
  }).returning(RULE_COLUMNS).executeTakeFirstOrThrow();
  return toRule(row);
}

/** Replaces a rule's settings (its kind never changes); null when there is no such rule. */
export async function updateRule(db: Db, workspaceId: string, ruleId: string, rule: Omit<AlertRuleWrite, 'kind'>, at: Date): Promise<AlertRuleRow | null> {
  const row = await db.updateTable('alert_rules').set({
    name: rule.name, threshold: rule.threshold, params: JSON.stringify(rule.params), enabled: rule.enabled,
    email_to: JSON.stringify(rule.emailTo), webhook_url: rule.webhookUrl, updated_at: at,
  }).where('workspace_id', '=', workspaceId).where('rule_id', '=', ruleId).returning(RULE_COLUMNS).executeTakeFirst();
  return row ? toRule(row) : null;
}

/** Deletes a rule with its alerts and their deliveries (the alerts' foreign key cascades). */
export async function deleteRule(db: Kysely<Database>, workspaceId: string, ruleId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('alert_deliveries').where('workspace_id', '=', workspaceId)
      .where('alert_id', 'in', trx.selectFrom('alerts').select('alert_id').where('workspace_id', '=', workspaceId).where('rule_id', '=', ruleId)).execute();
    const result = await trx.deleteFrom('alert_rules').where('workspace_id', '=', workspaceId).where('rule_id', '=', ruleId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}

export type ActiveAlert = { alertId: string; ruleId: string; customerId: string; status: Exclude<AlertStatus, 'cleared'>; snoozedUntil: Date | null; evidence: AlertEvidence };

/** The alerts not cleared, of every customer or the given ones. */
export async function activeAlerts(db: Db, workspaceId: string, customerIds: readonly string[] | null): Promise<ActiveAlert[]> {
  if (customerIds?.length === 0) return [];
  let query = db.selectFrom('alerts').select(['alert_id', 'rule_id', 'customer_id', 'status', 'snoozed_until', 'evidence'])
    .where('workspace_id', '=', workspaceId).where('status', '<>', 'cleared');
  if (customerIds) query = query.where('customer_id', 'in', customerIds);
  const rows = await query.execute();
  return rows.map((r) => ({
    alertId: r.alert_id, ruleId: r.rule_id, customerId: r.customer_id, status: r.status as ActiveAlert['status'],
    snoozedUntil: r.snoozed_until ? new Date(r.snoozed_until) : null, evidence: r.evidence as unknown as AlertEvidence,
  }));
}

/** Customers with an alert not cleared (re-evaluated with the rest, so theirs can clear). */
export async function customersWithActiveAlerts(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db.selectFrom('alerts').select('customer_id').distinct().where('workspace_id', '=', workspaceId).where('status', '<>', 'cleared').execute();
  return rows.map((r) => r.customer_id);
}

/** Opens an alert unless one is already open for the rule and customer: its id, or null. */
export async function openAlert(trx: Db, workspaceId: string, input: { ruleId: string; customerId: string; evidence: AlertEvidence; at: Date }): Promise<string | null> {
  const row = await trx.insertInto('alerts').values({
    workspace_id: workspaceId, alert_id: newId('alert'), rule_id: input.ruleId, customer_id: input.customerId, status: 'open',
    opened_at: input.at, evidence: JSON.stringify(input.evidence), updated_at: input.at,
  }).onConflict((oc) => oc.doNothing()).returning('alert_id').executeTakeFirst();
  return row?.alert_id ?? null;
}

/** Keeps an open alert's evidence current (the figures as they stand now; not a new notice). */
export async function refreshEvidence(trx: Db, workspaceId: string, alertId: string, evidence: AlertEvidence): Promise<void> {
  await trx.updateTable('alerts').set({ evidence: JSON.stringify(evidence) })
    .where('workspace_id', '=', workspaceId).where('alert_id', '=', alertId).where('status', '<>', 'cleared').execute();
}

/** Clears the given alerts (the rule no longer fires); the ids actually cleared. */
export async function clearAlerts(trx: Db, workspaceId: string, alertIds: readonly string[], at: Date): Promise<string[]> {
  if (alertIds.length === 0) return [];
  const rows = await trx.updateTable('alerts').set({ status: 'cleared', cleared_at: at, updated_at: at })
    .where('workspace_id', '=', workspaceId).where('alert_id', 'in', alertIds).where('status', '<>', 'cleared').returning('alert_id').execute();
  return rows.map((r) => r.alert_id);
}

/** Snoozed alerts whose snooze has ended go back to open; their ids. */
export async function wakeSnoozed(trx: Db, workspaceId: string, at: Date): Promise<string[]> {
  return (await wakeSnoozedAlerts(trx, workspaceId, at)).map((a) => a.alertId);
}

/** Snoozed alerts whose snooze has ended go back to open; which they are (the batched full run
 *  sends their reminders after its batches, src/jobs/alerts.ts). */
export async function wakeSnoozedAlerts(trx: Db, workspaceId: string, at: Date): Promise<{ alertId: string; ruleId: string; customerId: string }[]> {
  const rows = await trx.updateTable('alerts').set({ status: 'open', snoozed_until: null, updated_at: at })
    .where('workspace_id', '=', workspaceId).where('status', '=', 'snoozed').where('snoozed_until', '<=', at)
    .returning(['alert_id', 'rule_id', 'customer_id']).execute();
  return rows.map((r) => ({ alertId: r.alert_id, ruleId: r.rule_id, customerId: r.customer_id }));
}

/** Every customer a full evaluation reads, in id order: each customer summary of the workspace
 *  and each customer with an alert not cleared (so one no longer read has its alerts cleared). */
export async function evaluationCandidates(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db.selectFrom('customer_summaries').select('customer_id').where('workspace_id', '=', workspaceId)
    .union(db.selectFrom('alerts').select('customer_id').where('workspace_id', '=', workspaceId).where('status', '<>', 'cleared'))
    .orderBy('customer_id').execute();
  return rows.map((r) => r.customer_id);
}

export type AlertAction =
  | { kind: 'acknowledge'; userId: string | null }
  | { kind: 'snooze'; until: Date }
  | { kind: 'assign'; userId: string | null };

/** Acknowledges, snoozes or assigns an alert. 'missing': no such alert; 'cleared': it has cleared
 *  (only assignment still applies to a cleared alert's record). */
export async function actOnAlert(db: Db, workspaceId: string, alertId: string, action: AlertAction, at: Date): Promise<'ok' | 'missing' | 'cleared'> {
  const current = await db.selectFrom('alerts').select('status').where('workspace_id', '=', workspaceId).where('alert_id', '=', alertId).executeTakeFirst();
  if (!current) return 'missing';
  if (current.status === 'cleared' && action.kind !== 'assign') return 'cleared';
  const set =
    action.kind === 'acknowledge' ? { status: 'acknowledged' as const, acknowledged_by: action.userId, acknowledged_at: at, snoozed_until: null }
      : action.kind === 'snooze' ? { status: 'snoozed' as const, snoozed_until: action.until }
        : { assigned_to: action.userId };
  let query = db.updateTable('alerts').set({ ...set, updated_at: at }).where('workspace_id', '=', workspaceId).where('alert_id', '=', alertId);
  if (action.kind !== 'assign') query = query.where('status', '<>', 'cleared');
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0 ? 'ok' : 'cleared';
}

/** Whether the user is a member of the workspace (an alert is only assigned to one). */
export async function isWorkspaceMember(db: Db, workspaceId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** Whether any usage was ever rolled up for the workspace (trials without usage then count as inactive). */
export async function workspaceTracksUsage(db: Db, workspaceId: string): Promise<boolean> {
  const row = await db.selectFrom('usage_daily').select('account_id').where('workspace_id', '=', workspaceId).limit(1).executeTakeFirst();
  return row !== undefined;
}

export type DeliveryTarget = { channel: 'email' | 'webhook'; target: string };

/** The next notice number of an alert: 1 when it opens, one more for each reminder. */
export async function nextNotice(trx: Db, workspaceId: string, alertId: string): Promise<number> {
  const row = await trx.selectFrom('alert_deliveries').select((eb) => eb.fn.max('notice').as('n'))
    .where('workspace_id', '=', workspaceId).where('alert_id', '=', alertId).executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

/** One pending delivery per target for this notice of the alert (a repeat adds nothing). */
export async function addDeliveries(trx: Db, workspaceId: string, alertId: string, notice: number, targets: readonly DeliveryTarget[], at: Date): Promise<number> {
  if (targets.length === 0) return 0;
  const rows = await trx.insertInto('alert_deliveries').values(targets.map((t) => ({
    workspace_id: workspaceId, delivery_id: newId('dlv'), alert_id: alertId, channel: t.channel, target: t.target,
    notice, status: 'pending' as const, next_attempt_at: at, created_at: at,
  }))).onConflict((oc) => oc.doNothing()).returning('delivery_id').execute();
  return rows.length;
}

export type ClaimedDelivery = { deliveryId: string; alertId: string; channel: 'email' | 'webhook'; target: string; notice: number; attempts: number };

/** Claims up to `limit` deliveries that are due — pending, next attempt reached, and their alert
 *  not snoozed — counting the attempt and moving next_attempt_at to `leaseUntil`, in one
 *  statement: `for update skip locked` keeps two senders from claiming the same row, and the lease
 *  keeps the next run from taking it again while it is being sent. A sender that dies mid-send
 *  leaves the row to be claimed again once the lease has passed. */
export async function claimDueDeliveries(db: Db, workspaceId: string, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
  const result = await sql<{ delivery_id: string; alert_id: string; channel: 'email' | 'webhook'; target: string; notice: number; attempts: number }>`
    update alert_deliveries d set attempts = d.attempts + 1, next_attempt_at = ${leaseUntil}
    from (
      select x.workspace_id, x.delivery_id from alert_deliveries x
      where x.workspace_id = ${workspaceId} and x.status = 'pending' and x.next_attempt_at <= ${now}
        and not exists (select 1 from alerts a where a.workspace_id = x.workspace_id and a.alert_id = x.alert_id
                          and a.status = 'snoozed' and a.snoozed_until > ${now})
      order by x.next_attempt_at, x.delivery_id
      limit ${limit}
      for update of x skip locked
    ) due
    where d.workspace_id = due.workspace_id and d.delivery_id = due.delivery_id
    returning d.delivery_id, d.alert_id, d.channel, d.target, d.notice, d.attempts`.execute(db);
  return result.rows.map((r) => ({ deliveryId: r.delivery_id, alertId: r.alert_id, channel: r.channel, target: r.target, notice: Number(r.notice), attempts: Number(r.attempts) }));
}

/** Workspaces with a delivery due (the sender visits only those). */
export async function workspacesWithDueDeliveries(db: Db, now: Date): Promise<string[]> {
  const rows = await db.selectFrom('alert_deliveries').select('workspace_id').distinct()
    .where('status', '=', 'pending').where('next_attempt_at', '<=', now).execute();
  return rows.map((r) => r.workspace_id);
}

/** Records the outcome of an attempt: sent, tried again at `retryAt`, or failed for good. */
export async function recordAttempt(db: Db, workspaceId: string, deliveryId: string, outcome: { kind: 'sent'; at: Date } | { kind: 'retry'; at: Date; error: string } | { kind: 'failed'; error: string }): Promise<void> {
  const set = outcome.kind === 'sent' ? { status: 'sent' as const, sent_at: outcome.at, last_error: null }
    : outcome.kind === 'retry' ? { next_attempt_at: outcome.at, last_error: outcome.error }
      : { status: 'failed' as const, last_error: outcome.error };
  await db.updateTable('alert_deliveries').set(set)
    .where('workspace_id', '=', workspaceId).where('delivery_id', '=', deliveryId).where('status', '=', 'pending').execute();
}

export type AlertForMessage = {
  alertId: string; customerId: string; status: AlertStatus; openedAt: Date; evidence: AlertEvidence;
  ruleName: string; kind: AlertRuleKind; customerName: string | null; mrr: number; currency: string | null;
};

/** What a notice says: the alert, its rule and the customer (name, MRR now). */
export async function alertForMessage(db: Db, workspaceId: string, alertId: string): Promise<AlertForMessage | null> {
  const row = await db.selectFrom('alerts')
    .innerJoin('alert_rules', (j) => j.onRef('alert_rules.workspace_id', '=', 'alerts.workspace_id').onRef('alert_rules.rule_id', '=', 'alerts.rule_id'))
    .leftJoin('customer_summaries', (j) => j.onRef('customer_summaries.workspace_id', '=', 'alerts.workspace_id').onRef('customer_summaries.customer_id', '=', 'alerts.customer_id'))
    .select(['alerts.alert_id', 'alerts.customer_id', 'alerts.status', 'alerts.opened_at', 'alerts.evidence', 'alert_rules.name as rule_name', 'alert_rules.kind',
      'customer_summaries.name as customer_name', 'customer_summaries.mrr', 'customer_summaries.currency'])
    .where('alerts.workspace_id', '=', workspaceId).where('alerts.alert_id', '=', alertId).executeTakeFirst();
  if (!row) return null;
  return {
    alertId: row.alert_id, customerId: row.customer_id, status: row.status, openedAt: new Date(row.opened_at), evidence: row.evidence as unknown as AlertEvidence,
    ruleName: row.rule_name, kind: row.kind, customerName: row.customer_name ?? null, mrr: Number(row.mrr ?? 0), currency: row.currency ?? null,
  };
}

/** Customers' names (null when unnamed or unknown), for the live messages of new alerts. */
export async function customerNames(db: Db, workspaceId: string, customerIds: readonly string[]): Promise<Map<string, string | null>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db.selectFrom('customer_summaries').select(['customer_id', 'name'])
    .where('workspace_id', '=', workspaceId).where('customer_id', 'in', customerIds).execute();
  return new Map(rows.map((r) => [r.customer_id, r.name]));
}

/** An alert's rule, kind, customer and status (what alert_updated carries). */
export async function alertHead(db: Db, workspaceId: string, alertId: string): Promise<{ ruleId: string; kind: AlertRuleKind; customerId: string; status: AlertStatus } | null> {
  const row = await db.selectFrom('alerts')
    .innerJoin('alert_rules', (j) => j.onRef('alert_rules.workspace_id', '=', 'alerts.workspace_id').onRef('alert_rules.rule_id', '=', 'alerts.rule_id'))
    .select(['alerts.rule_id', 'alert_rules.kind', 'alerts.customer_id', 'alerts.status'])
    .where('alerts.workspace_id', '=', workspaceId).where('alerts.alert_id', '=', alertId).executeTakeFirst();
  return row ? { ruleId: row.rule_id, kind: row.kind, customerId: row.customer_id, status: row.status } : null;
}
