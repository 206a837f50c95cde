// GET /v1/payments/health: charges, declines, refunds, disputes and recoveries over a range, in
// the reporting currency. The route serialises with it and the Revenue screen parses with it.
import * as z from 'zod/mini';
import { count, currencyCode, day, minorUnits, rateValue } from '../contract-common.js';

export const bucket = z.object({ count, amount: minorUnits });
export type Bucket = z.infer<typeof bucket>;

export const paymentsHealthResponse = z.object({
  from: day,
  to: day.check(z.describe('The last day counted: the `to` asked for, never later than the as-of day')),
  currency: currencyCode,
  succeeded: bucket,
  failed: bucket,
  successRate: rateValue,
  declines: z.array(z.object({ code: z.string(), count, amount: minorUnits })).check(z.describe('Failed charges by decline code; counts and amounts sum exactly to `failed`')),
  refunds: bucket,
  disputes: z.object({ count, amount: minorUnits, lost: count }),
  recovered: bucket,
  series: z.array(
    z.object({
      period: z.string(),
      start: day,
      end: day,
      succeeded: bucket,
      failed: bucket,
      successRate: rateValue,
      refunds: bucket,
      disputes: bucket,
      recovered: bucket,
    }),
  ),
});
export type PaymentsHealthResponse = z.infer<typeof paymentsHealthResponse>;
