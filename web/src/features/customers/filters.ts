// The customers table's view — filters, sort and page size — kept in the URL (so a view can be
// shared) and turned into GET /v1/customers parameters and saved-preset JSON. Reading is
// forgiving: a malformed parameter in a pasted URL is dropped, never an error.
import { firstDayOf, monthOf, type Day } from '../../lib/calendar.js';
import { CUSTOMER_SORTS, CUSTOMER_STATUSES, HEALTH_BANDS, PRICING_KINDS, USERS_TRENDS, type CustomerSort, type CustomerStatus, type HealthBand } from '@read/customers/contract.js';

export type PricingKind = (typeof PRICING_KINDS)[number];
export type UsersTrend = (typeof USERS_TRENDS)[number];

export type CustomerFilters = {
  q?: string;
  plan?: string;
  status?: CustomerStatus[];
  currency?: string;
  country?: string;
  /** Minor units of the reporting currency, like the API. */
  mrrMin?: number;
  mrrMax?: number;
  signupFrom?: Day;
  signupTo?: Day;
  /** Customer success: the latest health band, score bounds (0–100) and churn risk (0–1). */
  health?: HealthBand[];
  healthMin?: number;
  healthMax?: number;
  riskMin?: number;
  riskMax?: number;
  /** Only the top N% of paying customers by MRR (segments use it). */
  mrrTopPercent?: number;
  pricing?: PricingKind[];
  usersTrend?: UsersTrend;
};

/** The URL and API parameters of the filters, in order. */
export const FILTER_KEYS = ['q', 'plan', 'status', 'currency', 'country', 'mrrMin', 'mrrMax', 'signupFrom', 'signupTo', 'health', 'healthMin', 'healthMax', 'riskMin', 'riskMax', 'mrrTopPercent', 'pricing', 'usersTrend'] as const satisfies readonly (keyof CustomerFilters)[];

export type CustomerView = { filters: CustomerFilters; sort: CustomerSort; pageSize: number };

export const DEFAULT_SORT: CustomerSort = '-mrr';
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_VIEW: CustomerView = { filters: {}, sort: DEFAULT_SORT, pageSize: DEFAULT_PAGE_SIZE };

