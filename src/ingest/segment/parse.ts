// Step 1 of the tracking pipeline (parse → normalise → derive ids → store): a request body, as
// text, into Segment messages, or the list of what is wrong with it — each problem naming the
// field and, in a batch, the message's index (`batch[3].event: …`). Pure. Unknown fields are
// kept: the message is stored as it came (minus nothing), so a later reading can use them.
import { z } from 'zod';
import { MAX_BATCH_BYTES, MAX_BATCH_MESSAGES, MAX_EVENT_LENGTH, MAX_ID_LENGTH, MAX_JSON_DEPTH, MAX_MESSAGE_BYTES } from './limits.js';
import { parseLooseTimestamp } from './timestamps.js';

export const SIGNAL_TYPES = ['track', 'identify', 'group', 'page', 'screen'] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];
/** The route a body came to: one of the message types, or a batch of them. */
export type SignalRoute = SignalType | 'batch';

/** An id as SDKs send it: a string, or a number some send for database ids (kept as text). */
const id = z
  .union([z.string(), z.number().finite()])
  .transform((v) => String(v))
  .pipe(z.string().min(1, 'must not be empty').max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`));

const object = z.record(z.string(), z.unknown(), { message: 'must be an object' });

const timestamp = z
  .string({ message: 'must be an ISO 8601 date string' })
  .refine((s) => parseLooseTimestamp(s) !== null, 'must be an ISO 8601 date string (such as 2012-12-02T00:30:08.276Z)');

const common = {
  messageId: id.optional(),
  userId: id.nullish(),
  anonymousId: id.nullish(),
  context: object.optional(),
  integrations: object.optional(),
  timestamp: timestamp.nullish(),
  originalTimestamp: timestamp.nullish(),
  sentAt: timestamp.nullish(),
};

const event = z.string({ message: 'is required for a track call' }).min(1, 'must not be empty').max(MAX_EVENT_LENGTH, `must be at most ${MAX_EVENT_LENGTH} characters`);

const SHAPES = {
  track: z.looseObject({ ...common, event, properties: object.optional() }),
  identify: z.looseObject({ ...common, traits: object.optional() }),
  group: z.looseObject({ ...common, groupId: z.union([z.string(), z.number()], { message: 'is required for a group call' }).pipe(id), traits: object.optional() }),
  page: z.looseObject({ ...common, name: z.string().nullish(), category: z.string().nullish(), properties: object.optional() }),
  screen: z.looseObject({ ...common, name: z.string().nullish(), category: z.string().nullish(), properties: object.optional() }),
} satisfies Record<SignalType, z.ZodType>;

/** A message that passed its type's schema, with its type (ids as strings). */
export type SegmentMessage = Record<string, unknown> & {
  type: SignalType;
  messageId?: string;
  userId?: string | null;
  anonymousId?: string | null;
  context?: Record<string, unknown>;
  timestamp?: string | null;
  originalTimestamp?: string | null;
  sentAt?: string | null;
};

/** What a batch says about all of its messages. */
export type BatchEnvelope = { context: Record<string, unknown> | null; integrations: Record<string, unknown> | null; sentAt: string | null };

export type ParseIssue = { path: string; message: string };
export type Parsed = { ok: true; messages: SegmentMessage[]; envelope: BatchEnvelope } | { ok: false; issues: ParseIssue[] };

const batchShape = z.looseObject({
  batch: z.array(z.unknown(), { message: 'is required: an array of messages' }).min(1, 'must hold at least one message').max(MAX_BATCH_MESSAGES, `must hold at most ${MAX_BATCH_MESSAGES} messages`),
  context: object.optional(),
  integrations: object.optional(),
  sentAt: timestamp.nullish(),
});

const join = (prefix: string, path: readonly PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join('.');

/** Parses one message for `type` (`where`: its place in the request, '' or 'batch[3]'). */
export function parseMessage(value: unknown, type: SignalType | null, where: string): { ok: true; message: SegmentMessage } | { ok: false; issues: ParseIssue[] } {
  const at = (field: string) => (where ? `${where}.${field}` : field);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, issues: [{ path: where || 'body', message: 'must be a JSON object' }] };
  const given = (value as Record<string, unknown>).type;
  let resolved: SignalType;
  if (type === null) {
    if (typeof given !== 'string' || !(SIGNAL_TYPES as readonly string[]).includes(given)) {
      return { ok: false, issues: [{ path: at('type'), message: `must be one of ${SIGNAL_TYPES.join(', ')}` }] };
    }
    resolved = given as SignalType;
  } else {
    if (given !== undefined && given !== type) return { ok: false, issues: [{ path: at('type'), message: `must be "${type}" on /v1/${type} (or left out)` }] };
    resolved = type;
  }
  const size = Buffer.byteLength(JSON.stringify(value));
  if (size > MAX_MESSAGE_BYTES) return { ok: false, issues: [{ path: where || 'body', message: `is ${size} bytes; a message may be at most ${MAX_MESSAGE_BYTES} bytes (32 KB)` }] };
  const result = SHAPES[resolved].safeParse(value);
  if (!result.success) return { ok: false, issues: result.error.issues.map((i) => ({ path: join(where, i.path), message: i.message })) };
  const message = { ...result.data, type: resolved } as SegmentMessage;
  if (!message.userId && !message.anonymousId) return { ok: false, issues: [{ path: at('userId'), message: 'a userId or an anonymousId is required' }] };
  return { ok: true, message };
}

// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Where the JSON holds what jsonb cannot store (NUL, an unpaired surrogate) or nests too deep. */
export function unstorable(json: unknown): ParseIssue | null {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: json, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) return { path: path || 'body', message: 'holds a NUL character or an unpaired UTF-16 surrogate, which cannot be stored' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > MAX_JSON_DEPTH) return { path: path || 'body', message: `nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep` };
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [key, child] of entries) {
      if (UNSTORABLE.test(key)) return { path: path || 'body', message: 'has a key with a NUL character or an unpaired UTF-16 surrogate, which cannot be stored' };
      stack.push({ value: child, depth: depth + 1, path: Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key });
    }
  }
  return null;
}

/** The body of a request to `route` (text, as received) into its messages. */
export function parseSignalBody(route: SignalRoute, text: string): Parsed {
  const limit = route === 'batch' ? MAX_BATCH_BYTES : MAX_MESSAGE_BYTES;
  if (Buffer.byteLength(text) > limit) return { ok: false, issues: [{ path: 'body', message: `is larger than ${limit / 1024} KB` }] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, issues: [{ path: 'body', message: `is not valid JSON (${(error as Error).message.slice(0, 120)})` }] };
  }
  const problem = unstorable(json);
  if (problem) return { ok: false, issues: [problem] };
  if (route !== 'batch') {
    const one = parseMessage(json, route, '');
    return one.ok ? { ok: true, messages: [one.message], envelope: { context: null, integrations: null, sentAt: null } } : one;
  }
  const envelope = batchShape.safeParse(json);
  if (!envelope.success) return { ok: false, issues: envelope.error.issues.map((i) => ({ path: join('', i.path) || 'body', message: i.message })) };
  const issues: ParseIssue[] = [];
  const messages: SegmentMessage[] = [];
  envelope.data.batch.forEach((item, index) => {
    const one = parseMessage(item, null, `batch[${index}]`);
    if (one.ok) messages.push(one.message);
    else issues.push(...one.issues);
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, messages, envelope: { context: envelope.data.context ?? null, integrations: envelope.data.integrations ?? null, sentAt: envelope.data.sentAt ?? null } };
}

/** The issues as one error message: the first few, and how many more. */
export function describeIssues(issues: readonly ParseIssue[], shown = 5): string {
  const head = issues.slice(0, shown).map((i) => `${i.path}: ${i.message}`).join('; ');
  return issues.length > shown ? `${head}; and ${issues.length - shown} more` : head;
}
