// Response pieces every read-side contract is built from. Contracts are written in zod/mini and
// import nothing but zod/mini and each other: the API route serialises with them and the web app
// parses with them, so a response shape exists exactly once.
import * as z from 'zod/mini';

/** Lower-case ISO 4217 code, as the API sends it. */
export const currencyCode = z.string().check(z.regex(/^[a-z]{3}$/));

/** ISO 8601 timestamp with Z or an offset. */
export const timestamp = z.iso.datetime({ offset: true });

/** A calendar day, YYYY-MM-DD (UTC). */
export const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/** Integer minor units (safe integer; negative allowed for deltas and refunds). */
export const minorUnits = z.int();

/** A count of things: a non-negative integer. */
export const count = z.int().check(z.nonnegative());

/** A ratio or other computed rate; `null` with a reason when undefined (no MRR to start from…). */
export const rateValue = z.object({ value: z.nullable(z.number()), reason: z.optional(z.string()) });
export type RateValue = z.infer<typeof rateValue>;

/** The five MRR movements and the FX adjustment, in minor units of the reporting currency. */
export const movements = z.object({ new: z.int(), expansion: z.int(), contraction: z.int(), churn: z.int(), reactivation: z.int(), fx: z.int() });
export type Movements = z.infer<typeof movements>;
