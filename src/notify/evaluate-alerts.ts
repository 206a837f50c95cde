// Evaluates a workspace's alert rules for its customers (all of them, or the few whose signals
// just changed) and keeps the alerts in step, in one transaction: a rule that fires with no alert
// open opens one (with a pending delivery per e-mail address and webhook of the rule) and pushes
// `alert_opened`; an open alert whose rule no longer fires, is disabled or deleted, clears and
// pushes `alert_updated`; an alert that keeps firing keeps its figures current without a new
// notice; a snooze that has ended reopens the alert and, when its rule still fires, sends a
// reminder (notice 2, 3…). Inputs: the customers' signals as of now, health from the workspace's
// settings, churn risk from the active model (the rules baseline before one is trained).
import { DEFAULT_ALERT_RULES, evaluateRule, type AlertEvidence, type RuleInput } from '../core/alert-rules.js';
import { scorerOf, RULES_SCORER } from '../core/churn-score.js';
import { computeHealth } from '../core/health.js';
import type { LiveBus } from '../live/bus.js';
import { liveMessage, type OutgoingMessage } from '../live/messages.js';
import { asOf } from '../read/clock.js';
import { loadCustomerSignals, loadKeyFeatures } from '../read/success-signals/load.js';
import {
  activeAlerts, addDeliveries, clearAlerts, customerNames, customersWithActiveAlerts, ensureDefaultRules, listRules, nextNotice,
  openAlert, refreshEvidence, wakeSnoozed, workspaceTracksUsage, type AlertRuleRow, type DeliveryTarget,
} from '../store/alerts-repo.js';
import type { Store } from '../store/db.js';
import { loadLimitUses } from '../store/plan-limits-repo.js';
import { activeChurnModel } from '../store/risk-repo.js';
import { loadSuccessSettings } from '../store/success-settings-repo.js';
import { enqueueOutgoing } from '../store/outgoing-webhooks-repo.js';

export type EvaluationDeps = { store: Store; bus: LiveBus; now: () => Date };
export type Evaluation = { evaluated: number; opened: number; cleared: number; reminded: number };

const key = (ruleId: string, customerId: string) => `${ruleId}|${customerId}`;

export function deliveryTargets(rule: Pick<AlertRuleRow, 'emailTo' | 'webhookUrl'>): DeliveryTarget[] {
  return [
    ...[...new Set(rule.emailTo.map((e) => e.toLowerCase()))].map((target) => ({ channel: 'email' as const, target })),
    ...(rule.webhookUrl ? [{ channel: 'webhook' as const, target: rule.webhookUrl }] : []),
  ];
}

/** What fires now for the customers read: evidence by rule and customer. */
async function firing(deps: EvaluationDeps, workspaceId: string, rules: readonly AlertRuleRow[], customerIds: readonly string[] | undefined) {
  const db = deps.store.db;
  const at = asOf(deps.now());
  const signals = await loadCustomerSignals(db, workspaceId, {
    day: at.day, asOf: at, ...(customerIds ? { customerIds } : {}),
    limits: (d, ws, input) => loadLimitUses(d, ws, input.day, input.customers),
  });
  const wants = new Set(rules.map((r) => r.kind));
  const settings = wants.has('health_below') ? await loadSuccessSettings(db, workspaceId) : null;
  const keyFeatures = settings ? await loadKeyFeatures(db, workspaceId, { day: at.day, asOf: at, configured: settings.keyFeatures, top: settings.components.adoption.topFeatures }) : [];
  const model = wants.has('risk_above') ? await activeChurnModel(db, workspaceId) : null;
  const scorer = model ? scorerOf(model.kind, model.params) : RULES_SCORER;
  const tracksUsage = await workspaceTracksUsage(db, workspaceId);
  const fires = new Map<string, AlertEvidence>();
  // Only current customers (paying, or in a trial) are alerted on: a churned customer's low
  // health is history, not something to act on. Their open alerts clear.
  const current = signals.filter((s) => s.paying || s.trialing);
  for (const s of current) {
    let health: RuleInput['health'] = null;
    if (settings) {
      const h = computeHealth(s, { settings, keyFeatures });
      if (h.score !== null) health = { score: h.score, components: h.components.filter((c) => c.weight > 0).map((c) => ({ key: c.name, label: c.label, value: c.value })) };
    }
    let risk: RuleInput['risk'] = null;
    if (wants.has('risk_above') && s.paying) {
      const r = scorer.score(s);
      risk = { probability: r.probability, reasons: r.reasons.map((reason) => reason.label) };
    }
    const input: RuleInput = { signals: s, health, risk, tracksUsage };
    for (const rule of rules) {
      const outcome = evaluateRule(rule, input);
      if (outcome.fires) fires.set(key(rule.ruleId, s.customerId), outcome.evidence);
    }
  }
  return { fires, evaluated: new Set(current.map((s) => s.customerId)) };
}

