// Response shapes of the metrics routes (the OpenAPI document is generated from these, and the
// serializer sends only what they list).
import { z } from 'zod';
import { rateValue } from './common.js';

const int = z.number().int();
const movements = z.object({ new: int, expansion: int, contraction: int, churn: int, reactivation: int, fx: int });

export const monthlyResponse = z.object({
  currency: z.string(),
  months: z.array(z.object({ month: z.string(), mrr: int, arr: int, customers: int, arpa: int, movements })),
});

const point = z.object({ period: z.string(), start: z.string(), end: z.string(), value: z.number().nullable(), reason: z.string().optional() });

export const seriesResponse = z.object({
  metric: z.string(),
  unit: z.enum(['money', 'count', 'ratio', 'days']),
  granularity: z.string(),
  currency: z.string(),
  from: z.string(),
  to: z.string(),
  compare: z.object({ kind: z.enum(['previous_period', 'previous_year']), from: z.string(), to: z.string() }).nullable(),
  points: z.array(point.extend({ compare: point.nullable().optional() })),
});

const periodBounds = { period: z.string(), start: z.string(), end: z.string() };

export const movementsResponse = z.object({
  currency: z.string(),
  granularity: z.string(),
  from: z.string(),
  to: z.string(),
  periods: z.array(z.object({
    ...periodBounds, mrrStart: int, movements, netNewMrr: int, mrr: int, customersStart: int, customers: int,
    newCustomers: int, reactivatedCustomers: int, churnedCustomers: int,
  })),
});

export const churnResponse = z.object({
  currency: z.string(),
  granularity: z.string(),
  from: z.string(),
  to: z.string(),
  periods: z.array(z.object({
    ...periodBounds, customersStart: int, churnedCustomers: int, churnedCustomersFromStart: int, mrrStart: int,
    churnedMrr: int, contractionMrr: int, customerChurnRate: rateValue, grossMrrChurnRate: rateValue, netMrrChurnRate: rateValue, nrr: rateValue, grr: rateValue,
  })),
});

export const ltvResponse = z.object({
  currency: z.string(),
  granularity: z.string(),
  grossMargin: z.string(),
  churnWindow: int,
  from: z.string(),
  to: z.string(),
  periods: z.array(z.object({ ...periodBounds, arpa: int, customers: int, customerChurnRate: rateValue, ltv: rateValue })),
});

export const byPlanResponse = z.object({
  date: z.string(),
  currency: z.string(),
  mrr: int,
  plans: z.array(z.object({ planId: z.string(), planName: z.string(), mrr: int, customers: int, share: z.number().nullable(), byCurrency: z.record(z.string(), int) })),
});

export const byCurrencyResponse = z.object({
  date: z.string(),
  currency: z.string(),
  mrr: int,
  currencies: z.array(z.object({ currency: z.string(), native: int, mrr: int, customers: int, share: z.number().nullable(), rate: z.string() })),
});

const cell = z.number().nullable();
export const cohortsResponse = z.object({
  kind: z.enum(['logo', 'revenue']),
  currency: z.string(),
  asOf: z.string(),
  maxAge: int,
  cohorts: z.array(z.object({ cohort: z.string(), customers: int, startMrr: int, retention: z.array(cell), values: z.array(cell) })),
  average: z.array(z.object({ age: int, retention: cell, cohorts: int })),
});

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

export const forecastResponse = z.object({
  currency: z.string(),
  history: z.array(z.object({ month: z.string(), mrr: int })),
  forecast: z.array(z.object({ month: z.string(), mrr: int, low: int.nullable(), high: int.nullable() })),
});
