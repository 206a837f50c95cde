// Building blocks for the zod schemas of the Stripe objects we read. Schemas list only the fields
// the transforms read; unknown fields are stripped. A field is required only when the records
// cannot be built without it; every other field we read is optional, with the default Stripe's
// own semantics give it (a missing nullable field means null — `orNull` — and missing metadata
// means none). The list of required fields per object is in docs/ingestion.md and is pinned by
// test/unit/ingest/stripe/field-removal.test.ts.
import { z } from 'zod';
import { MAX_AMOUNT_MINOR, MAX_QUANTITY } from '../../../core/bounds.js';

/** An expandable reference: Stripe sends an id, or the object (with its id) when expanded. */
export const ref = z.union([z.string(), z.object({ id: z.string() })]);
export type Ref = z.infer<typeof ref>;

export function refId(value: Ref): string;
export function refId(value: Ref | null | undefined): string | null;
export function refId(value: Ref | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

export const timestamp = z.int().nonnegative();
const beyond = (what: string, max: number) => `${what} beyond ${max.toExponential()} is out of range (the largest Revpulse represents exactly)`;
export const amount = z.int().min(-MAX_AMOUNT_MINOR, beyond('an amount', MAX_AMOUNT_MINOR)).max(MAX_AMOUNT_MINOR, beyond('an amount', MAX_AMOUNT_MINOR));
export const quantity = z.int().nonnegative().max(MAX_QUANTITY, beyond('a quantity', MAX_QUANTITY));
export const currency = z.string().regex(/^[A-Za-z]{3}$/, 'expected a three-letter currency code');
/** Metadata: missing (or null, as on a Plan or Coupon) means none. */
export const metadata = z
  .record(z.string(), z.string())
  .nullish()
  .transform((value) => value ?? {});

/** A nullable field that a payload may also omit: missing means null, as Stripe's null does. */
export function orNull<T extends z.ZodType>(schema: T) {
  return schema.nullable().default(null);
}

/** The `object` discriminator: never needed, but when present it must name the right kind. */
export function kind<const K extends string>(name: K) {
  return z.literal(name).optional();
}

/** Stripe's *_decimal fields: a plain decimal string with up to 12 decimal places. */
export const decimalString = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string')
  .refine((v) => v.replace(/^-?0*/, '').split('.')[0]!.length <= String(MAX_AMOUNT_MINOR).length - 1, {
    message: beyond('an amount', MAX_AMOUNT_MINOR),
    params: { outOfRange: true },
  });

/** Stripe's paginated list envelope, as embedded in objects (items, lines, refunds). */
export function list<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), has_more: z.boolean().optional() });
}
