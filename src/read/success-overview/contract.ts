// GET /v1/success/overview: the Customer success screen's figures as of an instant — health
// distribution, customers at risk ranked by MRR at risk, the health trend, open alerts, and the
// expansion and onboarding counts. A figure whose data is missing says so in `notes` instead of
// showing a silent zero. The route serialises with these and the screen parses with them.
import * as z from 'zod/mini';
import { count, currencyCode, day, minorUnits, timestamp } from '../contract-common.js';
import { healthBand } from '../customers/contract.js';

export const OVERVIEW_FIGURES = ['distribution', 'atRisk', 'trend', 'alerts', 'expansion', 'onboarding'] as const;
export type OverviewFigure = (typeof OVERVIEW_FIGURES)[number];

/** Why a figure is partial or empty (e.g. no product usage received yet). */
export const figureNote = z.object({ figure: z.enum(OVERVIEW_FIGURES), message: z.string() });
export type FigureNote = z.infer<typeof figureNote>;

export const bandShare = z.object({
  band: healthBand,
  customers: count,
  mrr: minorUnits.check(z.describe('MRR of the band, minor units of the reporting currency')),
});

export const histogramBucket = z.object({
  from: count.check(z.describe('Lowest score of the bucket (0, 10, … 90)')),
  to: count.check(z.describe('Highest score of the bucket (9, 19, … 100: the last includes 100)')),
  customers: count,
});

export const atRiskCustomer = z.object({
  id: z.string(),
  name: z.nullable(z.string()),
  planId: z.nullable(z.string()),
  planName: z.nullable(z.string()),
  mrr: minorUnits.check(z.describe('MRR at risk: the customer\'s MRR on the as-of day, reporting currency')),
  health: z.nullable(z.object({ score: z.nullable(z.int()), band: z.nullable(healthBand), partial: z.boolean() })),
  risk: z.nullable(z.number()),
  topReason: z.nullable(z.string()),
});
export type AtRiskCustomer = z.infer<typeof atRiskCustomer>;

export const trendPoint = z.object({
  day,
  averageScore: z.nullable(z.number()),
  scored: count,
  high_risk: count,
  medium: count,
  healthy: count,
});
export type TrendPoint = z.infer<typeof trendPoint>;

export const successOverviewResponse = z.object({
  asOf: timestamp,
  day: day.check(z.describe('The as-of day: the latest health and risk on or before it are read')),
  currency: currencyCode,
  distribution: z.object({
    bands: z.array(bandShare),
    unscored: z.object({ customers: count, mrr: minorUnits }).check(z.describe('Paying customers without a health score yet')),
    histogram: z.array(histogramBucket),
    averageScore: z.nullable(z.number()),
    partial: count.check(z.describe('Scored customers whose score lacks a component (e.g. no usage data)')),
  }),
  atRisk: z.object({
    customers: count.check(z.describe('Paying customers in the high-risk band or with churn risk ≥ 0.5')),
    mrr: minorUnits.check(z.describe('Their MRR summed: the MRR at risk')),
    top: z.array(atRiskCustomer).check(z.describe('The 20 with the most MRR at risk')),
  }),
  trend: z.array(trendPoint).check(z.describe('Per snapshot day over the last 90 days ending on the as-of day')),
  alerts: z.object({ open: count, byKind: z.array(z.object({ kind: z.string(), open: count })) }),
  expansion: z.object({ opportunities: count, customers: count }),
  onboarding: z.object({ customers: count, completed: count, stuck: count }),
  notes: z.array(figureNote),
});
export type SuccessOverviewResponse = z.infer<typeof successOverviewResponse>;
