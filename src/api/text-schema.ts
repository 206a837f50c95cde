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
