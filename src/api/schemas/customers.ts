// The customers list's request parameters: the filters of GET /v1/customers as query-string
// parameters, the same filters as JSON (a segment's filters), and both turned into the read
// side's CustomerFilters. One list of fields, so a segment's filters are validated exactly as the
// list's query is (the responses' shapes are in src/read/customers/contract.ts).
import { z } from 'zod';
import { CUSTOMER_SORTS, CUSTOMER_STATUSES, HEALTH_BANDS, PRICING_KINDS, USERS_TRENDS } from '../../read/customers/contract.js';
import type { CustomerFilters } from '../../read/customers/query.js';
import { text } from '../text-schema.js';
import { currencyParam, dayParam } from './common.js';

/** A customer status as a request parameter (the customers list, saved filters). */
export const customerStatus = z.enum(CUSTOMER_STATUSES);
export const healthBandParam = z.enum(HEALTH_BANDS);
export const pricingParam = z.enum(PRICING_KINDS);

/** Comma-separated values of an enum (`status=active,past_due`), as a list. */
function commaList<T extends readonly [string, ...string[]]>(values: T) {
  const item = z.enum(values);
  return z.string().transform((s, ctx) => {
    const parsed = z.array(item).safeParse(s.split(',').map((p) => p.trim()));
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: `must be one or more of ${values.join(', ')} (comma-separated)` });
      return z.NEVER;
    }
    return parsed.data;
  });
}

const score = z.number().int().min(0).max(100);
const probability = z.number().min(0).max(1);
const minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const country = z.string().regex(/^[A-Za-z]{2}$/, 'must be a 2-letter country code').transform((c) => c.toUpperCase());
const topPercent = z.number().int().min(1).max(100);

type Bounded = { mrrMin?: number | undefined; mrrMax?: number | undefined; signupFrom?: string | undefined; signupTo?: string | undefined; healthMin?: number | undefined; healthMax?: number | undefined; riskMin?: number | undefined; riskMax?: number | undefined };

/** min ≤ max for every pair of bounds, the issue on the lower bound's field. */
function ordered(f: Bounded, ctx: z.RefinementCtx): void {
  const pairs: [keyof Bounded, keyof Bounded][] = [['mrrMin', 'mrrMax'], ['signupFrom', 'signupTo'], ['healthMin', 'healthMax'], ['riskMin', 'riskMax']];
  for (const [low, high] of pairs) {
    const a = f[low];
    const b = f[high];
    if (a !== undefined && b !== undefined && a > b) ctx.addIssue({ code: 'custom', path: [low], message: `must not be ${low.startsWith('signup') ? 'after' : 'above'} ${high}` });
  }
}

/** The filters of GET /v1/customers as query-string parameters. */
export const customerFilterParams = {
  q: text(200).optional().describe('search in name, email and id'),
  plan: text(200).optional().describe('a plan id (product, else price)'),
  status: commaList(CUSTOMER_STATUSES).optional().describe('comma-separated: active, past_due, trialing, churned, inactive'),
  currency: currencyParam.optional(),
  country: country.optional(),
  mrrMin: z.coerce.number().pipe(minor).optional().describe('minor units of the reporting currency'),
  mrrMax: z.coerce.number().pipe(minor).optional(),
  mrrTopPercent: z.coerce.number().pipe(topPercent).optional().describe("only paying customers whose MRR is in the workspace's top N% (1–100)"),
  signupFrom: dayParam.optional(),
  signupTo: dayParam.optional(),
  health: commaList(HEALTH_BANDS).optional().describe('comma-separated health bands of the latest snapshot: high_risk, medium, healthy'),
  healthMin: z.coerce.number().pipe(score).optional().describe('latest health score at least (0–100)'),
  healthMax: z.coerce.number().pipe(score).optional(),
  riskMin: z.coerce.number().pipe(probability).optional().describe('latest churn probability at least (0–1)'),
  riskMax: z.coerce.number().pipe(probability).optional(),
  pricing: commaList(PRICING_KINDS).optional().describe('comma-separated, any of: discounted (a discount applies now), entry_plan (the cheapest plan)'),
  usersTrend: z.enum(USERS_TRENDS).optional().describe('distinct active users in the last 30 days against the 30 before: rising, steady (equal, above 0), falling'),
};

/** The query-string filters' cross-field rules. */
export function refineFilterParams<T extends z.ZodType<Bounded>>(schema: T) {
  return schema.superRefine(ordered);
}

/** The same filters as JSON (a segment's `filters`): lists as arrays, numbers as numbers.
 *  Unknown keys are refused. */
export const customerFilterJson = z
  .strictObject({
    q: text(200).optional(),
    plan: text(200).optional(),
    status: z.array(customerStatus).min(1).max(CUSTOMER_STATUSES.length).optional(),
    currency: currencyParam.optional(),
    country: country.optional(),
    mrrMin: minor.optional(),
    mrrMax: minor.optional(),
    mrrTopPercent: topPercent.optional(),
    signupFrom: dayParam.optional(),
    signupTo: dayParam.optional(),
    health: z.array(healthBandParam).min(1).max(HEALTH_BANDS.length).optional(),
    healthMin: score.optional(),
    healthMax: score.optional(),
    riskMin: probability.optional(),
    riskMax: probability.optional(),
    pricing: z.array(pricingParam).min(1).max(PRICING_KINDS.length).optional(),
    usersTrend: z.enum(USERS_TRENDS).optional(),
    sort: z.enum(CUSTOMER_SORTS).optional(),
  })
  .superRefine(ordered);
export type CustomerFilterJson = z.infer<typeof customerFilterJson>;

type ParsedFilters = Omit<CustomerFilterJson, 'sort'> & { sort?: unknown };

/** Parsed filters (from the query string or JSON) as the read side takes them. */
export function toCustomerFilters(f: ParsedFilters): CustomerFilters {
  const out: CustomerFilters = {};
  if (f.q) out.q = f.q;
  if (f.plan) out.planId = f.plan;
  if (f.status?.length) out.status = f.status;
  if (f.currency) out.currency = f.currency;
  if (f.country) out.country = f.country;
  if (f.mrrMin !== undefined) out.mrrMin = f.mrrMin;
  if (f.mrrMax !== undefined) out.mrrMax = f.mrrMax;
  if (f.mrrTopPercent !== undefined) out.mrrTopPercent = f.mrrTopPercent;
  if (f.signupFrom) out.signupFrom = f.signupFrom;
  if (f.signupTo) out.signupTo = f.signupTo;
  if (f.health?.length) out.health = f.health;
  if (f.healthMin !== undefined) out.healthMin = f.healthMin;
  if (f.healthMax !== undefined) out.healthMax = f.healthMax;
  if (f.riskMin !== undefined) out.riskMin = f.riskMin;
  if (f.riskMax !== undefined) out.riskMax = f.riskMax;
  if (f.pricing?.length) out.pricing = f.pricing;
  if (f.usersTrend) out.usersTrend = f.usersTrend;
  return out;
}

/** JSON filters as query-string parameters (lists comma-separated): what GET /v1/customers takes. */
export function filtersAsQuery(f: CustomerFilterJson): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
}
