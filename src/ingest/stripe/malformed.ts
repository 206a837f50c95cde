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

/** A field whose value is beyond what the engine represents exactly (src/core/bounds.ts):
 *  transformStripeEvent drops the event with the reason 'out_of_range'. */
export class OutOfRangeField extends MalformedField {
  constructor(path: string, message: string) {
    super(path, message);
    this.name = 'OutOfRangeField';
  }
}

function isOutOfRange(issue: z.core.$ZodIssue | undefined): boolean {
  if (!issue) return false;
  if (issue.code === 'too_big') return true;
  if (issue.code === 'too_small') return Number(issue.minimum) < 0;
  return issue.code === 'custom' && (issue.params as { outOfRange?: boolean } | undefined)?.outOfRange === true;
}

/** Parses with a zod schema, throwing MalformedField for the first field that does not fit
 *  (OutOfRangeField when it does not fit because it is too large). */
export function parseObject<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const [first] = result.error.issues;
  const path = first ? first.path.map(String).join('.') : '';
  const more = result.error.issues.length > 1 ? ` (+${result.error.issues.length - 1} more)` : '';
  const message = `${first?.message ?? 'invalid'}${more}`;
  throw isOutOfRange(first) ? new OutOfRangeField(path, message) : new MalformedField(path, message);
}
