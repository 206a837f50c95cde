// GET /v1/customers/:id/risk (one paying customer's churn risk as of a day, with its top three
// reasons) and GET /v1/success/model (the workspace's active churn model and how well it did).
// The route serialises with these and the web app parses with them: the shapes exist once.
import * as z from 'zod/mini';
import { count, day, timestamp } from '../contract-common.js';

/** The rules baseline (a transparent points model) or the workspace's logistic regression. */
export const CHURN_MODEL_KINDS = ['rules', 'logistic'] as const;
export const churnModelKind = z.enum(CHURN_MODEL_KINDS);
export type ChurnModelKind = z.infer<typeof churnModelKind>;

/** low < 0.2 ≤ medium < 0.5 ≤ high (RISK_BAND_FLOORS in src/core/churn-score.ts). */
export const RISK_BANDS = ['low', 'medium', 'high'] as const;
export const riskBand = z.enum(RISK_BANDS);
export type RiskBand = z.infer<typeof riskBand>;

const probability = z.number().check(z.gte(0), z.lte(1));

/** Why a score is high: a feature that pushed it up, worded for a person. */
export const riskReason = z.object({
  feature: z.string().check(z.describe('The feature name, e.g. usage_trend_30d')),
  label: z.string().check(z.describe('The reason worded for a person, e.g. "usage down 42% vs previous 30 days"')),
  contribution: z.number().check(z.describe('How much it raised the score: coefficient × standardised value (logistic), or points (rules)')),
  value: z.number().check(z.describe("The feature's value for this customer and day")),
});
export type RiskReason = z.infer<typeof riskReason>;

export const churnModelRef = z.object({
  id: z.string(),
  kind: churnModelKind,
  trainedAt: z.nullable(timestamp).check(z.describe('When it was trained; null for the built-in rules before any training ran')),
  auc: z.optional(z.number()),
});
export type ChurnModelRef = z.infer<typeof churnModelRef>;

export const customerRiskResponse = z.object({
  customerId: z.string(),
  day: day.check(z.describe('The day scored: the as-of day')),
  probability: probability.check(z.describe('Probability that the customer churns (MRR to 0) within 60 days after `day`')),
  band: z.optional(riskBand),
  model: churnModelRef,
  reasons: z.array(riskReason).check(z.describe('The (up to) three features that raised the score most, largest first')),
  asOf: timestamp,
});
export type CustomerRiskResponse = z.infer<typeof customerRiskResponse>;

/** How a model did on the sample days after its time split (or on its training rows when the
 *  history was too short to split). Null figures: not computable (no churn in the test rows…). */
export const churnEvaluation = z.object({
  auc: z.nullable(z.number()),
  precisionTopDecile: z.nullable(z.number()),
  baseRate: z.nullable(z.number()).check(z.describe('Share of test rows whose customer churned within 60 days')),
  trainRows: count,
  testRows: count,
  churnedCustomers: count.check(z.describe('Distinct customers with a churn label in the whole training set')),
  cutoffDay: z.nullable(day).check(z.describe('Sample days before it trained the model, days from it tested it')),
  rulesAuc: z.optional(z.nullable(z.number()).check(z.describe('The rules baseline\'s AUC on the same test rows'))),
  leadTimeDays: z.optional(z.nullable(z.number()).check(z.describe('Median days from a churner\'s first top-decile score to its churn (test rows)'))),
});
export type ChurnEvaluation = z.infer<typeof churnEvaluation>;

export const churnModelFeature = z.object({
  feature: z.string(),
  weight: z.number().check(z.describe('Coefficient on the standardised feature (logistic), or the points it can add (rules)')),
});

export const churnModelResponse = z.object({
  model: z.object({
    id: z.string(),
    kind: churnModelKind,
    trainedAt: z.nullable(timestamp),
    rows: count.check(z.describe('Training rows (customer × sample day)')),
    evaluation: z.nullable(churnEvaluation),
    features: z.array(churnModelFeature),
    note: z.optional(z.string().check(z.describe('Why the rules baseline is in use, when it is'))),
  }),
  minChurnedCustomers: count.check(z.describe('Churned customers with signals the history needs before a logistic model replaces the rules')),
});
export type ChurnModelResponse = z.infer<typeof churnModelResponse>;
