// GET /v1/metrics/series: a zero-filled series of any metric of the registry, with an optional
// comparison series of equal spans (the same number of periods just before, or a year earlier),
// paired point by point. Route and dashboard both use it.
import * as z from 'zod/mini';
import { day } from '../contract-common.js';
import { METRIC_NAMES, METRIC_UNITS } from '../registry.js';

export const COMPARES = ['previous_period', 'previous_year'] as const;
export type Compare = (typeof COMPARES)[number];

const point = z.object({
  period: z.string(),
  start: day,
  end: day.check(z.describe("The period's last day in the range: the as-of day when it is still running")),
  value: z.nullable(z.number()),
  reason: z.optional(z.string()),
});
export type SeriesPoint = z.infer<typeof point>;

export const seriesResponse = z.object({
  metric: z.enum(METRIC_NAMES),
  unit: z.enum(METRIC_UNITS),
  granularity: z.enum(['day', 'week', 'month', 'quarter', 'year']),
  currency: z.string(),
  from: day,
  to: day.check(z.describe('The last day read: the requested `to`, or the as-of day when that is earlier')),
  compare: z.nullable(z.object({ kind: z.enum(COMPARES), from: day, to: day })),
  points: z.array(z.extend(point, { compare: z.optional(z.nullable(point)) })),
});
export type SeriesResponse = z.infer<typeof seriesResponse>;
