// GET /v1/metrics/trials: trials started, converted and active per period, as of an instant.
// Route and dashboard both use it. Every figure comes from each trial's real start, end and
// conversion (docs/metrics.md, section 12); nothing dated after the as-of day counts.
import * as z from 'zod/mini';
import { count, day, rateValue } from '../contract-common.js';

export const trialsPeriod = z.object({
  period: z.string().check(z.describe('The period key: YYYY-MM-DD (day, week: its Monday), YYYY-MM, YYYY-Qn or YYYY')),
  start: day,
  end: day.check(z.describe("The period's last day in the range: the as-of day when the period is still running")),
  started: count.check(z.describe('Trials that started in the period')),
  converted: count.check(z.describe('Trials that converted in the period, whenever they started')),
  startedAndConverted: count.check(z.describe('Of the trials started in the period, those converted by the as-of day')),
  conversionRate: rateValue,
  averageDaysToConvert: z.nullable(z.number()),
  activeAtEnd: count.check(z.describe("Customers in trial at the end of the period's last day: a trial running (started, before its trial end, not converted or cancelled) and not paying — the customers list's trialing count")),
});
export type TrialsPeriod = z.infer<typeof trialsPeriod>;

export const trialsResponse = z.object({
  granularity: z.enum(['day', 'week', 'month', 'quarter', 'year']),
  from: day,
  to: day.check(z.describe('The last day counted: the requested end, or the as-of day when that is earlier')),
  periods: z.array(trialsPeriod),
});
export type TrialsResponse = z.infer<typeof trialsResponse>;
