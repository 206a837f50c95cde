// The active filters in words, one removable chip each ("Status: Active, Past due").
import { formatDay } from '../../lib/calendar.js';
import { formatProbability } from '../../lib/format.js';
import { STATUS_LABELS, type CustomerFilters } from './filters.js';

const HEALTH_LABELS = { high_risk: 'High risk', medium: 'Medium', healthy: 'Healthy' } as const;

export type FilterChip = { key: keyof CustomerFilters; label: string };

export type SummaryContext = {
  planName: (planId: string) => string;
  /** Minor units of the reporting currency, formatted. */
  money: (minor: number) => string;
  locale?: string;
};

export function filterChips(filters: CustomerFilters, context: SummaryContext): FilterChip[] {
  const chips: FilterChip[] = [];
  if (filters.q) chips.push({ key: 'q', label: `Search: “${filters.q}”` });
  if (filters.status?.length) chips.push({ key: 'status', label: `Status: ${filters.status.map((s) => STATUS_LABELS[s]).join(', ')}` });
  if (filters.plan) chips.push({ key: 'plan', label: `Plan: ${context.planName(filters.plan)}` });
  if (filters.mrrMin !== undefined) chips.push({ key: 'mrrMin', label: `MRR ≥ ${context.money(filters.mrrMin)}` });
  if (filters.mrrMax !== undefined) chips.push({ key: 'mrrMax', label: `MRR ≤ ${context.money(filters.mrrMax)}` });
  if (filters.currency) chips.push({ key: 'currency', label: `Currency: ${filters.currency.toUpperCase()}` });
  if (filters.country) chips.push({ key: 'country', label: `Country: ${filters.country}` });
  if (filters.signupFrom) chips.push({ key: 'signupFrom', label: `Signed up from ${formatDay(filters.signupFrom, context.locale)}` });
  if (filters.signupTo) chips.push({ key: 'signupTo', label: `Signed up until ${formatDay(filters.signupTo, context.locale)}` });
  if (filters.health?.length) chips.push({ key: 'health', label: `Health: ${filters.health.map((b) => HEALTH_LABELS[b]).join(', ')}` });
  if (filters.healthMin !== undefined) chips.push({ key: 'healthMin', label: `Health ≥ ${filters.healthMin}` });
  if (filters.healthMax !== undefined) chips.push({ key: 'healthMax', label: `Health ≤ ${filters.healthMax}` });
  if (filters.riskMin !== undefined) chips.push({ key: 'riskMin', label: `Churn risk ≥ ${formatProbability(filters.riskMin, context.locale)}` });
  if (filters.riskMax !== undefined) chips.push({ key: 'riskMax', label: `Churn risk ≤ ${formatProbability(filters.riskMax, context.locale)}` });
  if (filters.mrrTopPercent !== undefined) chips.push({ key: 'mrrTopPercent', label: `Top ${filters.mrrTopPercent}% by MRR` });
  if (filters.pricing?.length) chips.push({ key: 'pricing', label: filters.pricing.map((p) => (p === 'discounted' ? 'On a discount' : 'On the entry plan')).join(' or ') });
  if (filters.usersTrend) chips.push({ key: 'usersTrend', label: `Active users ${filters.usersTrend}` });
  return chips;
}
