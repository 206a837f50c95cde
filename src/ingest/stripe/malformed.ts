// The one error a Stripe transform throws: a field of the event's object that does not fit what
// we read. transformStripeEvent turns it into a 'malformed' drop whose detail names the field.
import type { z } from 'zod';

export class MalformedField extends Error {
  /** Dotted path inside `data.object`, e.g. `items.data.0.price.recurring`. */
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.name = 'MalformedField';
    this.path = path;
  }
}

/** Parses with a zod schema, throwing MalformedField for the first field that does not fit. */
export function parseObject<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const [first] = result.error.issues;
  const path = first ? first.path.map(String).join('.') : '';
  const more = result.error.issues.length > 1 ? ` (+${result.error.issues.length - 1} more)` : '';
  throw new MalformedField(path, `${first?.message ?? 'invalid'}${more}`);
}
