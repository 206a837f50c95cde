// Plan limits (GET/PUT /v1/settings/plan-limits) and one customer's usage against them with its
// top events (GET /v1/customers/:id/usage). The routes serialise with these; Settings and the
// customer page parse with them.
import * as z from 'zod/mini';
import { count, day, timestamp } from '../contract-common.js';

export const LIMIT_PERIODS = ['day', 'month', 'rolling_30_days'] as const;
export const limitPeriod = z.enum(LIMIT_PERIODS);
export type LimitPeriodName = z.infer<typeof limitPeriod>;
/** The metric name of seats: distinct active users in the last 30 days. */
export const SEATS_METRIC = '$seats';

export const planLimit = z.object({
  metric: z.string().check(z.minLength(1), z.maxLength(200), z.describe('A usage event name, or $seats')),
  limit: z.number().check(z.positive()),
  period: limitPeriod,
});
export type PlanLimit = z.infer<typeof planLimit>;

export const planLimits = z.object({
  planId: z.string(),
  planName: z.nullable(z.string()).check(z.describe('null: limits kept for a plan the workspace no longer lists')),
  limits: z.array(planLimit),
});
export type PlanLimits = z.infer<typeof planLimits>;

export const planLimitsResponse = z.object({
  plans: z.array(planLimits).check(z.describe("Every plan of the workspace, with or without limits")),
  knownMetrics: z.array(z.string()).check(z.describe('Usage event names seen in the last 90 days, and $seats: what a limit can name')),
});
export type PlanLimitsResponse = z.infer<typeof planLimitsResponse>;

/** PUT /v1/settings/plan-limits: replaces the plan's whole set (an empty list removes them). */
export const planLimitsUpdate = z.object({
  planId: z.string().check(z.minLength(1), z.maxLength(255)),
  limits: z.array(z.object({ metric: planLimit.shape.metric, limit: planLimit.shape.limit, period: z.optional(limitPeriod) })).check(z.maxLength(100)),
});
export type PlanLimitsUpdate = z.infer<typeof planLimitsUpdate>;

export const limitUsage = z.object({
  metric: z.string(),
  period: limitPeriod,
  from: day.check(z.describe('First day counted')),
  to: day.check(z.describe('Last day counted: the as-of day')),
  used: z.number().check(z.describe('Sum of the event quantity in the window; $seats: distinct active users')),
  limit: z.number(),
  ratio: z.number().check(z.describe('used / limit (above 1: over the limit)')),
});
export type LimitUsage = z.infer<typeof limitUsage>;

export const customerUsageResponse = z.object({
  asOf: timestamp,
  customerId: z.string(),
  planId: z.nullable(z.string()),
  planName: z.nullable(z.string()),
  accounts: z.array(z.string()).check(z.describe('The product accounts linked to the customer; their usage is summed')),
  limits: z.array(limitUsage),
  topEvents: z.array(z.object({ event: z.string(), events: count, quantity: z.number(), activeDays: count })).check(z.describe('The most frequent events over the 30 days ending on the as-of day (at most 10)')),
  activeUsers30d: count,
});
export type CustomerUsageResponse = z.infer<typeof customerUsageResponse>;
