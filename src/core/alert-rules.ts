// Alert rules, pure: whether a rule fires for one customer on one day, and the evidence — the
// figures that fired it and one sentence saying so. The six kinds, their defaults and the checks
// on a rule's numbers live here; docs/metrics.md §20 states each condition. Missing data never
// fires a rule (no health score, no risk, no usage data for usage_drop): it clears.
import type { CustomerSignals } from './customer-signals.js';
import { daysBetween, type Day } from './dates.js';

export const ALERT_RULE_KINDS = ['health_below', 'risk_above', 'payment_failed', 'usage_drop', 'limit_near', 'trial_ending_inactive'] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

export type AlertRuleParams = { minEvents?: number; minActiveDays?: number };
export type AlertRuleSpec = { kind: AlertRuleKind; threshold: number | null; params: AlertRuleParams };

export type EvidenceFigure = { key: string; label: string; value: number | null };
export type AlertEvidence = { day: Day; threshold: number | null; sentence: string; figures: EvidenceFigure[] };
export type RuleOutcome = { fires: false } | { fires: true; evidence: AlertEvidence };

/** What a rule reads besides the signals: the day's health score (and its components), the churn
 *  probability (and its reasons), and whether the workspace sends usage at all (so a trial with no
 *  usage data counts as inactive only where usage is tracked). */
export type RuleInput = {
  signals: CustomerSignals;
  health: { score: number; components: readonly { key: string; label: string; value: number | null }[] } | null;
  risk: { probability: number; reasons: readonly string[] } | null;
  tracksUsage: boolean;
};

export type DefaultRule = AlertRuleSpec & { name: string };

/** The rules a workspace starts with (created on its first evaluation, editable after). */
export const DEFAULT_ALERT_RULES: readonly DefaultRule[] = [
  { kind: 'health_below', name: 'Health below 40', threshold: 40, params: {} },
  { kind: 'risk_above', name: 'Churn risk above 50% (high)', threshold: 0.5, params: {} },
  { kind: 'payment_failed', name: 'Payment failed', threshold: null, params: {} },
  { kind: 'usage_drop', name: 'Usage down 50% week over week', threshold: 0.5, params: { minEvents: 20 } },
  { kind: 'limit_near', name: 'A plan limit passed 80%', threshold: 0.8, params: {} },
  { kind: 'trial_ending_inactive', name: 'Trial ending without activation', threshold: 7, params: { minActiveDays: 3 } },
];

const DEFAULT_OF = new Map(DEFAULT_ALERT_RULES.map((r) => [r.kind, r]));

/** The rule with its kind's defaults filled in where the threshold or a parameter is missing. */
export function withDefaults(kind: AlertRuleKind, threshold: number | null | undefined, params: AlertRuleParams | undefined): AlertRuleSpec {
  const base = DEFAULT_OF.get(kind)!;
  const merged: AlertRuleParams = { ...base.params };
  if (kind === 'usage_drop' && params?.minEvents !== undefined) merged.minEvents = params.minEvents;
  if (kind === 'trial_ending_inactive' && params?.minActiveDays !== undefined) merged.minActiveDays = params.minActiveDays;
  return { kind, threshold: kind === 'payment_failed' ? null : (threshold ?? base.threshold), params: merged };
}

/** Why a rule's numbers cannot be stored, naming the field, or null. */
export function ruleProblem(rule: AlertRuleSpec): { field: 'threshold' | 'params'; message: string } | null {
  const t = rule.threshold;
  const need = (ok: boolean, message: string) => (ok ? null : { field: 'threshold' as const, message });
  switch (rule.kind) {
    case 'health_below':
      return need(t !== null && t > 0 && t <= 100, 'must be a health score above 0 and at most 100');
    case 'risk_above':
      return need(t !== null && t > 0 && t < 1, 'must be a probability between 0 and 1 (0.7 = 70%)');
    case 'payment_failed':
      return need(t === null, 'must be null: payment_failed has no threshold');
    case 'usage_drop':
      if (!(t !== null && t > 0 && t <= 1)) return { field: 'threshold', message: 'must be the fall as a fraction above 0 and at most 1 (0.5 = 50%)' };
      return Number.isInteger(rule.params.minEvents) && rule.params.minEvents! >= 1 ? null : { field: 'params', message: 'minEvents must be a whole number of at least 1' };
    case 'limit_near':
      return need(t !== null && t > 0 && t <= 10, "must be a ratio of the limit above 0 and at most 10 (0.8 = 80%)");
    case 'trial_ending_inactive':
      if (!(t !== null && Number.isInteger(t) && t >= 0 && t <= 90)) return { field: 'threshold', message: 'must be a whole number of days from 0 to 90' };
      return Number.isInteger(rule.params.minActiveDays) && rule.params.minActiveDays! >= 1 && rule.params.minActiveDays! <= 30
        ? null : { field: 'params', message: 'minActiveDays must be a whole number from 1 to 30' };
  }
}

