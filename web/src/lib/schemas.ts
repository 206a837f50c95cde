// Schema pieces shared by the API resources and live messages.
import * as z from 'zod/mini';

/** Lower-case ISO 4217 code, as the API sends it. */
export const currencyCodeSchema = z.string().check(z.regex(/^[a-z]{3}$/));

/** ISO 8601 timestamp with Z or an offset. */
export const timestampSchema = z.iso.datetime({ offset: true });

/** Integer minor units (safe integer; negative allowed for deltas and refunds). */
export const minorUnitsSchema = z.int();
