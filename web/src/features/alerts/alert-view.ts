// The alert centre's pure shaping: the filters in the address, the words for kinds and statuses,
// an evidence figure formatted by what it measures, the snooze choices, and the toast text of a
// live alert message.
import { ALERT_STATUSES, type AlertItem, type AlertRuleKind, type AlertStatus, type EvidenceFigure } from '@read/alerts/contract.js';
import { formatCount, formatProbability, formatScore } from '../../lib/format.js';
import { formatPercent } from '../../lib/percent.js';

export type AlertFilters = { status: AlertStatus[]; rule: string | null };

/** Default: what needs attention (open). `status=all` shows every status. */
export const DEFAULT_STATUSES: readonly AlertStatus[] = ['open'];

export function alertFiltersFrom(search: string): AlertFilters {
  const params = new URLSearchParams(search);
  const raw = params.get('status');
  const status = raw === 'all' ? [] : raw === null ? [...DEFAULT_STATUSES] : raw.split(',').filter((s): s is AlertStatus => (ALERT_STATUSES as readonly string[]).includes(s));
  return { status, rule: params.get('rule') || null };
}

/** The address's query for `filters` (undefined removes a parameter). */
export function alertFilterParams(filters: AlertFilters): Record<string, string | undefined> {
  const isDefault = filters.status.length === DEFAULT_STATUSES.length && filters.status.every((s) => DEFAULT_STATUSES.includes(s));
  return { status: isDefault ? undefined : filters.status.length === 0 ? 'all' : filters.status.join(','), rule: filters.rule ?? undefined };
}

export const STATUS_LABELS: Readonly<Record<AlertStatus, string>> = { open: 'Open', acknowledged: 'Acknowledged', snoozed: 'Snoozed', cleared: 'Cleared' };

export const KIND_LABELS: Readonly<Record<AlertRuleKind, string>> = {
  health_below: 'Health below',
  risk_above: 'Churn risk above',
  payment_failed: 'Payment failed',
  usage_drop: 'Usage drop',
  limit_near: 'Limit nearly reached',
  trial_ending_inactive: 'Trial ending without activation',
};

/** The threshold of a rule in its own unit: a score, a probability, a share, days. */
export function formatThreshold(kind: AlertRuleKind, threshold: number | null, locale?: string): string {
  if (threshold === null) return '—';
  switch (kind) {
    case 'health_below':
      return formatScore(threshold, { locale });
    case 'risk_above':
      return formatProbability(threshold, locale);
    case 'usage_drop':
    case 'limit_near':
      return formatPercent(threshold, { locale, digits: 0 });
    case 'trial_ending_inactive':
      return `${formatCount(threshold, locale)} days`;
    default:
      return formatCount(threshold, locale);
  }
}

/** An evidence figure by what its key says it measures: ratios, probabilities and shares as
 *  percentages, scores and counts as integers, anything else with at most two decimals. */
export function formatEvidence(figure: EvidenceFigure, locale?: string): string {
  const { key, value } = figure;
  if (value === null) return 'no data';
  if (/(probability|risk)/i.test(key) && value >= 0 && value <= 1) return formatProbability(value, locale);
  if (/(ratio|share|drop|fall|change|rate|pct|percent)/i.test(key)) return formatPercent(value, { locale, digits: 0, signed: /change/i.test(key) });
  if (/(score|health|nps)/i.test(key)) return formatScore(value, { locale, signed: /nps/i.test(key) });
  if (Number.isInteger(value)) return formatCount(value, locale);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

export type SnoozeChoice = { label: string; until: string };

/** Snooze for a day, three days, a week, or until next Monday 09:00 UTC. */
export function snoozeChoices(now: Date): SnoozeChoice[] {
  const at = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + ((8 - now.getUTCDay()) % 7 || 7), 9));
  return [
    { label: '1 day', until: at(1) },
    { label: '3 days', until: at(3) },
    { label: '1 week', until: at(7) },
    { label: 'Next Monday', until: monday.toISOString() },
  ];
}

/** Acknowledge and snooze make sense on an alert that is still open (or snoozed); a cleared
 *  alert is history. */
export function mayAct(alert: Pick<AlertItem, 'status'>): { acknowledge: boolean; snooze: boolean; assign: boolean } {
  return { acknowledge: alert.status === 'open' || alert.status === 'snoozed', snooze: alert.status !== 'cleared', assign: alert.status !== 'cleared' };
}

/** The toast of a live alert message: "New alert: Acme Inc — Health below". Unknown shapes: null. */
export function alertToast(type: string, data: unknown): string | null {
  if (type !== 'alert_opened') return null;
  if (!data || typeof data !== 'object') return 'New alert';
  const d = data as Record<string, unknown>;
  const customer = typeof d.customerName === 'string' ? d.customerName : typeof d.customerId === 'string' ? d.customerId : null;
  const rule = typeof d.ruleName === 'string' ? d.ruleName : typeof d.kind === 'string' && d.kind in KIND_LABELS ? KIND_LABELS[d.kind as AlertRuleKind] : null;
  return ['New alert', [customer, rule].filter(Boolean).join(' — ')].filter(Boolean).join(': ');
}
