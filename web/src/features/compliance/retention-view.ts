// The retention panel's pure shaping: the policy form's fields (what each kind means, its limits,
// empty = kept for ever), reading the typed values back with a message per bad field, and a run's
// counts in words. No React here.
import { POLICY_FIELDS, POLICY_LIMITS, RUN_COUNT_LABELS, type PolicyField, type RetentionPolicyInput, type RetentionPolicyView, type RetentionRunView } from '@read/compliance/contract.js';

export type PolicyFieldView = { field: PolicyField; label: string; meaning: string; min: number; max: number; optional: boolean };

export const POLICY_FORM: readonly PolicyFieldView[] = [
  { field: 'rawPayloadDays', label: 'Raw payloads', meaning: 'Names, e-mails, phones and addresses are stripped from stored Stripe, PayPal, import and tracking payloads older than this. Revenue figures do not change.' },
  { field: 'usageRawDays', label: 'Raw usage events', meaning: 'Tracking messages older than this are dropped once they are in the daily usage roll-ups. Health scores do not change.' },
  { field: 'auditDays', label: 'Audit log', meaning: 'Audit log entries older than this are dropped (at least 30 days).' },
  { field: 'securityDays', label: 'Security events', meaning: 'Security events older than this are dropped (at least 30 days).' },
  { field: 'exportDays', label: 'GDPR export files', meaning: 'How long a GDPR export stays downloadable after it is ready.' },
].map((f) => ({ ...f, field: f.field as PolicyField, ...POLICY_LIMITS[f.field as PolicyField], optional: f.field !== 'exportDays' }));

export type PolicyDraft = Record<PolicyField, string>;

export function draftOf(policy: RetentionPolicyView): PolicyDraft {
  return Object.fromEntries(POLICY_FIELDS.map((f) => [f, policy[f] === null ? '' : String(policy[f])])) as PolicyDraft;
}

/** The PUT body, or the problems by field ("Audit log: at least 30 days"). */
export function readDraft(draft: PolicyDraft): { ok: true; body: RetentionPolicyInput } | { ok: false; errors: Partial<Record<PolicyField, string>> } {
  const body: Record<string, number | null> = {};
  const errors: Partial<Record<PolicyField, string>> = {};
  for (const f of POLICY_FORM) {
    const text = draft[f.field].trim();
    if (text === '') {
      if (f.optional) body[f.field] = null;
      else errors[f.field] = `${f.label}: enter a number of days`;
      continue;
    }
    const days = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(days)) errors[f.field] = `${f.label}: a whole number of days`;
    else if (days < f.min) errors[f.field] = `${f.label}: at least ${f.min} ${f.min === 1 ? 'day' : 'days'}`;
    else if (days > f.max) errors[f.field] = `${f.label}: at most ${f.max} days`;
    else body[f.field] = days;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, body: body as RetentionPolicyInput };
}

export function keptText(days: number | null): string {
  return days === null ? 'Kept for ever' : `${days} ${days === 1 ? 'day' : 'days'}`;
}

/** "12 provider payloads stripped · 3 audit entries dropped", or "Nothing to do". */
export function countsText(run: Pick<RetentionRunView, 'counts'>): string {
  const parts = RUN_COUNT_LABELS.filter(([key]) => (run.counts[key] ?? 0) > 0).map(([key, label]) => `${label}: ${run.counts[key]}`);
  return parts.length > 0 ? parts.join(' · ') : 'Nothing to do';
}
