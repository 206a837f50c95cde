// The webhook fast path: verify, store once, answer. Everything heavier (transform, upsert,
// ledger, live messages) happens in the worker, driven from the stored events table.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { SecretBox } from '../store/secret-box.js';
import { findSourceForIngest } from '../store/sources-repo.js';
import { insertRawEvents } from '../store/raw-events-repo.js';
import { stripeEnvelope } from './envelope.js';
import { SignatureError, verifyStripeSignature } from './stripe/verify-signature.js';

export type ReceiveResult =
  | { ok: true; duplicate: boolean; eventId: string; workspaceId: string }
  | { ok: false; reason: 'source_not_found' | 'signature' | 'payload'; message: string };

export async function receiveStripeWebhook(
  db: Kysely<Database>,
  box: SecretBox,
  input: { sourceId: string; rawBody: Buffer; signature: string | undefined },
): Promise<ReceiveResult> {
  const source = await findSourceForIngest(db, box, input.sourceId);
  if (!source || source.provider !== 'stripe') {
    return { ok: false, reason: 'source_not_found', message: `No Stripe source with id ${input.sourceId}.` };
  }
  if (!source.webhookSecret) {
    return { ok: false, reason: 'signature', message: 'This source has no webhook signing secret configured.' };
  }
  try {
    verifyStripeSignature(input.rawBody, input.signature, source.webhookSecret);
  } catch (error) {
    if (error instanceof SignatureError) return { ok: false, reason: 'signature', message: `Signature check failed: ${error.message}` };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(input.rawBody.toString('utf8'));
  } catch {
    return { ok: false, reason: 'payload', message: 'The body is not valid JSON.' };
  }
  const parsed = stripeEnvelope.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'payload', message: `Not a Stripe event: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim() };
  }
  const event = parsed.data;
  const inserted = await insertRawEvents(db, [
    {
      workspaceId: source.workspaceId,
      sourceId: source.id,
      eventId: event.id,
      type: event.type,
      created: event.created,
      livemode: event.livemode,
      payload: json,
    },
  ]);
  return { ok: true, duplicate: !inserted.has(event.id), eventId: event.id, workspaceId: source.workspaceId };
}
