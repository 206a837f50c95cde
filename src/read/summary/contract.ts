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
  growth: z.object({ mom: rateValue, last30Days: rateValue }),
  churnRate: rateValue,
  trialConversion: z.object({ from: day, to: day, started: count, converted: count, rate: rateValue, averageDaysToConvert: z.nullable(z.number()) }),
  target: z.nullable(target),
  seq: count.register(z.globalRegistry, { description: 'The live feed sequence number these figures include: connect with ?since=seq' }),
  unconverted: z.array(z.object({ currency: currencyCode, mrr: minorUnits })).register(z.globalRegistry, {
    description: 'MRR (native minor units) in currencies no FX rate converts yet: left out of every figure until rates arrive',
  }),
});
export type SummaryResponse = z.infer<typeof summaryResponse>;
