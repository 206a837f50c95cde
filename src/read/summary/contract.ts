// GET /v1/metrics/summary: the headline figures as of an instant. Route and dashboard both use it.
import * as z from 'zod/mini';
import { count, currencyCode, day, minorUnits, rateValue, timestamp } from '../contract-common.js';

export const metricFigures = z.object({
  currency: currencyCode,
  mrr: minorUnits,
  arr: minorUnits,
  payingCustomers: count,
  arpa: minorUnits,
});
export type MetricFigures = z.infer<typeof metricFigures>;

/** The headline figures at the end of a day. */
export const sameDayFigures = z.object({ day, mrr: minorUnits, arr: minorUnits, payingCustomers: count, arpa: minorUnits });
export type SameDayFigures = z.infer<typeof sameDayFigures>;

/** Changes the ledger already holds for days after the as-of day: never part of `mrr`. */
export const scheduled = z.object({
  committedMrr: minorUnits.check(z.describe('MRR once every scheduled change applies, converted at the as-of day\'s rates')),
  change: minorUnits.check(z.describe('committedMrr − mrr')),
  changes: count.check(z.describe('Scheduled ledger changes (a customer, a currency, a day)')),
  firstDay: z.nullable(day),
  lastDay: z.nullable(day),
});
export type Scheduled = z.infer<typeof scheduled>;

export const target = z.object({
  mrrTarget: minorUnits,
  progress: z.number(),
  reached: z.boolean(),
  daysToTarget: rateValue,
  requiredDailyGrowth: z.object({ daysLeft: count, amount: z.nullable(minorUnits), rate: z.nullable(z.number()), reason: z.optional(z.string()) }),
});

export const summaryResponse = z.object({
  ...metricFigures.shape,
  workspace: z.object({ id: z.string(), name: z.string() }),
  asOf: timestamp,
  lastEventAt: z.nullable(timestamp),
  activeTrials: count,
  today: z.object({ day, signups: count, churnedCustomers: count, revenueCollected: minorUnits }),
  growth: z.object({
    mom: rateValue.check(z.describe('Like for like: (MRR at the as-of day − MRR at the same day last month) ÷ the latter')),
    last30Days: rateValue,
  }),
  sameDayLastMonth: sameDayFigures.check(z.describe("The headline figures at the end of the as-of day's day-of-month last month (its last day when shorter): what month-over-month compares with")),
  scheduled: scheduled,
  churnRate: rateValue,
  churnRatePrevious30Days: rateValue.check(z.describe('The customer churn rate of the 30 days before the last 30: what churnRate compares with')),
  trialConversion: z.object({ from: day, to: day, started: count, converted: count, rate: rateValue, averageDaysToConvert: z.nullable(z.number()) }),
  target: z.nullable(target),
  seq: count.check(z.describe('The live feed sequence number these figures include: connect with ?since=seq')),
  unconverted: z.array(z.object({ currency: currencyCode, mrr: minorUnits })).check(z.describe('MRR (native minor units) in currencies no FX rate converts yet: left out of every figure until rates arrive')),
});
export type SummaryResponse = z.infer<typeof summaryResponse>;
