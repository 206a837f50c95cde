// GET /v1/explain: the customers (and their movements, payments or plan shares) that make up one
// figure of the dashboard. The route serialises with it and the explain panel parses with it.
//
// The promise: Σ lines[].reporting over every page == total, exactly; the lines of each currency
// sum (in their native minor units) to that group's `native`; `lineCount` is the number of lines
// across all pages. Lines come largest contribution first: |reporting| descending, ties by
// customer id, then currency.
import * as z from 'zod/mini';
import { count, currencyCode, day, minorUnits } from '../contract-common.js';
import { EXPLAIN_METRICS } from '../registry.js';

export const explainMetric = z.enum(EXPLAIN_METRICS);

export const explainLine = z.object({
  customerId: z.nullable(z.string()).check(z.describe('null for payments not tied to a customer')),
  name: z.nullable(z.string()),
  currency: z.nullable(currencyCode).check(z.describe('The currency of `amount`; null for counts')),
  amount: z.int().check(z.describe('Native minor units of `currency` (MRR at the day, the sum of the movements, plan share or payments), or a count')),
  reporting: z.int().check(z.describe('This line\'s share of `total` in the reporting currency (its group\'s converted total apportioned over the group\'s lines in proportion to `amount`); Σ over all lines == total')),
  days: z.array(day).check(z.describe('The days of the ledger rows, payments or trials behind the line')),
});
export type ExplainLine = z.infer<typeof explainLine>;

export const explainGroup = z.object({
  currency: z.nullable(currencyCode),
  native: z.int().check(z.describe('Σ amount of the group\'s lines (0 for fx, which has no lines)')),
  reporting: minorUnits.check(z.describe('The group\'s part of the figure, converted exactly as the figure is')),
  lines: count,
});
export type ExplainGroup = z.infer<typeof explainGroup>;

export const explainResponse = z.object({
  metric: explainMetric,
  plan: z.nullable(z.string()).check(z.describe('plan_mrr: the plan explained')),
  from: z.nullable(day).check(z.describe('Flows: the first day; null for levels')),
  to: day.check(z.describe('The last day counted (levels: the day whose end is read): never later than the as-of day')),
  asOf: day.check(z.describe('The as-of day: nothing dated after it counts')),
  currency: currencyCode,
  unit: z.enum(['money', 'count']),
  total: z.int().check(z.describe('The figure being explained; Σ groups.reporting; Σ lines.reporting over all pages')),
  lineCount: count.check(z.describe('How many lines there are across all pages')),
  groups: z.array(explainGroup),
  lines: z.array(explainLine).check(z.describe('This page\'s lines, largest |reporting| first (ties: customer id, currency)')),
  nextCursor: z.nullable(z.string()),
});
export type ExplainResponse = z.infer<typeof explainResponse>;
