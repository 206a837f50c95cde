// Opaque cursors for keyset pagination: the position after the last item of a page, as
// base64url JSON. A cursor that does not decode to the expected shape is a validation error.
import type { z } from 'zod';
import { ApiError } from './errors.js';

export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(cursor: string | undefined, schema: T): z.output<T> | null {
  if (cursor === undefined) return null;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))) as z.output<T>;
  } catch {
    throw new ApiError('RVP_VALIDATION', 'cursor: not a cursor this list gave out');
  }
}
