// GET /v1/metrics/cohorts (docs/api.md): per first-paid month, retention by age in months.
import * as z from 'zod/mini';
import { currencyCodeSchema, minorUnitsSchema } from '../../lib/schemas.js';

export const COHORT_KINDS = ['logo', 'revenue'] as const;
export type CohortKind = (typeof COHORT_KINDS)[number];

const cell = z.nullable(z.number());

export const cohortsSchema = z.object({
  kind: z.enum(COHORT_KINDS),
  currency: currencyCodeSchema,
  asOf: z.string(),
  maxAge: z.int(),
  cohorts: z.array(z.object({ cohort: z.string(), customers: z.int(), startMrr: minorUnitsSchema, retention: z.array(cell), values: z.array(cell) })),
  average: z.array(z.object({ age: z.int(), retention: cell, cohorts: z.int() })),
});
export type Cohorts = z.infer<typeof cohortsSchema>;
