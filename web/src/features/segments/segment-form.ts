// A segment's filters as an editable form and back, and in words for the grid ("High-risk health
// · churn risk ≥ 40% · plan Pro"). Pure: the grid and its tests share it.
import { CUSTOMER_STATUSES, HEALTH_BANDS, PRICING_KINDS, USERS_TRENDS, type CustomerFilterSet } from '@read/customers/contract.js';
import { formatProbability } from '../../lib/format.js';

const BAND_WORDS = { high_risk: 'high risk', medium: 'medium', healthy: 'healthy' } as const;
const PRICING_WORDS = { discounted: 'on a discount', entry_plan: 'on the entry plan' } as const;

export type SegmentFormValues = {
  name: string;
  action: string;
  health: string[];
  status: string[];
  pricing: string[];
  plan: string;
  riskMin: string;
  riskMax: string;
  healthMin: string;
  healthMax: string;
  mrrTopPercent: string;
  usersTrend: string;
};

export function formValues(segment: { name: string; action: string; filters: CustomerFilterSet } | null): SegmentFormValues {
  const f = segment?.filters ?? {};
  const num = (v: number | undefined) => (v === undefined ? '' : String(v));
  return {
    name: segment?.name ?? '',
    action: segment?.action ?? '',
    health: [...(f.health ?? [])],
    status: [...(f.status ?? [])],
    pricing: [...(f.pricing ?? [])],
    plan: f.plan ?? '',
    riskMin: f.riskMin === undefined ? '' : String(Math.round(f.riskMin * 100)),
    riskMax: f.riskMax === undefined ? '' : String(Math.round(f.riskMax * 100)),
    healthMin: num(f.healthMin),
    healthMax: num(f.healthMax),
    mrrTopPercent: num(f.mrrTopPercent),
    usersTrend: f.usersTrend ?? '',
  };
}

export type FormResult = { ok: true; value: { name: string; action: string; filters: CustomerFilterSet } } | { ok: false; field: keyof SegmentFormValues; message: string };

/** Validates the form; risk is typed in percent (40 → 0.4). The first problem names its field. */
export function formToSegment(v: SegmentFormValues, extra: Omit<CustomerFilterSet, 'health' | 'status' | 'pricing' | 'plan' | 'riskMin' | 'riskMax' | 'healthMin' | 'healthMax' | 'mrrTopPercent' | 'usersTrend'> = {}): FormResult {
  const name = v.name.trim();
  if (name.length === 0) return { ok: false, field: 'name', message: 'Give the segment a name.' };
  if (name.length > 80) return { ok: false, field: 'name', message: 'At most 80 characters.' };
  if (v.action.length > 200) return { ok: false, field: 'action', message: 'At most 200 characters.' };
  const filters: CustomerFilterSet = { ...extra };
  const intIn = (text: string, field: keyof SegmentFormValues, min: number, max: number): number | undefined | FormResult => {
    if (text.trim() === '') return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) return { ok: false, field, message: `A whole number from ${min} to ${max}.` };
    return n;
  };
  const fields = [
    ['riskMin', 0, 100],
    ['riskMax', 0, 100],
    ['healthMin', 0, 100],
    ['healthMax', 0, 100],
    ['mrrTopPercent', 1, 100],
  ] as const;
  const numbers: Partial<Record<(typeof fields)[number][0], number>> = {};
  for (const [field, min, max] of fields) {
    const n = intIn(v[field], field, min, max);
    if (typeof n === 'object') return n;
    if (n !== undefined) numbers[field] = n;
  }
  if (numbers.riskMin !== undefined && numbers.riskMax !== undefined && numbers.riskMin > numbers.riskMax) return { ok: false, field: 'riskMin', message: 'Above the maximum risk.' };
  if (numbers.healthMin !== undefined && numbers.healthMax !== undefined && numbers.healthMin > numbers.healthMax) return { ok: false, field: 'healthMin', message: 'Above the maximum health.' };
  if (numbers.riskMin !== undefined) filters.riskMin = numbers.riskMin / 100;
  if (numbers.riskMax !== undefined) filters.riskMax = numbers.riskMax / 100;
  if (numbers.healthMin !== undefined) filters.healthMin = numbers.healthMin;
  if (numbers.healthMax !== undefined) filters.healthMax = numbers.healthMax;
  if (numbers.mrrTopPercent !== undefined) filters.mrrTopPercent = numbers.mrrTopPercent;
  const health = HEALTH_BANDS.filter((b) => v.health.includes(b));
  if (health.length > 0) filters.health = health;
  const status = CUSTOMER_STATUSES.filter((s) => v.status.includes(s));
  if (status.length > 0) filters.status = status;
  const pricing = PRICING_KINDS.filter((p) => v.pricing.includes(p));
  if (pricing.length > 0) filters.pricing = pricing;
  if (v.plan.trim()) filters.plan = v.plan.trim();
  const trend = USERS_TRENDS.find((t) => t === v.usersTrend);
  if (trend) filters.usersTrend = trend;
  return { ok: true, value: { name, action: v.action.trim(), filters } };
}

/** The filters in words, for the grid. Plans by name when known. */
export function describeFilters(f: CustomerFilterSet, planName: (id: string) => string = (id) => id, locale?: string): string {
  const parts: string[] = [];
  if (f.health?.length) parts.push(`health ${f.health.map((b) => BAND_WORDS[b]).join(' or ')}`);
  if (f.healthMin !== undefined && f.healthMax !== undefined) parts.push(`health ${f.healthMin}–${f.healthMax}`);
  else if (f.healthMin !== undefined) parts.push(`health ≥ ${f.healthMin}`);
  else if (f.healthMax !== undefined) parts.push(`health ≤ ${f.healthMax}`);
  if (f.riskMin !== undefined) parts.push(`churn risk ≥ ${formatProbability(f.riskMin, locale)}`);
  if (f.riskMax !== undefined) parts.push(`churn risk ≤ ${formatProbability(f.riskMax, locale)}`);
  if (f.plan) parts.push(`plan ${planName(f.plan)}`);
  if (f.status?.length) parts.push(f.status.map((s) => s.replace('_', ' ')).join(' or '));
  if (f.mrrTopPercent !== undefined) parts.push(`top ${f.mrrTopPercent}% by MRR`);
  if (f.pricing?.length) parts.push(f.pricing.map((p) => PRICING_WORDS[p]).join(' or '));
  if (f.usersTrend) parts.push(`active users ${f.usersTrend}`);
  if (f.q) parts.push(`matching “${f.q}”`);
  if (f.country) parts.push(`in ${f.country}`);
  if (f.currency) parts.push(`billed in ${f.currency.toUpperCase()}`);
  if (f.mrrMin !== undefined || f.mrrMax !== undefined) parts.push('an MRR range');
  if (f.signupFrom || f.signupTo) parts.push('a signup range');
  if (parts.length === 0) return 'every customer';
  const text = parts.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
