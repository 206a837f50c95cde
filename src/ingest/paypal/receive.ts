// The PayPal webhook fast path, the twin of receiveStripeWebhook (../receive.ts): verify, store
// once, answer; the worker transforms stored events later.
//
// Order: the source (a PayPal one, with its webhook id), then the signature over the raw bytes
// (verify-signature.ts: anything unsigned or wrongly signed is a signature failure, whatever it
// holds), then the body (UTF-8 JSON the database can store), the notification's envelope and its
// create_time in the same range as a Stripe event's created. Only a delivery that passes all of
// them is stored, keyed on the event id, so PayPal's redeliveries are stored once.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { SecretBox } from '../../store/secret-box.js';
import { findSourceForIngest } from '../../store/sources-repo.js';
import { insertRawEvents } from '../../store/raw-events-repo.js';
import { EARLIEST_EVENT_CREATED, EVENT_CREATED_FUTURE_SECONDS, type ReceiveResult } from '../receive.js';
import { parseWebhookBody } from '../webhook-body.js';
import type { PaypalCertCache, PaypalCertSource } from './cert-cache.js';
import { paypalCreated, paypalEnvelope } from './envelope.js';
import { PaypalSignatureError, readPaypalHeaders, verifyPaypalSignature } from './verify-signature.js';

export type PaypalDelivery = {
  sourceId: string;
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  now: Date;
  /** Tests only: another certificate host (and its CA). Default: PayPal's own hosts. */
  certSource?: PaypalCertSource;
  certCache?: PaypalCertCache;
};

export async function receivePaypalWebhook(db: Kysely<Database>, box: SecretBox, input: PaypalDelivery): Promise<ReceiveResult> {
  const source = await findSourceForIngest(db, box, input.sourceId);
  if (!source || source.provider !== 'paypal') {
    return { ok: false, reason: 'source_not_found', message: `No PayPal source with id ${input.sourceId}.` };
  }
  const webhookId = source.config['webhookId'];
  if (typeof webhookId !== 'string' || webhookId === '') {
    return { ok: false, reason: 'signature', message: 'This source has no PayPal webhook id configured.' };
  }
  try {
    await verifyPaypalSignature(input.rawBody, readPaypalHeaders(input.headers), webhookId, input.now, {
      ...(input.certSource ? { source: input.certSource } : {}),
      ...(input.certCache ? { cache: input.certCache } : {}),
    });
  } catch (error) {
    if (error instanceof PaypalSignatureError) return { ok: false, reason: 'signature', message: `Signature check failed: ${error.message}` };
    throw error;
  }
  const body = parseWebhookBody(input.rawBody);
  if (!body.ok) return body;
  const parsed = paypalEnvelope.safeParse(body.json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'payload', message: `Not a PayPal event: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim() };
  }
  const event = parsed.data;
  const created = paypalCreated(event);
  const latest = Math.floor(input.now.getTime() / 1000) + EVENT_CREATED_FUTURE_SECONDS;
  if (created < EARLIEST_EVENT_CREATED || created > latest) {
    return {
      ok: false,
      reason: 'created',
      message: `The event's create_time (${event.create_time}) is out of range: it must be from 2009-01-01 to at most 24 hours past the server's clock.`,
    };
  }
  const inserted = await insertRawEvents(db, [
    {
      workspaceId: source.workspaceId,
      sourceId: source.id,
      eventId: event.id,
      type: event.event_type,
      created,
      livemode: source.mode === 'live',
      payload: body.json,
    },
  ]);
  return { ok: true, duplicate: !inserted.has(event.id), eventId: event.id, workspaceId: source.workspaceId };
}
