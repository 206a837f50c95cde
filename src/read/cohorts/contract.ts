// GET /v1/metrics/cohorts and /v1/metrics/cohorts/customers: retention by first-paid month and
// months of age (docs/metrics.md section 11), and the customers behind one cell. The route answers
// with these shapes and the dashboard parses with them.
import * as z from 'zod/mini';
import { count, currencyCode, day, minorUnits, timestamp } from '../contract-common.js';

export const COHORT_KINDS = ['logo', 'revenue'] as const;
export type CohortKind = (typeof COHORT_KINDS)[number];
export const cohortKind = z.enum(COHORT_KINDS);

export const COHORT_FX_DAYS = ['month-end', 'cohort-start'] as const;

/** A calendar month, YYYY-MM. */
export const month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/));

/** Retention or value at one age; null where the cohort has not reached it (or has no base). */
const cell = z.nullable(z.number());

export const cohortRow = z.object({
  cohort: month,
  customers: count.check(z.describe('Customers whose first payment fell in the month (M0: all of them)')),
  startMrr: minorUnits.check(z.describe('Σ of the members’ MRR on their first paid day (M0 MRR), reporting currency')),
  retention: z.array(cell).check(z.describe('By age: logo (paying ÷ customers) or revenue (MRR ÷ startMrr) retention; M0 is 1')),
  values: z.array(z.nullable(z.int())).check(z.describe('By age: paying customers (logo) or MRR in minor units (revenue)')),
});
export type CohortRowBody = z.infer<typeof cohortRow>;

export const cohortAverage = z.object({
  age: count,
  retention: cell.check(z.describe('Pooled over the cohorts that reached this age: weighted by customers (logo) or by startMrr (revenue)')),
  cohorts: count.check(z.describe('How many cohorts this average pools')),
  fewCohorts: z.boolean().check(z.describe('Fewer than minAverageCohorts cohorts reached this age: read with care')),
});
export type CohortAverageBody = z.infer<typeof cohortAverage>;

export const cohortsResponse = z.object({
  kind: cohortKind,
  currency: currencyCode,
  asOf: timestamp,
  day: day.check(z.describe('The as-of day: nothing dated after it counts')),
  from: z.nullable(month).check(z.describe('First cohort shown (null: none yet)')),
  to: z.nullable(month).check(z.describe('Last cohort shown, never after the as-of month')),
  maxAge: count,
  fxDay: z.enum(COHORT_FX_DAYS),
  minAverageCohorts: count,
  cohorts: z.array(cohortRow).check(z.describe('One row per month of [from, to], oldest first (0 customers where nobody first paid)')),
  average: z.array(cohortAverage),
});
export type CohortsResponse = z.infer<typeof cohortsResponse>;

export const cohortCustomer = z.object({
  customerId: z.string(),
  name: z.nullable(z.string()),
  email: z.nullable(z.string()),
  paying: z.boolean(),
  mrr: minorUnits.check(z.describe('Reporting currency; the members’ amounts sum to the cell’s MRR exactly (largest remainder per currency)')),
});
export type CohortCustomer = z.infer<typeof cohortCustomer>;

export const cohortCustomersResponse = z.object({
  kind: cohortKind,
  cohort: month,
  age: count,
  currency: currencyCode,
  asOf: timestamp,
  measuredOn: z.nullable(day).check(z.describe('The day the cell is read at (null: the cohort has not reached this age)')),
  value: z.nullable(z.int()).check(z.describe('The cell: paying customers (logo) or MRR (revenue); the customers below sum to it')),
  customers: z.array(cohortCustomer),
});
export type CohortCustomersResponse = z.infer<typeof cohortCustomersResponse>;