/** Evaluates every customer of the workspace (and every one with an alert open), or only
 *  `customerIds`. Creates the default rules on a workspace's first evaluation. */
export async function evaluateWorkspace(deps: EvaluationDeps, workspaceId: string, options: { customerIds?: readonly string[] } = {}): Promise<Evaluation> {
  const db = deps.store.db;
  await ensureDefaultRules(db, workspaceId, DEFAULT_ALERT_RULES, deps.now());
  const rules = await listRules(db, workspaceId);
  const enabled = rules.filter((r) => r.enabled);
  const ruleOf = new Map(enabled.map((r) => [r.ruleId, r]));
  // A full run also reads the customers with an alert open, so one that no longer exists by
  // today (or stopped being read) clears.
  const scope = options.customerIds ?? null;
  const { fires, evaluated } = enabled.length > 0
    ? await firing(deps, workspaceId, enabled, scope ?? undefined)
    : { fires: new Map<string, AlertEvidence>(), evaluated: new Set<string>() };
  const inScope = (customerId: string) => (scope ? scope.includes(customerId) : true);
  const openedFor = [...fires.keys()].map((k) => k.split('|')[1]!);
  const names = await customerNames(db, workspaceId, [...new Set([...openedFor, ...(await customersWithActiveAlerts(db, workspaceId))])]);

  return db.transaction().execute(async (trx) => {
    const at = deps.now();
    const messages: OutgoingMessage[] = [];
    const updated = (a: { alertId: string; ruleId: string; customerId: string }, status: 'open' | 'cleared', kind: string) =>
      messages.push(liveMessage('alert_updated', { alertId: a.alertId, ruleId: a.ruleId, kind, customerId: a.customerId, status }));
    const active = await activeAlerts(trx, workspaceId, scope);
    const kindOf = new Map(rules.map((r) => [r.ruleId, r.kind as string]));
    const toClear = active.filter((a) => {
      if (!ruleOf.has(a.ruleId)) return true;
      if (!inScope(a.customerId)) return false;
      return !fires.has(key(a.ruleId, a.customerId)) || !evaluated.has(a.customerId);
    });
    const cleared = new Set(await clearAlerts(trx, workspaceId, toClear.map((a) => a.alertId), at));
    for (const a of toClear) if (cleared.has(a.alertId)) updated(a, 'cleared', kindOf.get(a.ruleId) ?? 'unknown');
    const stillOpen = active.filter((a) => !cleared.has(a.alertId));
    for (const a of stillOpen) {
      const evidence = fires.get(key(a.ruleId, a.customerId));
      if (evidence && JSON.stringify(evidence) !== JSON.stringify(a.evidence)) await refreshEvidence(trx, workspaceId, a.alertId, evidence);
    }
    const already = new Set(stillOpen.map((a) => key(a.ruleId, a.customerId)));
    let opened = 0;
    for (const [k, evidence] of fires) {
      if (already.has(k)) continue;
      const [ruleId, customerId] = k.split('|') as [string, string];
      const rule = ruleOf.get(ruleId)!;
      const alertId = await openAlert(trx, workspaceId, { ruleId, customerId, evidence, at });
      if (!alertId) continue;
      opened += 1;
      await addDeliveries(trx, workspaceId, alertId, 1, deliveryTargets(rule), at);
      messages.push(liveMessage('alert_opened', {
        alertId, ruleId, ruleName: rule.name, kind: rule.kind, customerId, customerName: names.get(customerId) ?? null, sentence: evidence.sentence, openedAt: at.toISOString(),
      }));
    }
    // Snoozes that have ended (on full runs): the alert is back, and as its rule still fires (it
    // would have cleared above otherwise) a reminder goes out.
    let reminded = 0;
    const woken = scope ? new Set<string>() : new Set(await wakeSnoozed(trx, workspaceId, at));
    for (const a of stillOpen.filter((x) => woken.has(x.alertId))) {
      updated(a, 'open', kindOf.get(a.ruleId) ?? 'unknown');
      const rule = ruleOf.get(a.ruleId)!;
      const added = await addDeliveries(trx, workspaceId, a.alertId, await nextNotice(trx, workspaceId, a.alertId), deliveryTargets(rule), at);
      if (added > 0) reminded += 1;
    }
    await deps.bus.publishIn(trx, workspaceId, messages);
    await enqueueOutgoing(trx, workspaceId, messages, at); // outgoing webhooks: alert.opened
    return { evaluated: evaluated.size, opened, cleared: cleared.size, reminded };
  });
}
