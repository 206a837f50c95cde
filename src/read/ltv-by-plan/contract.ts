// GET /v1/metrics/ltv-by-plan: per plan, ARPA (the plan's MRR / its paying customers), its monthly
// customer churn rate over the last 6 months and LTV = ARPA / churn rate (docs/metrics.md, 21).
import * as z from 'zod/mini';
import { count, currencyCode, day, minorUnits, timestamp } from '../contract-common.js';

export const planLtv = z.object({
  planId: z.string(),
  planName: z.string(),
  customers: count.check(z.describe('Paying customers on the plan on the as-of day')),
  mrr: minorUnits,
  arpa: z.nullable(minorUnits),
  churned: count.check(z.describe("Customers who left the plan's paying base by churning in the window")),
  customerMonths: z.number().check(z.describe('Paying customer-months on the plan in the window')),
  churnRate: z.nullable(z.number()).check(z.describe('churned / customerMonths: monthly')),
  ltv: z.nullable(minorUnits),
  note: z.optional(z.string()),
});
export type PlanLtv = z.infer<typeof planLtv>;

export const ltvByPlanResponse = z.object({
  asOf: timestamp,
  day,
  currency: currencyCode,
  window: z.object({ from: day, to: day, months: count }),
  plans: z.array(planLtv),
});
export type LtvByPlanResponse = z.infer<typeof ltvByPlanResponse>;
