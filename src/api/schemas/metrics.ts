// Response shapes of the metrics routes not yet moved to their view's contract (src/read/<view>/
// contract.ts: summary, monthly, series, movements, churn and LTV live there). The OpenAPI
// document is generated from these, and the serializer sends only what they list.
import { z } from 'zod';
import { rateValue } from './common.js';

const int = z.number().int();

const periodBounds = { period: z.string(), start: z.string(), end: z.string() };

export const trialsResponse = z.object({
  granularity: z.string(),
  from: z.string(),
  to: z.string(),
  assumedTrialDays: int,
  periods: z.array(z.object({
    ...periodBounds, started: int, converted: int, startedAndConverted: int, conversionRate: rateValue,
    averageDaysToConvert: z.number().nullable(), activeAtEnd: int,
  })),
});
