// The active filters in words, one removable chip each ("Status: Active, Past due").
import { formatDay } from '../../lib/calendar.js';
import { STATUS_LABELS, type CustomerFilters } from './filters.js';

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
  return chips;
}
