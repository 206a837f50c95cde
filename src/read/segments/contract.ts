// /v1/segments: saved customer filters with, per segment, its count, ARPU, LTV, average churn risk,
// health band mix and the suggested action (the segmentation grid). A workspace with no segments
// of its own reads the built-in ones. The route serialises with these and the screen parses them.
import * as z from 'zod/mini';
import { count, currencyCode, day, minorUnits, timestamp } from '../contract-common.js';
import { customerFilterSet } from '../customers/contract.js';

export const segment = z.object({
  id: z.string().check(z.describe("The segment's id; built-in segments' ids start with builtin-")),
  name: z.string(),
  filters: customerFilterSet.check(z.describe('GET /v1/customers query parameters, as JSON')),
  action: z.string().check(z.describe('The suggested action for the customers in it')),
  position: z.int(),
  builtIn: z.boolean(),
  createdAt: z.nullable(timestamp),
  updatedAt: z.nullable(timestamp),
});
export type Segment = z.infer<typeof segment>;

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;

export const segmentFigures = z.object({
  customers: count.check(z.describe('Customers matching the filters: GET /v1/customers `total` with the same filters')),
  payingCustomers: count,
  mrr: minorUnits,
  arpu: z.nullable(minorUnits).check(z.describe('MRR / paying customers, minor units of the reporting currency; null when none pays')),
  churnRate: z.nullable(z.number()).check(z.describe('Monthly customer churn rate of its customers over the last 6 months')),
  ltv: z.nullable(minorUnits).check(z.describe('ARPU / monthly churn rate; null (see ltvNote) when there was no churn or no paying customer')),
  ltvNote: z.optional(z.string()),
  averageRisk: z.nullable(z.number()).check(z.describe('Average churn probability of its scored customers')),
  riskLevel: z.nullable(z.enum(RISK_LEVELS)).check(z.describe('low < 0.2 ≤ medium < 0.5 ≤ high')),
  health: z.object({ high_risk: count, medium: count, healthy: count, unscored: count }),
});
export type SegmentFigures = z.infer<typeof segmentFigures>;

export const segmentRow = z.extend(segment, { figures: segmentFigures });
export type SegmentRow = z.infer<typeof segmentRow>;

/** GET /v1/segments */
export const segmentsResponse = z.object({
  asOf: timestamp,
  day,
  currency: currencyCode,
  builtIn: z.boolean().check(z.describe('The workspace has no segments of its own: these are the built-in ones')),
  data: z.array(segmentRow),
});
export type SegmentsResponse = z.infer<typeof segmentsResponse>;

/** POST and PUT /v1/segments */
export const segmentAnswer = z.object({ segment });
