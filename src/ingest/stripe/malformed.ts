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

type Issue = z.core.$ZodIssue;

function isOutOfRange(issue: Issue | undefined): boolean {
  if (!issue) return false;
  if (issue.code === 'too_big') return true;
  if (issue.code === 'too_small') return Number(issue.minimum) < 0;
  return issue.code === 'custom' && (issue.params as { outOfRange?: boolean } | undefined)?.outOfRange === true;
}

/**
 * The issue to report. When no branch of a union fits (an expandable field sent expanded, say),
 * zod reports the union itself; if exactly one branch got past the value's type and failed on a
 * field inside it, that field is what is wrong, so it is reported with its full path.
 */
function innermost(issue: Issue, path: readonly PropertyKey[]): { issue: Issue; path: readonly PropertyKey[] } {
  if (issue.code !== 'invalid_union') return { issue, path: [...path, ...issue.path] };
  const inside = issue.errors.filter((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0));
  const [branch] = inside;
  if (inside.length !== 1 || !branch?.[0]) return { issue, path: [...path, ...issue.path] };
  return innermost(branch[0], [...path, ...issue.path]);
}

/** Parses with a zod schema, throwing MalformedField for the first field that does not fit
 *  (OutOfRangeField when it does not fit because it is too large). */
export function parseObject<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const [first] = result.error.issues;
  const found = first ? innermost(first, []) : undefined;
  const path = found ? found.path.map(String).join('.') : '';
  const more = result.error.issues.length > 1 ? ` (+${result.error.issues.length - 1} more)` : '';
  const message = `${found?.issue.message ?? 'invalid'}${more}`;
  throw isOutOfRange(found?.issue) ? new OutOfRangeField(path, message) : new MalformedField(path, message);
}
