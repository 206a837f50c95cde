// What the revenue endpoints answer: the monthly report, MRR by plan and by currency, payment
// health and the FX explanation (docs/api.md).
import * as z from 'zod/mini';
import { currencyCodeSchema, minorUnitsSchema } from '../../lib/schemas.js';

export const rateSchema = z.object({ value: z.nullable(z.number()), reason: z.optional(z.string()) });
export type Rate = z.infer<typeof rateSchema>;

const movementsSchema = z.object({
  new: minorUnitsSchema,
  expansion: minorUnitsSchema,
  contraction: minorUnitsSchema,
  churn: minorUnitsSchema,
  reactivation: minorUnitsSchema,
  fx: minorUnitsSchema,
});
export type Movements = z.infer<typeof movementsSchema>;

export const monthlySchema = z.object({
  currency: currencyCodeSchema,
  months: z.array(
    z.object({ month: z.string(), mrr: minorUnitsSchema, arr: minorUnitsSchema, customers: z.int(), arpa: minorUnitsSchema, movements: movementsSchema }),
  ),
});
export type MonthlyReport = z.infer<typeof monthlySchema>;
export type MonthlyReportRow = MonthlyReport['months'][number];

export const byPlanSchema = z.object({
  date: z.string(),
  currency: currencyCodeSchema,
  mrr: minorUnitsSchema,
  plans: z.array(
    z.object({ planId: z.string(), planName: z.string(), mrr: minorUnitsSchema, customers: z.int(), share: z.nullable(z.number()), byCurrency: z.record(z.string(), minorUnitsSchema) }),
  ),
});
export type ByPlan = z.infer<typeof byPlanSchema>;

export const byCurrencySchema = z.object({
  date: z.string(),
  currency: currencyCodeSchema,
  mrr: minorUnitsSchema,
  currencies: z.array(
    z.object({ currency: currencyCodeSchema, native: minorUnitsSchema, mrr: minorUnitsSchema, customers: z.int(), share: z.nullable(z.number()), rate: z.string() }),
  ),
});
export type ByCurrency = z.infer<typeof byCurrencySchema>;

const bucketSchema = z.object({ count: z.int(), amount: minorUnitsSchema });
export type Bucket = z.infer<typeof bucketSchema>;

export const paymentsHealthSchema = z.object({
  from: z.string(),
  to: z.string(),
  currency: currencyCodeSchema,
  succeeded: bucketSchema,
  failed: bucketSchema,
  successRate: rateSchema,
  declines: z.array(z.object({ code: z.string(), count: z.int(), amount: minorUnitsSchema })),
  refunds: bucketSchema,
  disputes: z.object({ count: z.int(), amount: minorUnitsSchema, lost: z.int() }),
  recovered: bucketSchema,
  series: z.array(
    z.object({
      period: z.string(),
      start: z.string(),
      end: z.string(),
      succeeded: bucketSchema,
      failed: bucketSchema,
      successRate: rateSchema,
      refunds: bucketSchema,
      disputes: bucketSchema,
      recovered: bucketSchema,
    }),
  ),
});
export type PaymentsHealth = z.infer<typeof paymentsHealthSchema>;

/** GET /v1/explain; the revenue screen reads the `fx` groups (the FX effect per currency). */
export const explainSchema = z.object({
  metric: z.string(),
  from: z.nullable(z.string()),
  to: z.string(),
  currency: currencyCodeSchema,
  total: minorUnitsSchema,
  groups: z.array(z.object({ currency: z.nullable(z.string()), native: minorUnitsSchema, reporting: minorUnitsSchema })),
  lines: z.array(z.object({ customerId: z.string(), name: z.nullable(z.string()), currency: z.nullable(z.string()), amount: z.int(), days: z.array(z.string()) })),
  nextCursor: z.nullable(z.string()),
});
export type Explanation = z.infer<typeof explainSchema>;