export const STATUS_LABELS: Readonly<Record<CustomerStatus, string>> = {
  active: 'Active',
  past_due: 'Past due',
  trialing: 'Trialing',
  churned: 'Churned',
  inactive: 'Inactive',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isStatus = (s: string): s is CustomerStatus => (CUSTOMER_STATUSES as readonly string[]).includes(s);
const isSort = (s: string): s is CustomerSort => (CUSTOMER_SORTS as readonly string[]).includes(s);
const isDay = (s: unknown): s is Day => {
  if (typeof s !== 'string' || !DAY.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
};
const isAmount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** Keeps only well-formed filters, in one canonical shape (sorted statuses, codes normalised). */
export function cleanFilters(raw: Record<string, unknown>): CustomerFilters {
  const out: CustomerFilters = {};
  const text = (v: unknown, max: number) => (typeof v === 'string' && v.trim() !== '' && v.length <= max ? v.trim() : undefined);
  const q = text(raw.q, 200);
  if (q) out.q = q;
  const plan = text(raw.plan, 200);
  if (plan) out.plan = plan;
  const statuses = Array.isArray(raw.status) ? raw.status : typeof raw.status === 'string' ? raw.status.split(',') : [];
  const status = CUSTOMER_STATUSES.filter((s) => statuses.some((x) => typeof x === 'string' && x.trim() === s));
  if (status.length > 0 && statuses.every((x) => typeof x === 'string' && isStatus(x.trim()))) out.status = status;
  if (typeof raw.currency === 'string' && /^[A-Za-z]{3}$/.test(raw.currency)) out.currency = raw.currency.toLowerCase();
  if (typeof raw.country === 'string' && /^[A-Za-z]{2}$/.test(raw.country)) out.country = raw.country.toUpperCase();
  const amount = (v: unknown) => (typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : v);
  const mrrMin = amount(raw.mrrMin);
  const mrrMax = amount(raw.mrrMax);
  if (isAmount(mrrMin)) out.mrrMin = mrrMin;
  if (isAmount(mrrMax) && (out.mrrMin === undefined || mrrMax >= out.mrrMin)) out.mrrMax = mrrMax;
  if (isDay(raw.signupFrom)) out.signupFrom = raw.signupFrom;
  if (isDay(raw.signupTo) && (!out.signupFrom || raw.signupTo >= out.signupFrom)) out.signupTo = raw.signupTo;
  const list = <T extends string>(v: unknown, allowed: readonly T[]): T[] | undefined => {
    const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [];
    const kept = allowed.filter((a) => items.some((x) => typeof x === 'string' && x.trim() === a));
    return kept.length > 0 && kept.length === new Set(items.map((x) => (typeof x === 'string' ? x.trim() : x))).size ? kept : undefined;
  };
  const health = list(raw.health, HEALTH_BANDS);
  if (health) out.health = health;
  const number = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);
  const within = (v: unknown, min: number, max: number, integer: boolean): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v));
  const healthMin = number(raw.healthMin);
  const healthMax = number(raw.healthMax);
  if (within(healthMin, 0, 100, true)) out.healthMin = healthMin;
  if (within(healthMax, 0, 100, true) && (out.healthMin === undefined || healthMax >= out.healthMin)) out.healthMax = healthMax;
  const riskMin = number(raw.riskMin);
  const riskMax = number(raw.riskMax);
  if (within(riskMin, 0, 1, false)) out.riskMin = riskMin;
  if (within(riskMax, 0, 1, false) && (out.riskMin === undefined || riskMax >= out.riskMin)) out.riskMax = riskMax;
  const top = number(raw.mrrTopPercent);
  if (within(top, 1, 100, true)) out.mrrTopPercent = top;
  const pricing = list(raw.pricing, PRICING_KINDS);
  if (pricing) out.pricing = pricing;
  if (typeof raw.usersTrend === 'string' && (USERS_TRENDS as readonly string[]).includes(raw.usersTrend)) out.usersTrend = raw.usersTrend as UsersTrend;
  return out;
}

