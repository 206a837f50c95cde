// An alert rule as typed in Settings → Alert rules and back: each kind's threshold in its own unit
// (a health score, a churn risk in %, a usage fall in %, a share of the limit in %, days before a
// trial ends), e-mail recipients as a comma-separated list, and the webhook kept unless replaced
// or removed (its path is a secret the server never sends back). Pure.
import type { AlertRuleInput, AlertRuleItem, AlertRuleKind } from '@read/alerts/contract.js';

export type ThresholdUnit = { label: string; min: number; max: number; scale: number; suffix: string; defaultValue: number } | null;

/** How a kind's threshold is typed: the API's value is the typed one divided by `scale`. */
export function thresholdUnit(kind: AlertRuleKind): ThresholdUnit {
  switch (kind) {
    case 'health_below':
      return { label: 'Health score below', min: 1, max: 100, scale: 1, suffix: '', defaultValue: 40 };
    case 'risk_above':
      return { label: 'Churn risk above', min: 1, max: 99, scale: 100, suffix: '%', defaultValue: 50 };
    case 'usage_drop':
      return { label: 'Usage falls by at least', min: 1, max: 100, scale: 100, suffix: '% week over week', defaultValue: 50 };
    case 'limit_near':
      return { label: 'Usage reaches', min: 1, max: 200, scale: 100, suffix: '% of a limit', defaultValue: 80 };
    case 'trial_ending_inactive':
      return { label: 'Trial ends within', min: 1, max: 60, scale: 1, suffix: 'days', defaultValue: 3 };
    case 'payment_failed':
      return null;
  }
}

export type RuleForm = {
  kind: AlertRuleKind;
  name: string;
  threshold: string;
  minEvents: string;
  minActiveDays: string;
  enabled: boolean;
  emailTo: string;
  /** '' keeps the stored webhook (when editing); a URL replaces it. */
  webhookUrl: string;
  removeWebhook: boolean;
};

export function ruleForm(rule: AlertRuleItem | null, kind: AlertRuleKind = 'health_below'): RuleForm {
  const k = rule?.kind ?? kind;
  const unit = thresholdUnit(k);
  const threshold = rule?.threshold ?? (unit ? unit.defaultValue / unit.scale : null);
  return {
    kind: k,
    name: rule?.name ?? '',
    threshold: threshold === null || !unit ? '' : String(Math.round(threshold * unit.scale * 100) / 100),
    minEvents: rule?.params.minEvents === undefined ? '' : String(rule.params.minEvents),
    minActiveDays: rule?.params.minActiveDays === undefined ? '' : String(rule.params.minActiveDays),
    enabled: rule?.enabled ?? true,
    emailTo: rule?.emailTo.join(', ') ?? '',
    webhookUrl: '',
    removeWebhook: false,
  };
}

const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

export type RuleResult = { ok: true; input: AlertRuleInput } | { ok: false; field: keyof RuleForm; message: string };

/** The request body for the form, or the first problem with the field it is about. `editing`:
 *  an empty webhook field keeps the stored one. */
export function ruleInput(form: RuleForm, editing: boolean): RuleResult {
  const name = form.name.trim();
  if (!name) return { ok: false, field: 'name', message: 'Name the rule.' };
  if (name.length > 100) return { ok: false, field: 'name', message: 'At most 100 characters.' };
  const unit = thresholdUnit(form.kind);
  let threshold: number | null = null;
  if (unit) {
    const n = Number(form.threshold);
    if (form.threshold.trim() === '' || !Number.isFinite(n) || n < unit.min || n > unit.max) return { ok: false, field: 'threshold', message: `A number from ${unit.min} to ${unit.max}.` };
    threshold = n / unit.scale;
  }
  const params: AlertRuleInput['params'] = {};
  if (form.kind === 'usage_drop' && form.minEvents.trim()) {
    const n = Number(form.minEvents);
    if (!Number.isInteger(n) || n < 1) return { ok: false, field: 'minEvents', message: 'A whole number of events, 1 or more.' };
    params.minEvents = n;
  }
  if (form.kind === 'trial_ending_inactive' && form.minActiveDays.trim()) {
    const n = Number(form.minActiveDays);
    if (!Number.isInteger(n) || n < 1 || n > 30) return { ok: false, field: 'minActiveDays', message: 'A whole number of days from 1 to 30.' };
    params.minActiveDays = n;
  }
  const emailTo = form.emailTo.split(/[,;\s]+/).map((e) => e.trim()).filter(Boolean);
  const bad = emailTo.find((e) => !EMAIL.test(e) || e.length > 254);
  if (bad) return { ok: false, field: 'emailTo', message: `${bad} is not an e-mail address.` };
  if (emailTo.length > 20) return { ok: false, field: 'emailTo', message: 'At most 20 recipients.' };
  const url = form.webhookUrl.trim();
  if (url && !/^https?:\/\/[^\s]+$/.test(url)) return { ok: false, field: 'webhookUrl', message: 'An http(s) URL, like https://hooks.slack.com/services/…' };
  const input: AlertRuleInput = { kind: form.kind, name, threshold, params, enabled: form.enabled, emailTo };
  if (form.removeWebhook) input.webhookUrl = null;
  else if (url) input.webhookUrl = url;
  else if (!editing) input.webhookUrl = null;
  return { ok: true, input };
}
