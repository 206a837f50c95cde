// GET /v1/success/usage: product usage by plan over any range — active users, total usage and
// average usage per active user per period and plan, and feature adoption per plan (the share of
// the plan's active accounts that used each event). The route serialises with these.
import * as z from 'zod/mini';
import { count, day } from '../contract-common.js';

export const planUsage = z.object({
  planId: z.nullable(z.string()).check(z.describe('null: accounts not linked to a customer on a plan')),
  planName: z.nullable(z.string()),
  activeUsers: count.check(z.describe('Distinct users active in the period')),
  averageDailyActiveUsers: z.number().check(z.describe("Daily active users averaged over the period's days")),
  activeAccounts: count,
  totalUsage: z.number().check(z.describe('Sum of the track events\' quantity (page views excluded)')),
  averageUsagePerUser: z.nullable(z.number()).check(z.describe('totalUsage / activeUsers')),
});
export type PlanUsage = z.infer<typeof planUsage>;

export const usagePeriod = z.object({
  period: z.string(),
  start: day,
  end: day,
  activeUsers: count,
  averageDailyActiveUsers: z.number(),
  totalUsage: z.number(),
  plans: z.array(planUsage),
});
export type UsagePeriod = z.infer<typeof usagePeriod>;

export const featureAdoption = z.object({
  planId: z.nullable(z.string()),
  planName: z.nullable(z.string()),
  activeAccounts: count,
  features: z.array(z.object({ event: z.string(), accounts: count, share: z.number().check(z.describe('accounts / activeAccounts, 0–1')) })),
});
export type FeatureAdoption = z.infer<typeof featureAdoption>;

export const usageResponse = z.object({
  granularity: z.enum(['day', 'week', 'month', 'quarter', 'year']),
  from: day,
  to: day,
  periods: z.array(usagePeriod),
  adoption: z.array(featureAdoption).check(z.describe('Over the whole range')),
  notes: z.array(z.string()),
});
export type UsageResponse = z.infer<typeof usageResponse>;
