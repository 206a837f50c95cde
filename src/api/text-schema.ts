// Shapes for free text and ids taken from requests. PostgreSQL refuses NUL in text, so NUL is
// refused here, as a validation error naming the field, before it reaches a query.
import { z } from 'zod';

export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes('\u0000'), { error: 'must not contain NUL characters' });

/** Ids we generate (ws_…, usr_…, rvp_…): letters, digits, _ and -. */
export const idParam = z.string().min(1).max(100).regex(/^[\w-]+$/, 'must be an id');

/** A provider's customer id as stored: Stripe's cus_…, PayPal's paypal_…, an import's
 *  `<source>:<external id>` — any text up to 255 characters but control characters. */
export const customerIdParam = z
  .string()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex
  .refine((id) => !/[\u0000-\u001f\u007f]/.test(id), { error: 'must be a customer id (no control characters)' });
