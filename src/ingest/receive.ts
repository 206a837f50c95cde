// The webhook fast path: verify, store once, answer. Everything heavier (transform, upsert,
// ledger, live messages) happens in the worker, driven from the stored events table.
//
// Order: the source, then the signature over the raw bytes (unsigned or wrongly signed input is a
// signature failure, whatever it holds), then the body — UTF-8 JSON that the database can store
// (webhook-body.ts) — then the event's envelope, its `created` time and its Stripe account. Only
// an event that passes all of them is stored; every refusal is a 4xx that names the problem.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { SecretBox } from '../store/secret-box.js';
import { findSourceForIngest } from '../store/sources-repo.js';
import { insertRawEvents } from '../store/raw-events-repo.js';
import { stripeEnvelope } from './envelope.js';
import { SignatureError, verifyStripeSignature } from './stripe/verify-signature.js';
import { parseWebhookBody, type BodyProblem } from './webhook-body.js';

/** No Stripe event was created before 2009-01-01T00:00:00Z (Stripe started in 2010). */
export const EARLIEST_EVENT_CREATED = 1_230_768_000;
/** How far past our clock an event's `created` may be (clock skew, generously): 24 hours. */
export const EVENT_CREATED_FUTURE_SECONDS = 86_400;

export type ReceiveFailure =
  | { ok: false; reason: 'source_not_found' | 'signature' | 'payload' | 'created' | 'account'; message: string }
  | ({ ok: false } & BodyProblem);

export type ReceiveResult = { ok: true; duplicate: boolean; eventId: string; workspaceId: string } | ReceiveFailure;

export async function receiveStripeWebhook(
  db: Kysely<Database>,
  box: SecretBox,
  input: {
    sourceId: string;
    rawBody: Buffer;
    signature: string | undefined;
    now: Date;
    /** A signing secret that is published (the demo's, while the demo is off): a source using it is refused. */
    refusedSecret?: string | undefined;
  },
): Promise<ReceiveResult> {
  const source = await findSourceForIngest(db, box, input.sourceId);
  if (!source || source.provider !== 'stripe') {
    return { ok: false, reason: 'source_not_found', message: `No Stripe source with id ${input.sourceId}.` };
  }
  if (!source.webhookSecret) {
    return { ok: false, reason: 'signature', message: 'This source has no webhook signing secret configured.' };
  }
  if (input.refusedSecret !== undefined && source.webhookSecret === input.refusedSecret) {
    return {
      ok: false,
      reason: 'signature',
      message: "This source's signing secret is the demo's published one, accepted only while the demo is on (REVPULSE_DEMO=true): give the source a secret of its own.",
    };
  }
  try {
    verifyStripeSignature(input.rawBody, input.signature, source.webhookSecret, input.now);
  } catch (error) {
    if (error instanceof SignatureError) return { ok: false, reason: 'signature', message: `Signature check failed: ${error.message}` };
    throw error;
  }
  const body = parseWebhookBody(input.rawBody);
  if (!body.ok) return body;
  const parsed = stripeEnvelope.safeParse(body.json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'payload', message: `Not a Stripe event: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim() };
  }
  const event = parsed.data;
  const latest = Math.floor(input.now.getTime() / 1000) + EVENT_CREATED_FUTURE_SECONDS;
  if (event.created < EARLIEST_EVENT_CREATED || event.created > latest) {
    return {
      ok: false,
      reason: 'created',
      message: `The event's created (${event.created}) is out of range: it must be a Unix time in seconds from 2009-01-01 to at most 24 hours past the server's clock.`,
    };
  }
  // A source is one Stripe account's own endpoint, never a Connect platform's: Stripe sets
  // `account` only on events of connected accounts, which are not this source's data.
  const account = (event as { account?: unknown }).account;
  if (account !== undefined && account !== null) {
    const named = typeof account === 'string' ? ` ${account.slice(0, 255)}` : '';
    return {
      ok: false,
      reason: 'account',
      message: `The event belongs to the connected Stripe account${named}, not to this source's own account: point Connect webhooks elsewhere.`,
    };
  }
  const inserted = await insertRawEvents(db, [
    {
      workspaceId: source.workspaceId,
      sourceId: source.id,
      eventId: event.id,
      type: event.type,
      created: event.created,
      livemode: event.livemode,
      payload: body.json,
    },
  ]);
  return { ok: true, duplicate: !inserted.has(event.id), eventId: event.id, workspaceId: source.workspaceId };
}
