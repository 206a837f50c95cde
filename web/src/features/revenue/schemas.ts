// What the revenue endpoints answer: the monthly report, MRR by plan and by currency, payment
// health and the FX explanation (docs/api.md).
import * as z from 'zod/mini';

export const rateSchema = z.object({ value: z.nullable(z.number()), reason: z.optional(z.string()) });
export type Rate = z.infer<typeof rateSchema>;

// The monthly report: its contract (src/read/periods), shared with the API route and the CLI.
export { monthlyResponse as monthlySchema, type MonthlyReport, type MonthlyRow as MonthlyReportRow } from '@read/periods/contract.js';
export type { Movements } from '@read/contract-common.js';

// MRR by plan and by currency, and payment health: their contracts (src/read/breakdowns,
// src/read/payments), shared with the API routes. Re-exported under the names the screens use.
export { byCurrencyResponse as byCurrencySchema, byPlanResponse as byPlanSchema, type ByCurrencyResponse as ByCurrency, type ByPlanResponse as ByPlan } from '@read/breakdowns/contract.js';
export { paymentsHealthResponse as paymentsHealthSchema, type Bucket, type PaymentsHealthResponse as PaymentsHealth } from '@read/payments/contract.js';

/** GET /v1/explain: its contract (src/read/explain); the revenue screen reads the `fx` groups (the FX effect per currency). */
export { explainResponse as explainSchema, type ExplainResponse as Explanation } from '@read/explain/contract.js';
