// GET /v1/metrics/forecast: month-end MRR history and the forecast from the as-of month on, with
// its 80% interval (docs/metrics.md section 13). Route and dashboard both use it.
import * as z from 'zod/mini';
import { currencyCode, minorUnits } from '../contract-common.js';

const month = z.string().check(z.regex(/^\d{4}-\d{2}$/));

export const forecastResponse = z.object({
  currency: currencyCode,
  history: z.array(z.object({ month, mrr: minorUnits })),
  forecast: z.array(
    z.object({
      month,
      mrr: minorUnits,
      low: z.nullable(minorUnits).check(z.describe('Lower bound of the 80% interval (null with fewer than 4 months of history)')),
      high: z.nullable(minorUnits),
    }),
  ),
});
export type ForecastResponse = z.infer<typeof forecastResponse>;