const pct = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const fire = (signals: CustomerSignals, threshold: number | null, sentence: string, figures: EvidenceFigure[]): RuleOutcome =>
  ({ fires: true, evidence: { day: signals.day, threshold, sentence, figures } });
const QUIET: RuleOutcome = { fires: false };

/** Whether `rule` fires for the customer, with the evidence when it does. */
export function evaluateRule(rule: AlertRuleSpec, input: RuleInput): RuleOutcome {
  const { signals } = input;
  const t = rule.threshold;
  switch (rule.kind) {
    case 'health_below': {
      if (!input.health || t === null || !(input.health.score < t)) return QUIET;
      const parts = input.health.components.map((c) => `${c.label.toLowerCase()} ${c.value === null ? 'no data' : Math.round(c.value)}`);
      return fire(signals, t, `Health ${input.health.score} < ${t}${parts.length ? `: ${parts.join(', ')}` : ''}.`, [
        { key: 'health', label: 'Health score', value: input.health.score },
        ...input.health.components.map((c) => ({ key: `component.${c.key}`, label: c.label, value: c.value })),
      ]);
    }
    case 'risk_above': {
      if (!input.risk || t === null || !(input.risk.probability > t)) return QUIET;
      const reasons = input.risk.reasons.slice(0, 3);
      return fire(signals, t, `Churn risk ${pct(input.risk.probability)} > ${pct(t)}${reasons.length ? `: ${reasons.join('; ')}` : ''}.`, [
        { key: 'risk', label: 'Churn probability', value: input.risk.probability },
        { key: 'mrr', label: 'MRR (minor units)', value: signals.mrr },
      ]);
    }
    case 'payment_failed': {
      if (!signals.lastPaymentFailed) return QUIET;
      return fire(signals, null, `The latest payment failed: ${plural(signals.failedPayments30d, 'failed payment')} in the last 30 days.`, [
        { key: 'failedPayments30d', label: 'Failed payments, last 30 days', value: signals.failedPayments30d },
        { key: 'mrr', label: 'MRR (minor units)', value: signals.mrr },
      ]);
    }
    case 'usage_drop': {
      const usage = signals.usage;
      const minEvents = rule.params.minEvents ?? 1;
      if (!usage || t === null || usage.eventsPrev7d < minEvents) return QUIET;
      const fall = (usage.eventsPrev7d - usage.events7d) / usage.eventsPrev7d;
      if (!(fall >= t)) return QUIET;
      return fire(signals, t,
        `Usage fell ${pct(fall)} week over week: ${plural(usage.events7d, 'event')} in the last 7 days against ${usage.eventsPrev7d} in the 7 before (rule: a fall of ${pct(t)} or more from at least ${minEvents}).`,
        [
          { key: 'events7d', label: 'Events, last 7 days', value: usage.events7d },
          { key: 'eventsPrev7d', label: 'Events, previous 7 days', value: usage.eventsPrev7d },
          { key: 'fall', label: 'Fall', value: fall },
        ]);
    }
    case 'limit_near': {
      if (t === null) return QUIET;
      // Seats in use are what the plan sold (one user on a one-seat plan is 100%): they fire only
      // when more people are active than the plan has seats.
      const near = signals.limits.filter((l) => (l.metric === '$seats' ? l.used > l.limit : l.ratio >= t)).sort((a, b) => b.ratio - a.ratio || a.metric.localeCompare(b.metric));
      if (near.length === 0) return QUIET;
      const parts = near.map((l) => `${l.metric} at ${pct(l.ratio)} of its limit (${l.used} of ${l.limit})`);
      return fire(signals, t, `${parts.join('; ')} (rule: ${pct(t)} or more).`,
        near.flatMap((l) => [
          { key: `limit.${l.metric}.used`, label: `${l.metric} used`, value: l.used },
          { key: `limit.${l.metric}.limit`, label: `${l.metric} limit`, value: l.limit },
          { key: `limit.${l.metric}.ratio`, label: `${l.metric} share of limit`, value: l.ratio },
        ]));
    }
    case 'trial_ending_inactive': {
      if (!signals.trialing || !signals.trialEndDay || t === null) return QUIET;
      if (!signals.usage && !input.tracksUsage) return QUIET;
      const daysLeft = daysBetween(signals.day, signals.trialEndDay);
      const activeDays = signals.usage?.activeDays30d ?? 0;
      const minActiveDays = rule.params.minActiveDays ?? 1;
      if (daysLeft < 0 || daysLeft > t || activeDays >= minActiveDays) return QUIET;
      return fire(signals, t,
        `Trial ends in ${plural(daysLeft, 'day')} (${signals.trialEndDay}) with ${plural(activeDays, 'active day')} in the last 30 (rule: ends within ${plural(t, 'day')}, fewer than ${plural(minActiveDays, 'active day')}).`,
        [
          { key: 'daysLeft', label: 'Days until the trial ends', value: daysLeft },
          { key: 'activeDays30d', label: 'Active days, last 30', value: activeDays },
        ]);
    }
  }
}
