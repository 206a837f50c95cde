// Building blocks for the zod schemas of the PayPal resources we read (Subscriptions v1 and
// Payments v1 as delivered in webhooks). Schemas list only the fields the transforms read; unknown
// fields are stripped. PayPal omits a field rather than sending null, so optional fields are
// `.optional()` (null is accepted too and read as missing).
import { z } from 'zod';
import { MAX_QUANTITY } from '../../../core/bounds.js';

/** ISO 8601 with a zone ("2026-03-01T10:00:00Z", "…:00.123Z", "…+02:00") → unix seconds. A time
 *  without a zone would be read in the server's zone, so it is refused. */
export const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i, 'expected an ISO 8601 time with a zone (e.g. 2026-03-01T10:00:00Z)')
  .transform((value, ctx) => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: `not a valid time: "${value}"` });
      return z.NEVER;
    }
    return Math.floor(ms / 1000);
  });

export const currencyCode = z.string().regex(/^[A-Za-z]{3}$/, 'expected a three-letter currency code');

/** PayPal's amounts: a decimal string in major units ("49.00", "4900" for JPY). */
export const decimalValue = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string in major units (e.g. "49.00")');

/** Money in the Subscriptions API: { currency_code, value }. */
export const money = z.object({ currency_code: currencyCode, value: decimalValue });
export type PaypalMoney = z.infer<typeof money>;

/** A count PayPal sends as a string ("1") or, in older payloads, a number: a positive integer. */
export const positiveCount = z
  .union([z.string().regex(/^\d+$/, 'expected a whole number'), z.int()])
  .transform((value) => Number(value))
  .pipe(z.int().positive('expected a positive whole number').max(MAX_QUANTITY, `a quantity beyond ${MAX_QUANTITY.toExponential()} is out of range`));

export const link = z.object({ href: z.string(), rel: z.string().optional(), method: z.string().optional() });

/** Optional in PayPal's sense: missing, and null read as missing. */
export function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? undefined);
}
