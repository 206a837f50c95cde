// What a correctly signed webhook body must be before it is stored: UTF-8 JSON that PostgreSQL's
// jsonb can hold and our code can walk. jsonb refuses the NUL character (\u0000) and unpaired
// UTF-16 surrogates (\ud800) in any string, and a body nested thousands of levels deep would
// exhaust the stack of whatever walks it next (JSON.stringify, the database's parser); each used
// to surface as a 500 after the signature had passed. Pure: the webhook receipt calls it after the
// signature check and before anything touches the database.

/** Objects and arrays nested deeper than this are refused. Stripe's events nest about ten deep
 *  (event → data → object → items → data → price → recurring …), expansions a few more. */
export const MAX_JSON_DEPTH = 64;

export type BodyProblem =
  | { reason: 'body'; message: string; detail: string }
  | { reason: 'text'; message: string; detail: string }
  | { reason: 'depth'; message: string; detail: string };

export type ParsedBody = { ok: true; json: unknown } | ({ ok: false } & BodyProblem);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A NUL, or a high surrogate not followed by a low one, or a low one not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type Frame = { value: unknown; depth: number; key: string | number | null; parent: Frame | null };

/** A readable path to a frame (`data.object.name`, `items.0`), cut short for messages. */
function pathOf(frame: Frame): string {
  const parts: string[] = [];
  for (let f: Frame | null = frame; f && f.key !== null; f = f.parent) parts.push(String(f.key));
  const path = parts
    .reverse()
    .map((p) => (/^[\w-]{1,64}$/.test(p) ? p : JSON.stringify(p).slice(0, 66)))
    .join('.');
  return path.length > 200 ? `${path.slice(0, 200)}…` : path || '(the body)';
}

function describeText(text: string): string {
  return text.includes('\u0000') ? 'a NUL character (\\u0000)' : 'an unpaired UTF-16 surrogate (such as \\ud800)';
}

/**
 * Decodes and parses a webhook body, refusing: an empty body, bytes that are not UTF-8, text that
 * is not JSON (`body`); a string or key holding NUL or an unpaired surrogate (`text`); objects
 * and arrays nested more than MAX_JSON_DEPTH levels (`depth`). The walk is iterative.
 */
export function parseWebhookBody(raw: Buffer): ParsedBody {
  if (raw.length === 0) return { ok: false, reason: 'body', message: 'The webhook body is empty.', detail: 'empty' };
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return { ok: false, reason: 'body', message: 'The webhook body is not valid UTF-8.', detail: 'invalid utf-8' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'body', message: 'The webhook body is not valid JSON.', detail: (error as Error).message.slice(0, 200) };
  }
  const stack: Frame[] = [{ value: json, depth: 0, key: null, parent: null }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value } = frame;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) {
        return { ok: false, reason: 'text', message: `The webhook body has ${describeText(value)} in the string at ${pathOf(frame)}, which cannot be stored.`, detail: pathOf(frame) };
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const depth = frame.depth + 1;
    if (depth > MAX_JSON_DEPTH) {
      return { ok: false, reason: 'depth', message: `The webhook body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep.`, detail: pathOf(frame) };
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth, key: i, parent: frame });
    } else {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        if (UNSTORABLE.test(key)) {
          return { ok: false, reason: 'text', message: `The webhook body has ${describeText(key)} in a key under ${pathOf(frame)}, which cannot be stored.`, detail: pathOf(frame) };
        }
        stack.push({ value: item, depth, key, parent: frame });
      }
    }
  }
  return { ok: true, json };
}