export function viewFromSearch(search: string): CustomerView {
  const params = new URLSearchParams(search);
  const raw: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  const sort = params.get('sort') ?? '';
  const size = Number(params.get('size'));
  return {
    filters: cleanFilters(raw),
    sort: isSort(sort) ? sort : DEFAULT_SORT,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

/** The view as flat string parameters: the URL's, and (without the page size) the API's. */
function flat(view: CustomerView): Record<string, string> {
  const f = view.filters;
  const out: Record<string, string> = {};
  if (f.q) out.q = f.q;
  if (f.plan) out.plan = f.plan;
  if (f.status?.length) out.status = f.status.join(',');
  if (f.currency) out.currency = f.currency;
  if (f.country) out.country = f.country;
  if (f.mrrMin !== undefined) out.mrrMin = String(f.mrrMin);
  if (f.mrrMax !== undefined) out.mrrMax = String(f.mrrMax);
  if (f.signupFrom) out.signupFrom = f.signupFrom;
  if (f.signupTo) out.signupTo = f.signupTo;
  if (f.health?.length) out.health = f.health.join(',');
  for (const key of ['healthMin', 'healthMax', 'riskMin', 'riskMax', 'mrrTopPercent'] as const) if (f[key] !== undefined) out[key] = String(f[key]);
  if (f.pricing?.length) out.pricing = f.pricing.join(',');
  if (f.usersTrend) out.usersTrend = f.usersTrend;
  if (view.sort !== DEFAULT_SORT) out.sort = view.sort;
  return out;
}

/** The query string for the view, keeping other parameters (the workspace) as they are. */
export function searchForView(view: CustomerView, current: string): string {
  const params = new URLSearchParams(current);
  for (const key of [...FILTER_KEYS, 'sort', 'size']) params.delete(key);
  for (const [key, value] of Object.entries(flat(view))) params.set(key, value);
  if (view.pageSize !== DEFAULT_PAGE_SIZE) params.set('size', String(view.pageSize));
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/** GET /v1/customers parameters for one page of the view. */
export function apiParams(view: CustomerView, cursor: string | null): Record<string, string> {
  return { ...flat(view), sort: view.sort, limit: String(view.pageSize), ...(cursor ? { cursor } : {}) };
}

/** The JSON a preset stores: the filters and the sort, as the API takes them. */
export function presetFilters(view: CustomerView): Record<string, unknown> {
  return { ...view.filters, ...(view.sort !== DEFAULT_SORT ? { sort: view.sort } : {}) };
}

export function viewFromPreset(filters: Record<string, unknown>, pageSize: number): CustomerView {
  const sort = typeof filters.sort === 'string' && isSort(filters.sort) ? filters.sort : DEFAULT_SORT;
  return { filters: cleanFilters(filters), sort, pageSize };
}

/** The customers list's address for a segment's or preset's stored filters (JSON, as the API takes them). */
export function customersSearchFor(filters: Record<string, unknown>, workspaceId: string): string {
  const view = viewFromPreset(filters, DEFAULT_PAGE_SIZE);
  return `/customers${searchForView(view, `?workspace=${encodeURIComponent(workspaceId)}`)}`;
}

/** Same filters and sort (the page size is not part of a preset). */
export function sameView(a: CustomerView, b: CustomerView): boolean {
  return JSON.stringify(flat(a)) === JSON.stringify(flat(b));
}

export function hasFilters(filters: CustomerFilters): boolean {
  return Object.keys(filters).length > 0;
}

// ---- Quick filter chips ----------------------------------------------------------------------

export type QuickFilter = { id: string; label: string; patch: (today: Day) => CustomerFilters; keys: (keyof CustomerFilters)[] };

export const QUICK_FILTERS: readonly QuickFilter[] = [
  { id: 'paying', label: 'Paying', patch: () => ({ status: ['active', 'past_due'] }), keys: ['status'] },
  { id: 'past-due', label: 'Past due', patch: () => ({ status: ['past_due'] }), keys: ['status'] },
  { id: 'trialing', label: 'Trialing', patch: () => ({ status: ['trialing'] }), keys: ['status'] },
  { id: 'churned', label: 'Churned', patch: () => ({ status: ['churned'] }), keys: ['status'] },
  { id: 'new-this-month', label: 'Signed up this month', patch: (today) => ({ signupFrom: firstDayOf(monthOf(today)) }), keys: ['signupFrom', 'signupTo'] },
];

/** The chip is on when the filters hold exactly its values for the keys it sets. */
export function quickFilterActive(filters: CustomerFilters, quick: QuickFilter, today: Day): boolean {
  const patch = quick.patch(today);
  return quick.keys.every((key) => JSON.stringify(filters[key]) === JSON.stringify(patch[key]));
}

/** Turning a chip on sets its keys (replacing what they held); turning it off clears them. */
export function toggleQuickFilter(filters: CustomerFilters, quick: QuickFilter, today: Day): CustomerFilters {
  const next: CustomerFilters = { ...filters };
  for (const key of quick.keys) delete next[key];
  return quickFilterActive(filters, quick, today) ? next : { ...next, ...quick.patch(today) };
}

export function withoutFilter(filters: CustomerFilters, key: keyof CustomerFilters): CustomerFilters {
  const next = { ...filters };
  delete next[key];
  return next;
}

// ---- Money typed by a person -----------------------------------------------------------------

/** "1,250.5" in a currency with `exponent` decimals → 125050 minor units; '' → null; else 'invalid'. */
export function parseMoneyInput(text: string, exponent: number): number | null | 'invalid' {
  const cleaned = text.replace(/[\s,_]/g, '');
  if (cleaned === '') return null;
  const match = /^(\d{1,13})(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return 'invalid';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return 'invalid';
  return Number(match[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
}

/** Minor units back to what the input shows: 125050 → "1250.5". */
export function moneyInputValue(minor: number | undefined, exponent: number): string {
  if (minor === undefined) return '';
  if (exponent === 0) return String(minor);
  const whole = Math.floor(minor / 10 ** exponent);
  const fraction = String(minor % 10 ** exponent).padStart(exponent, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}
